import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TestApp, useTestApp } from '../support/app';
import type { TestDatabase } from '../support/database';
import { createApplicationKey } from '../support/keys';
import { TestModule } from '../fixtures/test.module';
import { DatabaseServer } from '../../src/storage/database';
import { appName, get, listen, seedPartners, sessions, stalledGet, until } from './support';

/** Fault injection against the real server: terminated sessions, stalled readers, unknown names. */
describe('availability under faults', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let key: string;
  let port: number;
  const name = appName('faults');
  const cappedName = appName('capped');
  useTestApp(
    [TestModule],
    async (stack) => {
      ({ tdb, sut } = stack);
      port = await listen(sut.app);
      key = await tdb.commit((env) => createApplicationKey(env, 'admin'));
    },
    {
      // About 50 MB of JSON: more than the kernel buffers of a loopback connection (up to 32 MB + 4 MB here)
      // can absorb, so a reader that stops reading does stall the stream.
      seed: (t) => seedPartners(t, 40_000, 1200),
      env: {
        DB_APPLICATION_NAME: name,
        DB_POOL_SIZE: '4',
        STREAM_CONNECTIONS: '2',
        DB_LIST_REFRESH: '500',
        STREAM_STALL_TIMEOUT: '3000',
        // Under a loaded machine, the queued first batches must not time out waiting for a connection.
        DB_ACQUIRE_TIMEOUT: '30000',
      },
    },
  );
  const auth = () => ({ Authorization: `Bearer ${key}` });
  const list = () => `/${tdb.db}/rest/model/test.partner?f=name&f=notes&f=category.name`;

  it('fails only the stream whose backend was terminated: cut short, and the next request succeeds', async () => {
    // An unhandled 'error' event of a pg client would end the process (the runner would catch it).
    const uncaught: unknown[] = [];
    const monitor = (e: unknown) => uncaught.push(e);
    process.on('uncaughtExceptionMonitor', monitor);
    after(() => process.removeListener('uncaughtExceptionMonitor', monitor));
    const stalled = await stalledGet(port, list(), auth());
    assert.equal(stalled.status, 200);
    const [backend] = await until(
      'the stream holds a session idle in transaction',
      () => sessions(tdb, name),
      (rows) => rows.some((r) => r.state === 'idle in transaction'),
    ).then((rows) => rows.filter((r) => r.state === 'idle in transaction'));
    await tdb.commit((env) => env.tx.query('SELECT pg_terminate_backend($1)', [backend.pid]));
    const { body, complete } = await stalled.finish();
    assert.equal(complete, false, 'the transfer must not look complete');
    assert.notEqual(body.toString().trimEnd().at(-1), ']', 'never a valid shorter array');
    // The process is alive and serves the next requests from the same pool.
    for (let i = 0; i < 6; i++) {
      const res = await get(port, `/${tdb.db}/rest/model/test.partner?s=3&f=name`, auth());
      assert.equal(res.status, 200);
      assert.equal(JSON.parse(res.body).length, 3);
    }
    assert.deepEqual(uncaught, []);
  });

  it('answers 3x the pool size of stalled streams while 20 unrelated requests still answer', async () => {
    // An app whose stall deadline is far away: the cap alone keeps the pool free.
    const capped = await createTestApp(tdb, [TestModule], {
      DB_APPLICATION_NAME: cappedName,
      DB_POOL_SIZE: '4',
      STREAM_CONNECTIONS: '2',
      STREAM_STALL_TIMEOUT: '600000',
      DB_ACQUIRE_TIMEOUT: '30000',
    });
    try {
      const cappedPort = await listen(capped.app);
      const stalled = await Promise.all(
        Array.from({ length: 12 }, () => stalledGet(cappedPort, list(), auth())),
      );
      const streaming = stalled.filter((s) => s.status === 200);
      const refused = stalled.filter((s) => s.status !== 200);
      assert.equal(streaming.length, 2, 'STREAM_CONNECTIONS streams hold a connection');
      for (const r of refused) {
        assert.equal(r.status, 503);
        assert.ok(Number(r.headers['retry-after']) > 0);
      }
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          get(cappedPort, `/${tdb.db}/rest/model/test.partner/${i + 1}?f=name`, auth()),
        ),
      );
      assert.deepEqual(
        answers.map((a) => a.status),
        Array(20).fill(200),
      );
      // Readers that go away release their connections at once.
      for (const s of stalled) s.req.destroy();
      await until(
        'the streams released their connections',
        () => sessions(tdb, cappedName),
        (rows) => !rows.some((r) => r.state === 'idle in transaction'),
      );
    } finally {
      await capped.close();
    }
  });

  it('cuts a stream whose reader stalls past STREAM_STALL_TIMEOUT and releases its connection', async () => {
    const stalled = await stalledGet(port, list(), auth());
    assert.equal(stalled.status, 200);
    await until(
      'the stream holds a session',
      () => sessions(tdb, name),
      (rows) => rows.some((r) => r.state === 'idle in transaction'),
    );
    await until(
      'the stalled stream released its connection',
      () => sessions(tdb, name),
      // between two batches the session is briefly 'active': released means every session idle
      (rows) => rows.every((r) => r.state === 'idle'),
    );
    // The transfer was cut: what the client finally reads is a truncated array.
    const { body, complete } = await stalled.finish();
    assert.equal(complete, false);
    assert.notEqual(body.toString().trimEnd().at(-1), ']');
  });

  it('opens no connection for 300 concurrent requests to unknown databases, and refuses the reserved ones', async () => {
    const server = sut.app.get(DatabaseServer);
    assert.equal((await get(port, '/nosuchdb_warm/rest/model/x')).status, 404);
    const before = (await sessions(tdb, name)).length;
    const refreshes = server.listRefreshes;
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        get(port, `/nosuchdb_${i}/rest/model/party.party`, i % 2 ? auth() : {}),
      ),
    );
    assert.deepEqual(
      [...new Set(answers.map((a) => a.status))],
      [404],
      'an unknown database is a 404, with or without a key',
    );
    assert.equal((await sessions(tdb, name)).length, before, 'no connection opened');
    // Misses share one read of pg_database per DB_LIST_REFRESH (500 ms here), however many they are.
    const reads = server.listRefreshes - refreshes;
    assert.ok(reads <= 1 + Math.ceil((Date.now() - started) / 500), `${reads} list reads`);
    for (const db of ['template0', 'template1', 'postgres', 'TEMPLATE1']) {
      const res = await get(port, `/${db}/rest/model/res.user`, auth());
      assert.equal(res.status, 404, db);
      assert.doesNotMatch(res.body, /127\.0\.0\.1|ECONN|pg_/);
    }
  });

  it('sees a database created after start on the next list read', async () => {
    const other = `${tdb.db}_late`;
    const server = sut.app.get(DatabaseServer);
    try {
      await tdb.server.createDatabase(other);
      await tdb.commit((env) => env.tx.query('SELECT 1'));
      const res = await get(port, `/${other}/rest/model/res.user`, auth());
      // Present in pg_database but not initialised by db create: still not an API database.
      assert.equal(res.status, 404);
      assert.ok(server.listRefreshes > 0);
    } finally {
      await tdb.server.dropDatabase(other);
    }
  });
});

