import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createRedisClient } from '../../src/cache/redis-client';
import { RedisCacheStore, STORE_HOLD_MS } from '../../src/cache/redis-store';
import { writesDuring } from '../../src/testing';
import { lookupOf, snapshotOf, storeContract, storeOf } from './support/store-contract';
import { dropRedisKeys, freePort } from './support/redis-server';
import { TcpProxy } from './support/tcp-proxy';
import { redisSkip, TEST_REDIS_URL } from '../support/redis';

const REDIS_URL = TEST_REDIS_URL;

describe(RedisCacheStore.name, { skip: redisSkip() }, () => {
  const prefix = `test:cache:${randomBytes(6).toString('hex')}:`;
  const stores: RedisCacheStore[] = [];
  const open = (url = REDIS_URL) => {
    const store = new RedisCacheStore(createRedisClient(url), { prefix, ttlMs: 60_000, lockMs: 2000 });
    stores.push(store);
    return store;
  };
  const ready = async (store: RedisCacheStore, db: string) => {
    // The client connects in the background; a snapshot succeeds once it is ready.
    for (let i = 0; i < 200 && !(await store.snapshot(db)); i++) await new Promise((r) => setTimeout(r, 10));
  };
  after(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await dropRedisKeys(REDIS_URL, prefix);
  });

  storeContract(async () => {
    const store = open();
    await ready(store, 'any'); // the client connects in the background
    return store;
  });

  it('shares entries and generations between instances', async () => {
    const [a, b] = [open(), open()];
    await Promise.all([ready(a, 'shop'), ready(b, 'shop')]);
    await a.store(storeOf('shop', 'k', snapshotOf(await a.lookup(lookupOf('shop', 'k')))));
    assert.equal((await b.lookup(lookupOf('shop', 'k'))).kind, 'hit');
    await b.bump('shop', ['m']);
    assert.equal((await a.lookup(lookupOf('shop', 'k'))).kind, 'miss');
  });

  it('gives one caller the fill lock of a key; storing frees it, an uncacheable fill marks it', async () => {
    const sut = open();
    await ready(sut, 'shop');
    const lock = async (key: string, lockOwner: string) => {
      const result = await sut.lookup(lookupOf('shop', key, { lockOwner }));
      return result.kind === 'miss' && result.lock;
    };
    assert.deepEqual([await lock('lock', 'one'), await lock('lock', 'two')], ['mine', 'held']);
    await sut.release('shop', 'lock', 'one', true);
    assert.equal(await lock('lock', 'three'), 'uncacheable');

    const fresh = await sut.lookup(lookupOf('shop', 'lock2', { lockOwner: 'four' }));
    await sut.store(storeOf('shop', 'lock2', snapshotOf(fresh), { lockOwner: 'four' }));
    await sut.bump('shop', ['m']);
    assert.equal(await lock('lock2', 'five'), 'mine', 'the store freed the lock');
  });

  it('sends a fill with the next command, and the commands of one turn together', async () => {
    const sut = open();
    await ready(sut, 'held');
    const port = Number(new URL(REDIS_URL).port || 6379);
    const first = snapshotOf(await sut.lookup(lookupOf('held', 'a', { lockOwner: 'one' })));
    // The fill waits in the socket; the next lookup takes it along (one write for both).
    const writes = await writesDuring(port, async () => {
      const stored = sut.store(storeOf('held', 'a', first, { lockOwner: 'one' }));
      await new Promise((r) => setImmediate(r));
      const [found] = await Promise.all([sut.lookup(lookupOf('held', 'a')), stored]);
      assert.equal(found.kind, 'hit', 'the fill ran before the lookup that took it along');
    });
    assert.equal(writes, 1);
    // Alone, it leaves after STORE_HOLD_MS: nothing waits for it longer.
    const second = snapshotOf(await sut.lookup(lookupOf('held', 'b')));
    const started = performance.now();
    assert.equal(await sut.store(storeOf('held', 'b', second)), true);
    assert.ok(performance.now() - started < STORE_HOLD_MS + 200);
    // Lookups asked in one turn leave in one write.
    const together = await writesDuring(port, () =>
      Promise.all(['c', 'd', 'e'].map((k) => sut.lookup(lookupOf('held', k)))),
    );
    assert.equal(together, 1);
  });

  it('refuses entries once the generations are lost (Redis restarted empty, evicted)', async () => {
    const sut = open();
    await ready(sut, 'lost');
    const snapshot = snapshotOf(await sut.lookup(lookupOf('lost', 'k')));
    await sut.store(storeOf('lost', 'k', snapshot));
    const admin = new Redis(REDIS_URL);
    await admin.del(`${prefix}{lost}:g`);
    await admin.quit();
    assert.equal((await sut.lookup(lookupOf('lost', 'k'))).kind, 'miss');
    assert.equal(await sut.store(storeOf('lost', 'k', snapshot)), false, 'a snapshot of lost generations');
  });

  it('after an outage that swallowed a bump, no instance trusts entries written before it', async () => {
    const target = new URL(REDIS_URL);
    const proxy = new TcpProxy(await freePort(), {
      host: target.hostname,
      port: Number(target.port || 6379),
    });
    await proxy.restore();
    const cut = open(`redis://127.0.0.1:${proxy.port}`);
    const other = open();
    await Promise.all([ready(cut, 'outage'), ready(other, 'outage')]);
    await other.store(storeOf('outage', 'k', snapshotOf(await other.lookup(lookupOf('outage', 'k')))));

    await proxy.cut();
    await cut.bump('outage', ['m']); // the write committed; its bump is lost, without an error
    assert.equal((await cut.lookup(lookupOf('outage', 'k'))).kind, 'unavailable');
    assert.equal((await other.lookup(lookupOf('outage', 'k'))).kind, 'hit');

    await proxy.restore();
    await ready(cut, 'outage');
    assert.equal((await cut.lookup(lookupOf('outage', 'k'))).kind, 'miss');
    assert.equal((await other.lookup(lookupOf('outage', 'k'))).kind, 'miss');
    await proxy.cut();
  });
});
