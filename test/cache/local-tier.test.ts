import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRedisClient } from '../../src/cache/redis-client';
import { LEASE_MS } from '../../src/cache/redis-scripts';
import { RedisCacheStore } from '../../src/cache/redis-store';
import { answerOf, lookupOf, snapshotOf, storeContract, storeOf } from './support/store-contract';
import { dropRedisKeys, freePort, PrivateRedis, startRedisServer } from './support/redis-server';
import { TcpProxy } from './support/tcp-proxy';
import { redisServerSkip, redisSkip, TEST_REDIS_URL } from '../support/redis';

const REDIS_URL = TEST_REDIS_URL;

/** Polls until `check` holds (or fails the test after `ms`). */
async function until(what: string, check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await sleep(10);
  }
}

function stores(prefix: string) {
  const opened: RedisCacheStore[] = [];
  const open = (url: string) => {
    const store = new RedisCacheStore(createRedisClient(url), {
      prefix,
      ttlMs: 60_000,
      lockMs: 2000,
      localBytes: 1024 * 1024,
    });
    opened.push(store);
    return store;
  };
  const ready = (store: RedisCacheStore, db: string) =>
    until('the store reaches Redis', async () => (await store.snapshot(db)) !== null);
  /** Stores `key` through `store` (body `text`) on a fresh snapshot. */
  const fill = async (store: RedisCacheStore, db: string, key: string, text: string) => {
    const missed = await store.lookup(lookupOf(db, key));
    assert.equal(missed.kind, 'miss');
    const stored = await store.store({ ...storeOf(db, key, snapshotOf(missed)), answer: answerOf(text) });
    assert.equal(stored, true);
  };
  /** Looks `key` up until this instance answers it from memory (its lease came back). */
  const servedLocally = (store: RedisCacheStore, db: string, key: string) =>
    until('the instance serves from memory', async () => {
      await store.lookup(lookupOf(db, key));
      return store.peek(db, key) !== null;
    });
  return { opened, open, ready, fill, servedLocally };
}

const bodyOf = (result: Awaited<ReturnType<RedisCacheStore['lookup']>>) =>
  result.kind === 'hit' ? result.answer.body.subarray(0, -4).toString() : result.kind;

describe('RedisCacheStore with the local tier', { skip: redisSkip() }, () => {
  const prefix = `test:local:${randomBytes(6).toString('hex')}:`;
  const { opened, open, ready, fill, servedLocally } = stores(prefix);
  after(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await dropRedisKeys(REDIS_URL, prefix);
  });

  storeContract(async () => {
    const store = open(REDIS_URL);
    await ready(store, 'any');
    return store;
  });

  it('serves hits from memory; after a write on another instance resolves, never the old answer', async () => {
    const [a, b] = [open(REDIS_URL), open(REDIS_URL)];
    await Promise.all([ready(a, 'two'), ready(b, 'two')]);
    await fill(a, 'two', 'k', 'v0');
    await servedLocally(b, 'two', 'k');
    await servedLocally(a, 'two', 'k');
    const before = b.localHits;
    for (let i = 1; i <= 20; i++) {
      const [writer, reader] = i % 2 ? [a, b] : [b, a];
      assert.notEqual(reader.peek('two', 'k'), null, 'the reader holds the entry in memory');
      await writer.bump('two', ['m']);
      // The write is acknowledged: the other instance has dropped its copy already.
      assert.equal(reader.peek('two', 'k'), null);
      assert.equal((await reader.lookup(lookupOf('two', 'k'))).kind, 'miss');
      await fill(reader, 'two', 'k', `v${i}`);
      assert.equal(bodyOf(await reader.lookup(lookupOf('two', 'k'))), `v${i}`);
      await servedLocally(writer, 'two', 'k');
      assert.equal(bodyOf(await writer.lookup(lookupOf('two', 'k'))), `v${i}`);
    }
    assert.ok(b.localHits > before, 'hits were served from memory');
  });

  it('keeps an answer in memory once it is asked for again, not when it is computed', async () => {
    const store = open(REDIS_URL);
    await ready(store, 'admit');
    // The lease holds (an entry of the database is served from memory)...
    await fill(store, 'admit', 'often', 'o');
    await servedLocally(store, 'admit', 'often');
    // ...yet answers only computed are not kept: each is read from Redis when asked for again.
    for (let i = 0; i < 5; i++) await fill(store, 'admit', `once${i}`, `v${i}`);
    for (let i = 0; i < 5; i++) assert.equal(store.peek('admit', `once${i}`), null);
    const before = store.localHits;
    assert.equal(bodyOf(await store.lookup(lookupOf('admit', 'once3'))), 'v3');
    assert.equal(store.localHits, before, 'the second request went to Redis');
    // That hit kept it: the third is answered from memory, with the same bytes.
    assert.notEqual(store.peek('admit', 'once3'), null);
    assert.equal(bodyOf(await store.lookup(lookupOf('admit', 'once3'))), 'v3');
    assert.equal(store.localHits, before + 2);
  });

  it('a write to a model an entry did not read leaves it in memory; an access model drops all', async () => {
    const [a, b] = [open(REDIS_URL), open(REDIS_URL)];
    await Promise.all([ready(a, 'deps'), ready(b, 'deps')]);
    await fill(a, 'deps', 'k', 'kept');
    await servedLocally(b, 'deps', 'k');
    await a.bump('deps', ['other']);
    assert.notEqual(b.peek('deps', 'k'), null);
    await a.bump('deps', ['ir.rule']);
    assert.equal(b.peek('deps', 'k'), null);
  });

  it('an instance cut off from Redis stops serving from memory; a write waits for its lease at most', async () => {
    const target = new URL(REDIS_URL);
    const proxy = new TcpProxy(await freePort(), {
      host: target.hostname,
      port: Number(target.port || 6379),
    });
    await proxy.restore();
    const a = open(REDIS_URL);
    const b = open(`redis://127.0.0.1:${proxy.port}`);
    await Promise.all([ready(a, 'cut'), ready(b, 'cut')]);
    await fill(a, 'cut', 'k', 'old');
    await servedLocally(b, 'cut', 'k');

    await proxy.cut();
    const start = performance.now();
    await a.bump('cut', ['m']);
    assert.ok(performance.now() - start < LEASE_MS + 1000, 'the write waited at most a lease');
    assert.equal(b.peek('cut', 'k'), null, 'nothing served from memory without the invalidation');
    assert.notEqual(bodyOf(await b.lookup(lookupOf('cut', 'k'))), 'old');

    await proxy.restore();
    await ready(b, 'cut');
    await until('b answers again', async () => (await b.lookup(lookupOf('cut', 'k'))).kind !== 'unavailable');
    assert.equal((await b.lookup(lookupOf('cut', 'k'))).kind, 'miss');
    await proxy.cut();
  });
});