/** Limits on what one statement may take: statement_timeout, and a client gone cancels its query. */
describe('statement limits', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let slow: TestApp;
  let key: string;
  let port: number;
  let slowPort: number;
  const name = appName('cancel');
  const slowName = appName('timeout');
  useTestApp(
    [TestModule],
    async (stack) => {
      ({ tdb, sut } = stack);
      port = await listen(sut.app);
      key = await tdb.commit((env) => createApplicationKey(env, 'admin'));
    },
    { seed: (t) => seedPartners(t, 3), env: { DB_APPLICATION_NAME: name } },
  );
  before(async () => {
    slow = await createTestApp(tdb, [TestModule], {
      DB_APPLICATION_NAME: slowName,
      DB_STATEMENT_TIMEOUT: '300',
    });
    slowPort = await listen(slow.app);
  });
  after(() => slow?.close());

  /** Holds a row lock on partner 1 from another session until the returned function is called. */
  async function lockPartner(): Promise<() => Promise<void>> {
    const session = await tdb.server.begin(tdb.db, false);
    await session.tx.query(`UPDATE "test_partner" SET "name" = 'locked' WHERE "id" = 1`);
    return async () => {
      await session.tx.rollback();
      session.release();
    };
  }

  const put = (p: number, signal?: AbortSignal) =>
    fetch(`http://127.0.0.1:${p}/${tdb.db}/rest/model/test.partner/1`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'changed' }),
      signal,
    });

  it('answers 503 with Retry-After when a statement runs past DB_STATEMENT_TIMEOUT', async () => {
    const unlock = await lockPartner();
    try {
      const res = await put(slowPort);
      assert.equal(res.status, 503);
      assert.ok(Number(res.headers.get('retry-after')) > 0);
      const body = await res.text();
      assert.doesNotMatch(body, /canceling statement|127\.0\.0\.1|ECONN/);
    } finally {
      await unlock();
    }
  });

  it('cancels the running statement of a client that went away', async () => {
    const unlock = await lockPartner();
    try {
      const abort = new AbortController();
      const pending = put(port, abort.signal).catch(() => null);
      await until(
        'the write waits on the lock',
        () => sessions(tdb, name),
        (rows) => rows.some((r) => r.state === 'active' && r.wait === 'Lock'),
      );
      abort.abort();
      await pending;
      // The lock is still held: only a cancel can have stopped the waiting statement.
      await until(
        'the waiting statement was cancelled',
        () => sessions(tdb, name),
        (rows) => !rows.some((r) => r.state === 'active' || r.state === 'idle in transaction'),
      );
    } finally {
      await unlock();
    }
    const res = await get(port, `/${tdb.db}/rest/model/test.partner/1?f=name`, {
      Authorization: `Bearer ${key}`,
    });
    assert.equal(res.status, 200);
    assert.equal(JSON.parse(res.body).name, 'P000001');
  });
});
