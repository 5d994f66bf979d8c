import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRedisClient } from '../../src/cache/redis-client';
import { RedisCacheStore } from '../../src/cache/redis-store';
import { lookupOf, storeOf } from './support/store-contract';
import { freePort, PrivateRedis, startRedisServer } from './support/redis-server';
import { redisServerSkip } from '../support/redis';

const options = { prefix: 'test:fail-open:', ttlMs: 60_000, lockMs: 1000, coolDownMs: 200 };
const lookup = (store: RedisCacheStore) => store.lookup(lookupOf('shop', 'k', { lockOwner: 'me' }));

/** Many lookups and bumps at once, as a loaded server would send them. */
async function burst(store: RedisCacheStore): Promise<string[]> {
  const kinds = await Promise.all(Array.from({ length: 50 }, async () => (await lookup(store)).kind));
  await Promise.all(Array.from({ length: 20 }, () => store.bump('shop', ['party.party'])));
  return [...new Set(kinds)];
}

/** Blocks this process's event loop for ms (a long synchronous task, a major GC). */
function stall(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe(`${RedisCacheStore.name} when this process's event loop stalls`, { skip: redisServerSkip() }, () => {
  let redis: PrivateRedis;
  let sut: RedisCacheStore;
  before(async () => {
    redis = await startRedisServer();
    sut = new RedisCacheStore(createRedisClient(redis.url), { ...options, commandTimeoutMs: 100 });
    while (!(await sut.snapshot('shop'))) await sleep(10);
  });
  after(async () => {
    await sut.close();
    await redis.stop();
  });

  it('reads the reply that arrived meanwhile instead of counting the stall against Redis', async () => {
    const snapshot = (await sut.snapshot('shop'))!;
    assert.equal(await sut.store(storeOf('shop', 'k', snapshot)), true);
    for (let i = 0; i < 3; i++) {
      const pending = lookup(sut);
      const bump = sut.bump('shop', ['party.party']);
      // The replies arrive during the stall; the commands' timers are long due when it ends.
      stall(300);
      assert.equal((await pending).kind, 'hit');
      await bump;
    }
    // Nothing was taken for a failure: no breaker open, no whole-database invalidation.
    assert.equal((await lookup(sut)).kind, 'hit');
  });
});

describe(`${RedisCacheStore.name} when Redis fails`, () => {
  it('answers "unavailable" and swallows bumps when nothing listens on the port', async () => {
    const sut = new RedisCacheStore(createRedisClient(`redis://127.0.0.1:${await freePort()}`), options);
    try {
      assert.deepEqual(await burst(sut), ['unavailable']);
      assert.equal(await sut.snapshot('shop'), null);
      assert.equal(await sut.store(storeOf('shop', 'k', { token: 't', seq: 0 })), false);
      await sut.release('shop', 'k', 'me', false);
    } finally {
      await sut.close();
    }
  });

  describe('frozen with SIGSTOP, then thawed', { skip: redisServerSkip() }, () => {
    let redis: PrivateRedis;
    let sut: RedisCacheStore;
    before(async () => {
      redis = await startRedisServer();
      sut = new RedisCacheStore(createRedisClient(redis.url), options);
      while (!(await sut.snapshot('shop'))) await sleep(10);
    });
    after(async () => {
      redis.thaw();
      await sut.close();
      await redis.stop();
    });

    it('misses while frozen, and hits again once thawed', async () => {
      const snapshot = (await sut.snapshot('shop'))!;
      await sut.store(storeOf('shop', 'k', snapshot));
      assert.equal((await lookup(sut)).kind, 'hit');

      redis.freeze();
      assert.deepEqual(await burst(sut), ['unavailable']);
      assert.equal(await sut.snapshot('shop'), null);

      redis.thaw();
      let result = await lookup(sut);
      for (let i = 0; i < 300 && result.kind === 'unavailable'; i++) {
        await sleep(20);
        result = await lookup(sut);
      }
      // The bumps sent while frozen (party.party) do not touch this entry's model 'm', but they could
      // not be confirmed: the whole database was invalidated once Redis answered again.
      assert.equal(result.kind, 'miss');
      const renewed = result.kind === 'miss' ? result.snapshot : snapshot;
      await sut.store(storeOf('shop', 'k', renewed, { lockOwner: 'me' }));
      assert.equal((await lookup(sut)).kind, 'hit');
    });
  });
});
