import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CACHE_STORE } from '../../src/cache/cache.module';
import type { CacheStore } from '../../src/cache/cache-store';
import { Transaction } from '../../src/storage/transaction';
import { createTestDatabase, TestDatabase } from '../support/database';
import type { TestApp } from '../support/app';
import { createApplicationKey } from '../support/keys';
import { redisSkip, TEST_REDIS_URL } from '../support/redis';
import { createCachedApp } from './support/cache-app';
import { CacheTestModule } from './support/cache-fixtures';
import { dropRedisKeys, freePort } from './support/redis-server';
import { TcpProxy } from './support/tcp-proxy';

/** Resolves once a statement reading the notes has been answered by PostgreSQL. */
function nextStatementAnswered(): { answered: Promise<string>; stop: () => void } {
  const proto = Transaction.prototype as unknown as { send: (...args: unknown[]) => Promise<unknown> };
  const send = proto.send;
  let done!: (text: string) => void;
  const answered = new Promise<string>((resolve) => (done = resolve));
  proto.send = function (this: unknown, ...args: unknown[]) {
    const result = send.apply(this, args);
    void Promise.resolve(result).then(
      () => /FROM "cachetest_note"/.test(String(args[0])) && done(String(args[0])),
      () => undefined,
    );
    return result;
  };
  return { answered, stop: () => (proto.send = send) };
}

/**
 * A miss whose lookup is on its way to Redis reads the database meanwhile (one round trip less):
 * shown with the relay to Redis holding every byte, so the read can only happen before the lookup is
 * answered. What the lookup finds then decides what is kept, on the snapshot taken before the read.
 */
describe('a speculative miss', { skip: redisSkip() }, () => {
  const prefix = `test:speculate:${randomBytes(6).toString('hex')}:`;
  let tdb: TestDatabase;
  let proxy: TcpProxy;
  let a: TestApp;
  let b: TestApp;
  let off: TestApp;
  let auth: Record<string, string>;
  let note: number;
  const path = (f: string) => `/${tdb.db}/rest/model/cachetest.note/${note}?f=${f}`;

  before(async () => {
    tdb = await createTestDatabase([CacheTestModule]);
    [note] = await tdb.commit((env) => env.model('cachetest.note').create(env, [{ name: 'before' }]));
    auth = { Authorization: `Bearer ${await tdb.commit((env) => createApplicationKey(env, 'admin'))}` };
    const target = new URL(TEST_REDIS_URL);
    proxy = new TcpProxy(await freePort(), { host: target.hostname, port: Number(target.port || 6379) });
    await proxy.restore();
    // No local tier: a write on b waits for no lease of a's, and a learns of it only from Redis.
    const env = { CACHE_PREFIX: prefix, CACHE_LOCAL_BYTES: '0', REDIS_COMMAND_TIMEOUT: '10000' };
    a = await createCachedApp([CacheTestModule], { ...env, REDIS_URL: `redis://127.0.0.1:${proxy.port}` });
    b = await createCachedApp([CacheTestModule], { ...env, REDIS_URL: TEST_REDIS_URL });
    off = await createCachedApp([CacheTestModule], {
      ...env,
      REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      CACHE_SPECULATE: '0',
    });
    for (const app of [a, b, off]) {
      const store = app.app.get<CacheStore>(CACHE_STORE);
      for (let i = 0; i < 300 && !(await store.snapshot(tdb.db)); i++) await sleep(10);
      // The caller's key and access profile known in memory (as they are after a first request).
      const warm = await app.http().get(path('id')).set(auth);
      assert.equal(warm.status, 200);
    }
  });
  after(async () => {
    proxy?.release();
    await a?.close();
    await b?.close();
    await off?.close();
    await proxy?.cut();
    await tdb?.drop();
    await dropRedisKeys(TEST_REDIS_URL, prefix);
  });

  type Answer = { status: number; headers: Record<string, string>; body: { name: string } };

  /**
   * GETs `p` on `app` with every byte between the instances and Redis held. `read`: whether the note
   * must be read meanwhile (waited for up to 5 s) or not (none within 300 ms). `meanwhile` runs before
   * Redis is released; then the answer is awaited.
   */
  async function whileHeld(app: TestApp, p: string, read: boolean, meanwhile = async () => {}) {
    const statement = nextStatementAnswered();
    proxy.hold();
    let pending!: Promise<Answer>;
    try {
      pending = app
        .http()
        .get(p)
        .set(auth)
        .then((r) => r as unknown as Answer);
      const seen = await Promise.race([
        statement.answered.then(() => true),
        sleep(read ? 5000 : 300).then(() => false),
      ]);
      assert.equal(
        seen,
        read,
        read
          ? 'no statement was answered while Redis was held'
          : 'the database was read before the lookup was answered',
      );
      statement.stop();
      await meanwhile();
    } finally {
      statement.stop();
      proxy.release();
    }
    return pending;
  }

  it('reads the database before Redis has answered its lookup, and its answer is kept', async () => {
    const first = await whileHeld(a, path('name'), true);
    assert.deepEqual([first.status, first.headers['x-cache'], first.body.name], [200, 'MISS', 'before']);
    const again = await a.http().get(path('name')).set(auth);
    assert.deepEqual([again.headers['x-cache'], again.body.name], ['HIT', 'before']);
  });

  it('with CACHE_SPECULATE=0, the read waits for the lookup', async () => {
    const res = await whileHeld(off, path('name&f=level'), false);
    assert.deepEqual([res.status, res.headers['x-cache']], [200, 'MISS']);
  });

  it('never keeps an answer read before a write that its lookup, answered after the write, counts', async () => {
    // a's snapshot predates everything below; its read is answered, then b writes (commit and bump),
    // then a's lookup reaches Redis: storing on the lookup's snapshot would keep the old name as fresh.
    const raced = await whileHeld(a, path('name&f=state'), true, async () => {
      const put = await b
        .http()
        .put(`/${tdb.db}/rest/model/cachetest.note/${note}`)
        .set(auth)
        .send({ name: 'after' });
      assert.equal(put.status, 200);
    });
    assert.equal(raced.body.name, 'before', 'the read was answered before the write');
    for (const app of [a, b, a]) {
      const now = await app.http().get(path('name&f=state')).set(auth);
      assert.equal(now.body.name, 'after', 'an answer from before an acknowledged write');
    }
  });
});
