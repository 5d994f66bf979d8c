import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { describeModule } from 'nest-tryton/testing';
import { LoyaltyModule } from '../src';

describeModule(LoyaltyModule);

/** The nest-tryton CLI as installed beside this package, with this package as an extra module. */
const cli = path.join(path.dirname(require.resolve('nest-tryton/package.json')), 'dist/src/cli/main.js');
const env = { ...process.env, MODULE_PATHS: path.resolve(__dirname, '../..'), LOG_LEVEL: 'warn' };
const run = async (...args: string[]) =>
  (await promisify(execFile)(process.execPath, [cli, ...args], { env })).stdout.trim();

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

const decimal = (value: string) => ({ __class__: 'Decimal', decimal: value });

describe('the loyalty module, loaded by the nest-tryton CLI through MODULE_PATHS', () => {
  const db = `loyalty_${randomBytes(4).toString('hex')}`;
  let serve: ChildProcess | undefined;
  let base = '';
  let clerk = '';
  let kiosk = '';

  const api = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}/${db}${url}`, {
      method,
      headers: { authorization: `Bearer ${clerk}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  before(async () => {
    assert.match(await run('db', 'create', db), new RegExp(`Database "${db}" ready`));
    await run('user', 'create', db, '--login', 'clerk', '--groups', 'res.group_admin');
    clerk = (await run('application', 'create', db, '--user', 'clerk')).split('\n').at(-1)!;
    kiosk = (await run('application', 'create', db, '--user', 'clerk', '--name', 'loyalty_kiosk'))
      .split('\n')
      .at(-1)!;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    serve = spawn(process.execPath, [cli, 'serve', '--port', String(port), '--host', '127.0.0.1'], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      serve!.once('exit', (code) => reject(new Error(`serve exited (${code})`)));
      serve!.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('listening')) resolve();
      });
    });
  });

  after(async () => {
    if (serve && serve.exitCode === null) {
      const exited = new Promise((resolve) => serve!.once('exit', resolve));
      serve.kill('SIGTERM');
      await exited;
    }
    await run('db', 'drop', db);
  });

  it('has its tables, created by db create', async () => {
    assert.deepEqual(await api('GET', '/rest/model/loyalty.program'), { status: 200, body: [] });
    assert.deepEqual(await api('GET', '/rest/model/loyalty.card'), { status: 200, body: [] });
  });

  it('answers on its routes: records and a method', async () => {
    const program = await api('POST', '/rest/model/loyalty.program', { name: 'Gold', rate: decimal('2') });
    assert.equal(program.status, 200);
    const party = await api('POST', '/rest/model/party.party', { name: 'Ann' });
    const card = await api('POST', '/rest/model/loyalty.card', {
      number: 'C-001',
      party: party.body.id,
      program: program.body.id,
    });
    assert.equal(card.status, 200);
    const earned = await api('POST', `/rest/model/loyalty.card/${card.body.id}/earn`, { amount: '12.75' });
    assert.deepEqual(earned, { status: 200, body: [{ points: 25 }] });
    const bad = await api('POST', `/rest/model/loyalty.card/${card.body.id}/earn`, { amount: -1 });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /positive decimal string, got -1/);
  });

  it('extends party.party with its cards', async () => {
    const [ann] = (
      await api('GET', `/rest/model/party.party?d=${encodeURIComponent('[["name","=","Ann"]]')}`)
    ).body;
    const read = await api(
      'GET',
      `/rest/model/party.party/${ann.id}?f=loyalty_cards.number&f=loyalty_cards.points`,
    );
    assert.deepEqual(
      read.body.loyalty_cards.map((c: Record<string, unknown>) => [c.number, c.points]),
      [['C-001', 25]],
    );
  });

  it("merges its fields into web_shop's party.party usage", async () => {
    const [ann] = (
      await api('GET', `/rest/model/party.party?d=${encodeURIComponent('[["name","=","Ann"]]')}`, undefined, {
        'X-Tryton-Usage': 'web_shop',
      })
    ).body;
    assert.equal(ann.name, 'Ann');
    assert.ok('addresses' in ann, "web_shop's own fields are still there");
    assert.deepEqual(
      ann.loyalty_cards.map((c: Record<string, any>) => [c.number, c.points, c.program.name]),
      [['C-001', 25, 'Gold']],
    );
  });

  it('serves its application the pyDAL policy it declares', async () => {
    const asKiosk = { authorization: `Bearer ${kiosk}` };
    const cards = await api('GET', '/rest/api/loyalty.card', undefined, asKiosk);
    assert.equal(cards.status, 200);
    assert.deepEqual(
      cards.body.items.map((c: Record<string, unknown>) => c.number),
      ['C-001'],
    );
    const write = await api('POST', '/rest/api/loyalty.card', { number: 'C-002' }, asKiosk);
    assert.equal(write.status, 401);
  });
});
