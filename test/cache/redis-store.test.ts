import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createRedisClient } from '../../src/cache/redis-client';
import { RedisCacheStore } from '../../src/cache/redis-store';
import { answerOf, snapshotOf, storeContract } from './support/store-contract';
import { freePort } from './support/redis-server';
import { TcpProxy } from './support/tcp-proxy';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

describe(RedisCacheStore.name, () => {
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
    const admin = new Redis(REDIS_URL);
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length) await admin.del(...keys);
    await admin.quit();
  });

  storeContract(async () => {
    const store = open();
    await ready(store, 'any'); // the client connects in the background
    return store;
  });

  it('shares entries and generations between instances', async () => {
    const [a, b] = [open(), open()];
    await Promise.all([ready(a, 'shop'), ready(b, 'shop')]);
    const snapshot = snapshotOf(await a.lookup({ db: 'shop', key: 'k', profile: null, lockOwner: null }));
    await a.store({ db: 'shop', key: 'k', answer: answerOf('x'), snapshot, deps: ['party.party'], lockOwner: null });
    assert.equal((await b.lookup({ db: 'shop', key: 'k', profile: null, lockOwner: null })).kind, 'hit');
    await b.bump('shop', ['party.party']);
    assert.equal((await a.lookup({ db: 'shop', key: 'k', profile: null, lockOwner: null })).kind, 'miss');
  });

  it('gives one caller the fill lock of a key; storing frees it, an uncacheable fill marks it', async () => {
    const sut = open();
    await ready(sut, 'shop');
    const first = await sut.lookup({ db: 'shop', key: 'lock', profile: null, lockOwner: 'one' });
    const second = await sut.lookup({ db: 'shop', key: 'lock', profile: null, lockOwner: 'two' });
    assert.deepEqual([first.kind === 'miss' && first.lock, second.kind === 'miss' && second.lock], ['mine', 'held']);

    await sut.release('shop', 'lock', 'one', true);
    const third = await sut.lookup({ db: 'shop', key: 'lock', profile: null, lockOwner: 'three' });
    assert.equal(third.kind === 'miss' && third.lock, 'uncacheable');

    const fresh = await sut.lookup({ db: 'shop', key: 'lock2', profile: null, lockOwner: 'four' });
    const answer = answerOf('y');
    await sut.store({ db: 'shop', key: 'lock2', answer, snapshot: snapshotOf(fresh), deps: ['m'], lockOwner: 'four' });
    await sut.bump('shop', ['m']);
    const after = await sut.lookup({ db: 'shop', key: 'lock2', profile: null, lockOwner: 'five' });
    assert.equal(after.kind === 'miss' && after.lock, 'mine', 'the store freed the lock');
  });

  it('refuses entries once the generations are lost (Redis restarted empty, evicted)', async () => {
    const sut = open();
    await ready(sut, 'lost');
    const snapshot = snapshotOf(await sut.lookup({ db: 'lost', key: 'k', profile: null, lockOwner: null }));
    await sut.store({ db: 'lost', key: 'k', answer: answerOf('x'), snapshot, deps: ['m'], lockOwner: null });
    const admin = new Redis(REDIS_URL);
    await admin.del(`${prefix}{lost}:g`);
    await admin.quit();
    assert.equal((await sut.lookup({ db: 'lost', key: 'k', profile: null, lockOwner: null })).kind, 'miss');
    const stored = await sut.store({ db: 'lost', key: 'k', answer: answerOf('x'), snapshot, deps: ['m'], lockOwner: null });
    assert.equal(stored, false, 'a snapshot of the lost generations is refused');
  });

  it('after an outage that swallowed a bump, no instance trusts entries written before it', async () => {
    const target = new URL(REDIS_URL);
    const proxy = new TcpProxy(await freePort(), { host: target.hostname, port: Number(target.port || 6379) });
    await proxy.restore();
    const cut = open(`redis://127.0.0.1:${proxy.port}`);
    const other = open();
    await Promise.all([ready(cut, 'outage'), ready(other, 'outage')]);
    const snapshot = snapshotOf(await other.lookup({ db: 'outage', key: 'k', profile: null, lockOwner: null }));
    await other.store({ db: 'outage', key: 'k', answer: answerOf('x'), snapshot, deps: ['party.party'], lockOwner: null });

    await proxy.cut();
    await cut.bump('outage', ['party.party']); // the write committed; its bump is lost, without an error
    assert.equal((await cut.lookup({ db: 'outage', key: 'k', profile: null, lockOwner: null })).kind, 'unavailable');
    assert.equal((await other.lookup({ db: 'outage', key: 'k', profile: null, lockOwner: null })).kind, 'hit');

    await proxy.restore();
    await ready(cut, 'outage');
    assert.equal((await cut.lookup({ db: 'outage', key: 'k', profile: null, lockOwner: null })).kind, 'miss');
    assert.equal((await other.lookup({ db: 'outage', key: 'k', profile: null, lockOwner: null })).kind, 'miss');
    await proxy.cut();
  });
});