describe(
  'RedisCacheStore with the local tier, Redis frozen or restarted',
  { skip: redisServerSkip() },
  () => {
    const prefix = `test:local:${randomBytes(6).toString('hex')}:`;
    const { opened, open, ready, fill, servedLocally } = stores(prefix);
    let redis: PrivateRedis;
    after(async () => {
      redis?.thaw();
      await Promise.all(opened.map((s) => s.close()));
      await redis?.stop();
    });

    it('a write while Redis is frozen is answered once no instance may serve the old answer', async () => {
      redis = await startRedisServer();
      const [a, b] = [open(redis.url), open(redis.url)];
      await Promise.all([ready(a, 'frozen'), ready(b, 'frozen')]);
      await fill(a, 'frozen', 'k', 'old');
      await servedLocally(b, 'frozen', 'k');

      redis.freeze();
      await a.bump('frozen', ['m']); // the bump times out: the write is acknowledged anyway
      assert.equal(b.peek('frozen', 'k'), null, "b's lease has ended");
      assert.equal((await b.lookup(lookupOf('frozen', 'k'))).kind, 'unavailable');

      redis.thaw();
      await until(
        'b reaches Redis',
        async () => (await b.lookup(lookupOf('frozen', 'k'))).kind !== 'unavailable',
      );
      assert.equal((await b.lookup(lookupOf('frozen', 'k'))).kind, 'miss');
    });

    it('a restarted Redis (its generations lost) never lets an instance serve an entry from before', async () => {
      const [a, b] = [open(redis.url), open(redis.url)];
      await Promise.all([ready(a, 'restart'), ready(b, 'restart')]);
      await fill(a, 'restart', 'k', 'old');
      await servedLocally(b, 'restart', 'k');

      await redis.stop();
      await until("b's subscription is lost", () => b.peek('restart', 'k') === null);
      await a.bump('restart', ['m']); // lost with Redis
      redis = await startRedisServer(redis.port);
      await Promise.all([ready(a, 'restart'), ready(b, 'restart')]);
      for (let i = 0; i < 20; i++) {
        const result = await b.lookup(lookupOf('restart', 'k'));
        assert.notEqual(bodyOf(result), 'old');
        await sleep(20);
      }
    });
  },
);
