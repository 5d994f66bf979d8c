import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CronScheduler, refId } from 'nest-tryton';
import { apiKey, createTestApp, createTestDatabase, TestApp, TestDatabase } from 'nest-tryton/testing';
import { BUSINESS_MODULES } from '../index';
import { makeCompany, makeProduct } from '../test-factories';

const iso = (d: Date) => d.toISOString().slice(0, 10);
const daysAgo = (n: number) => iso(new Date(Date.now() - n * 86_400_000));
const decimal = (value: unknown) => (value as { __class__: string; decimal: string }).decimal;

/** An ECB reference rates document (the shape of eurofxref-*.xml), days newest first. */
function ecbXml(days: [string, Record<string, string>][]): string {
  const cubes = days
    .map(
      ([time, rates]) =>
        `<Cube time='${time}'>${Object.entries(rates)
          .map(([currency, rate]) => `<Cube currency='${currency}' rate='${rate}'/>`)
          .join('')}</Cube>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
  <gesmes:subject>Reference rates</gesmes:subject>
  <gesmes:Sender><gesmes:name>European Central Bank</gesmes:name></gesmes:Sender>
  <Cube>
${cubes}
  </Cube>
</gesmes:Envelope>`;
}

/** The rates the fake ECB publishes for a date (every day, so that any date has its own). */
function ratesOf(date: string): Record<string, string> {
  const n = Math.round((Date.parse(date) - Date.parse('2020-01-01')) / 86_400_000) % 1000;
  return { USD: (1 + n / 10_000).toFixed(4), GBP: '0.8573', JPY: '162.41' };
}

/** A local stand-in for www.ecb.europa.eu/stats/eurofxref/: today and the 100 days before. */
class FakeEcb {
  server!: Server;
  url = '';
  requests: string[] = [];
  /** What the next answers are: the documents, garbage, or an HTTP error. */
  mode: 'ok' | 'garbage' | 'error' = 'ok';
  /** While set, answers wait for it (a slow source). */
  gate: Promise<void> | null = null;
  private arrived: (() => void) | null = null;

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.answer(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/stats/eurofxref/`;
  }
  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
  /** Resolves when the next request arrives. */
  nextRequest(): Promise<void> {
    return new Promise((resolve) => (this.arrived = resolve));
  }
  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const name = (req.url ?? '').split('/').pop() ?? '';
    this.requests.push(name);
    this.arrived?.();
    this.arrived = null;
    if (this.gate) await this.gate;
    if (this.mode === 'error') return void res.writeHead(503).end('maintenance');
    if (this.mode === 'garbage') return void res.writeHead(200).end('<html><body>Moved</body></html>');
    const count = name === 'eurofxref-daily.xml' ? 1 : 100;
    const days: [string, Record<string, string>][] = [];
    for (let i = 0; i < count; i++) days.push([daysAgo(i), ratesOf(daysAgo(i))]);
    res.writeHead(200, { 'Content-Type': 'text/xml' }).end(ecbXml(days));
  }
}

/**
 * The currency administrator schedules the ECB's rates; the scheduler (or the button) writes them
 * as currency.currency.rate, one instance at a time, and a bad source writes nothing.
 */
describe('scheduled currency rates from the European Central Bank', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  const ecb = new FakeEcb();
  const keys: Record<string, string> = {};
  const as = (who: string) => ({ Authorization: `Bearer ${keys[who]}` });
  const url = (path: string) => `/${tdb.db}/rest/model/${path}`;
  const ids: Record<string, number> = {};
  let scheduler: CronScheduler;

  before(async () => {
    await ecb.start();
    tdb = await createTestDatabase(BUSINESS_MODULES);
    Object.assign(
      ids,
      await tdb.commit(async (root) => {
        await makeCompany(root);
        return {
          eur: await refId(root, 'currency', 'eur'),
          usd: await refId(root, 'currency', 'usd'),
          gbp: await refId(root, 'currency', 'gbp'),
          jpy: await refId(root, 'currency', 'jpy'),
          monday: await refId(root, 'ir', 'Monday'),
          cron: await refId(root, 'currency', 'cron_cron'),
        };
      }),
    );
    // Only what a test makes due is due (the crons shipped have no next call: due at once).
    await tdb.commit((root) =>
      root.tx.query(`UPDATE "ir_cron" SET "next_call" = NOW() AT TIME ZONE 'UTC' + INTERVAL '1 day'`),
    );
    keys.admin = await apiKey(tdb, 'treasurer', ['res.group_admin']);
    keys.clerk = await apiKey(tdb, 'clerk');
    sut = await createTestApp(tdb, BUSINESS_MODULES, { CURRENCY_ECB_URL: ecb.url });
    scheduler = sut.app.get(CronScheduler);
  });
  after(async () => {
    await sut?.close();
    await tdb?.drop();
    await ecb.stop();
  });

  /** The rates stored for a currency, by date. */
  async function ratesFor(currency: number): Promise<Map<string, string>> {
    const res = await sut
      .http()
      .get(url('currency.currency.rate'))
      .query({ d: JSON.stringify([['currency', '=', currency]]), f: ['date', 'rate'] })
      .set(as('clerk'))
      .expect(200);
    return new Map(
      res.body.map((r: { date: { year: number; month: number; day: number }; rate: unknown }) => [
        `${r.date.year}-${String(r.date.month).padStart(2, '0')}-${String(r.date.day).padStart(2, '0')}`,
        decimal(r.rate),
      ]),
    );
  }
  const due = () =>
    tdb.commit((root) =>
      root.tx.query(
        `UPDATE "ir_cron" SET "next_call" = NOW() AT TIME ZONE 'UTC' - INTERVAL '1 minute' WHERE "id" = $1`,
        [ids.cron],
      ),
    );
  const logs = async () =>
    (
      await tdb.rollback((root) =>
        root.tx.query('SELECT COUNT(*) AS "n" FROM "ir_cron_log" WHERE "cron" = $1', [ids.cron]),
      )
    )[0].n as string;

  it('ships the daily cron of rate updates, readable by all, for the administrators to change', async () => {
    const cron = await sut
      .http()
      .get(url(`ir.cron/${ids.cron}`))
      .query({
        f: ['method', 'interval_number', 'interval_type', 'active', 'running', 'timezone', 'companies'],
      })
      .set(as('clerk'))
      .expect(200);
    assert.deepEqual(
      [
        cron.body.method,
        cron.body.interval_number,
        cron.body.interval_type,
        cron.body.active,
        cron.body.running,
      ],
      ['currency.cron|update', 1, 'days', true, false],
    );
    await sut
      .http()
      .put(url(`ir.cron/${ids.cron}`))
      .set(as('clerk'))
      .send({ interval_number: 2 })
      .expect(403);
    await sut
      .http()
      .post(url(`ir.cron/${ids.cron}/run_once`))
      .set(as('clerk'))
      .send({})
      .expect(403);
    await sut.http().post(url('currency.cron')).set(as('clerk')).send({}).expect(403);
    const created = await sut
      .http()
      .post(url('ir.cron'))
      .set(as('admin'))
      .send({ method: 'ir.cron.log|clean', interval_number: 1, interval_type: 'weeks', weekday: ids.monday });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const read = await sut
      .http()
      .get(url(`ir.cron/${created.body.id}`))
      .query({ f: ['companies', 'weekday.name'] })
      .set(as('admin'))
      .expect(200);
    assert.equal(read.body.companies.length, 1, 'a new cron runs for every company');
    assert.equal(read.body.weekday.name, 'Monday');
    await sut
      .http()
      .post(url('ir.cron'))
      .set(as('admin'))
      .send({ method: 'ir.cron.log|clean', interval_number: 1, interval_type: 'days', hour: 24 })
      .expect(400);
    await sut
      .http()
      .delete(url(`ir.cron/${created.body.id}`))
      .set(as('admin'))
      .expect(204);
  });

  it("the daily ECB cron writes today's rates of the chosen currencies", async () => {
    const created = await sut
      .http()
      .post(url('currency.cron'))
      .set(as('admin'))
      .send({
        source: 'ecb',
        frequency: 'daily',
        currency: ids.eur,
        currencies: [['add', [ids.usd, ids.gbp]]],
        last_update: daysAgo(1),
      })
      .expect(200);
    ids.daily = created.body.id;
    await due();
    const pass = await scheduler.runDue(tdb.db);
    assert.deepEqual(pass, { ran: [ids.cron], failed: [] });
    const today = daysAgo(0);
    assert.equal((await ratesFor(ids.usd)).get(today), `${ratesOf(today).USD}00`);
    assert.equal((await ratesFor(ids.gbp)).get(today), '0.857300');
    assert.equal((await ratesFor(ids.eur)).get(today), '1.000000', 'the base currency is 1');
    assert.equal((await ratesFor(ids.jpy)).size, 0, 'JPY is not one of the currencies');
    const cron = await sut
      .http()
      .get(url(`currency.cron/${ids.daily}`))
      .query({ f: ['last_update', 'day'] })
      .set(as('clerk'))
      .expect(200);
    assert.equal(
      iso(
        new Date(
          Date.UTC(cron.body.last_update.year, cron.body.last_update.month - 1, cron.body.last_update.day),
        ),
      ),
      today,
    );
    assert.equal(cron.body.day, null, 'a day of the month only for a monthly update');
    const scheduled = await sut
      .http()
      .get(url(`ir.cron/${ids.cron}`))
      .query({ f: ['next_call', 'logs.duration'] })
      .set(as('clerk'))
      .expect(200);
    const next = scheduled.body.next_call as { year: number; month: number; day: number };
    assert.equal(
      iso(new Date(Date.UTC(next.year, next.month - 1, next.day))),
      daysAgo(-1),
      'the next call is tomorrow',
    );
    assert.equal(scheduled.body.logs.length, 1);
    assert.deepEqual(await scheduler.runDue(tdb.db), { ran: [], failed: [] }, 'not due again today');
  });

  it('the button catches up a weekly cron over the missed Mondays, from the history', async () => {
    // Last updated on a Monday four or more weeks ago: every Monday since is due.
    let start = 28;
    while (new Date(`${daysAgo(start)}T00:00:00Z`).getUTCDay() !== 1) start++;
    const created = await sut
      .http()
      .post(url('currency.cron'))
      .set(as('admin'))
      .send({
        source: 'ecb',
        frequency: 'weekly',
        weekday: ids.monday,
        currency: ids.usd,
        currencies: [['add', [ids.gbp, ids.eur]]],
        last_update: daysAgo(start),
      })
      .expect(200);
    ecb.requests = [];
    await sut
      .http()
      .post(url(`currency.cron/${created.body.id}/run`))
      .set(as('admin'))
      .send({})
      .expect(200);
    // Every Monday after the last update, up to today (at least four in 30 days).
    const mondays: string[] = [];
    for (let i = start - 1; i >= 0; i--)
      if (new Date(`${daysAgo(i)}T00:00:00Z`).getUTCDay() === 1) mondays.push(daysAgo(i));
    assert.ok(mondays.length >= 4);
    const gbp = await ratesFor(ids.gbp);
    const eur = await ratesFor(ids.eur);
    for (const monday of mondays) {
      // Cross rates against the dollar, to 4 decimals, as Tryton's ecb module computes them.
      const usd = Number(ratesOf(monday).USD);
      assert.equal(eur.get(monday), (Math.round((1 / usd) * 10_000) / 10_000).toFixed(4) + '00', monday);
      assert.equal(gbp.get(monday), (Math.round((0.8573 / usd) * 10_000) / 10_000).toFixed(4) + '00', monday);
    }
    assert.ok(ecb.requests.includes('eurofxref-hist-90d.xml'), 'past days are read from the 90 days');
    assert.equal((await ratesFor(ids.usd)).get(mondays[0]), '1.000000');
  });

  it('a source that answers garbage or an error is a clear error, and nothing is written', async () => {
    const created = await sut
      .http()
      .post(url('currency.cron'))
      .set(as('admin'))
      .send({
        source: 'ecb',
        frequency: 'daily',
        currency: ids.eur,
        currencies: [['add', [ids.jpy]]],
        last_update: daysAgo(3),
      })
      .expect(200);
    for (const mode of ['garbage', 'error'] as const) {
      ecb.mode = mode;
      const res = await sut
        .http()
        .post(url(`currency.cron/${created.body.id}/run`))
        .set(as('admin'))
        .send({});
      assert.equal(res.status, 400, mode);
      assert.match(
        res.body.message,
        mode === 'garbage' ? /not a document of the European Central Bank/ : /HTTP 503/,
      );
      assert.match(res.body.message, /eurofxref-daily\.xml/);
    }
    ecb.mode = 'ok';
    assert.equal((await ratesFor(ids.jpy)).size, 0, 'no rate of the days before the failure either');
    const cron = await sut
      .http()
      .get(url(`currency.cron/${created.body.id}`))
      .query({ f: 'last_update' })
      .set(as('clerk'));
    assert.equal(cron.body.last_update.day, new Date(`${daysAgo(3)}T00:00:00Z`).getUTCDate());
    // The scheduler's run fails the same way: rolled back, and it waits for its next call.
    ecb.mode = 'error';
    await due();
    const pass = await scheduler.runDue(tdb.db);
    ecb.mode = 'ok';
    assert.deepEqual(pass, { ran: [], failed: [ids.cron] });
    assert.equal((await ratesFor(ids.jpy)).size, 0);
    assert.deepEqual(await scheduler.runDue(tdb.db), { ran: [], failed: [] }, 'rescheduled');
    await sut
      .http()
      .delete(url(`currency.cron/${created.body.id}`))
      .set(as('admin'))
      .expect(204);
  });

  it('an unreachable source is a clear error', async () => {
    const created = await sut
      .http()
      .post(url('currency.cron'))
      .set(as('admin'))
      .send({ source: 'ecb', frequency: 'daily', currency: ids.eur, last_update: daysAgo(1) })
      .expect(200);
    // A port nothing listens on: taken, then given back.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const offline = await createTestApp(tdb, BUSINESS_MODULES, {
      CURRENCY_ECB_URL: `http://127.0.0.1:${port}/ecb/`,
    });
    try {
      const res = await offline
        .http()
        .post(url(`currency.cron/${created.body.id}/run`))
        .set(as('admin'))
        .send({});
      assert.equal(res.status, 400);
      assert.match(
        res.body.message,
        new RegExp(
          `could not be fetched from http://127\\.0\\.0\\.1:${port}/ecb/eurofxref-daily\\.xml: ECONNREFUSED`,
        ),
      );
    } finally {
      await offline.close();
    }
    await sut
      .http()
      .delete(url(`currency.cron/${created.body.id}`))
      .set(as('admin'))
      .expect(204);
  });

  it('runs a cron on one instance at a time: a second pass skips the running one', async () => {
    const before = Number(await logs());
    // The daily cron has a day to fetch again.
    await tdb.commit((root) =>
      root.tx.query('UPDATE "currency_cron" SET "last_update" = $1 WHERE "id" = $2', [daysAgo(1), ids.daily]),
    );
    await due();
    let open!: () => void;
    ecb.gate = new Promise((resolve) => (open = resolve));
    ecb.requests = [];
    const arrived = ecb.nextRequest();
    const first = scheduler.runDue(tdb.db);
    await arrived; // the first pass is inside the cron, waiting on the source
    const running = await sut
      .http()
      .get(url(`ir.cron/${ids.cron}`))
      .query({ f: 'running' })
      .set(as('clerk'));
    assert.equal(running.body.running, true);
    const second = await scheduler.runDue(tdb.db);
    assert.deepEqual(second, { ran: [], failed: [] });
    open();
    ecb.gate = null;
    assert.deepEqual(await first, { ran: [ids.cron], failed: [] });
    assert.equal(Number(await logs()), before + 1);
    assert.equal(ecb.requests.filter((r) => r === 'eurofxref-daily.xml').length, ecb.requests.length);
  });

  it('the daily product cron deactivates the products that have a replacement', async () => {
    const { old, replacement, cron } = await tdb.commit(async (root) => {
      const old = (await makeProduct(root, { name: 'Lamp v1', list_price: '10' })).product;
      const replacement = (await makeProduct(root, { name: 'Lamp v2', list_price: '12' })).product;
      await root.model('product.product').write(root, [old], { replaced_by: replacement });
      const cron = await refId(root, 'product', 'cron_product_deactivate_replaced');
      await root.tx.query(`UPDATE "ir_cron" SET "next_call" = NULL WHERE "id" = $1`, [cron]);
      return { old, replacement, cron };
    });
    assert.deepEqual(await scheduler.runDue(tdb.db), { ran: [cron], failed: [] });
    const products = await sut
      .http()
      .get(url('product.product'))
      .query({
        d: JSON.stringify([
          ['id', 'in', [old, replacement]],
          ['active', 'in', [true, false]],
        ]),
        f: 'active',
      })
      .set(as('admin'))
      .expect(200);
    assert.deepEqual(
      products.body.map((p: { id: number; active: boolean }) => [p.id, p.active]).sort(),
      [
        [old, false],
        [replacement, true],
      ].sort(),
    );
  });

  it('the scheduler of a running server calls the due crons by itself', async () => {
    const before = Number(await logs());
    await due();
    const live = await createTestApp(tdb, BUSINESS_MODULES, {
      CURRENCY_ECB_URL: ecb.url,
      CRON_INTERVAL: '50',
      CRON_DATABASES: tdb.db,
    });
    try {
      while (Number(await logs()) === before) await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await live.close();
    }
    assert.equal(Number(await logs()), before + 1);
  });
});
