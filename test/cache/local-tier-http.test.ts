import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CACHE_STORE } from '../../src/cache/cache.module';
import type { RedisCacheStore } from '../../src/cache/redis-store';
import { createTestDatabase, TestDatabase } from '../support/database';
import type { TestApp } from '../support/app';
import { createApplicationKey } from '../support/keys';
import { createCachedApp } from './support/cache-app';
import { CacheTestModule } from './support/cache-fixtures';
import { dropRedisKeys, PrivateRedis, startRedisServer } from './support/redis-server';
import { redisServerSkip, redisSkip, TEST_REDIS_URL } from '../support/redis';

const localHits = (app: TestApp) => app.app.get<RedisCacheStore>(CACHE_STORE).localHits;

/** GETs until the instance answers from its own memory (its lease on the database came back). */
async function untilLocal(app: TestApp, path: string, auth: Record<string, string>) {
  for (let i = 0; i < 300; i++) {
    const before = localHits(app);
    const res = await app.http().get(path).set(auth);
    if (localHits(app) > before) return res;
    await sleep(10);
  }
  assert.fail('the instance never answered from memory');
}

async function twoInstances(redisUrl: string, prefix: string): Promise<[TestApp, TestApp]> {
  const env = { REDIS_URL: redisUrl, CACHE_PREFIX: prefix };
  return [
    await createCachedApp([CacheTestModule], env, true),
    await createCachedApp([CacheTestModule], env, true),
  ];
}

describe('the local tier over HTTP, two instances sharing Redis', { skip: redisSkip() }, () => {
  const prefix = `test:local-http:${randomBytes(6).toString('hex')}:`;
  let tdb: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let auth: Record<string, string>;
  let note: number;
  before(async () => {
    tdb = await createTestDatabase([CacheTestModule]);
    [note] = await tdb.commit((env) => env.model('cachetest.note').create(env, [{ name: 'v0' }]));
    auth = { Authorization: `Bearer ${await tdb.commit((env) => createApplicationKey(env, 'admin'))}` };
    [a, b] = await twoInstances(TEST_REDIS_URL, prefix);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await tdb.drop();
    await dropRedisKeys(TEST_REDIS_URL, prefix);
  });

  it('answers a hit from memory with the bytes and headers of the answer it stored', async () => {
    const path = `/${tdb.db}/rest/model/cachetest.note/${note}?f=name&f=level`;
    const miss = await b.http().get(path).set(auth);
    assert.equal(miss.headers['x-cache'], 'MISS');
    const redisHit = await a.http().get(path).set(auth);
    assert.equal(redisHit.headers['x-cache'], 'HIT');
    const local = await untilLocal(b, path, auth);
    assert.equal(local.text, miss.text);
    const shown = (h: Record<string, string>) => {
      const { date: _date, 'x-request-id': _id, ...rest } = h;
      return rest;
    };
    assert.deepEqual(shown(local.headers), shown(redisHit.headers));
  });

  it('a read on B right after a write on A is acknowledged answers the write, every time', async () => {
    const path = `/${tdb.db}/rest/model/cachetest.note/${note}?f=name`;
    for (let i = 1; i <= 10; i++) {
      const [writer, reader] = i % 2 ? [a, b] : [b, a];
      const held = await untilLocal(reader, path, auth);
      assert.deepEqual([held.headers['x-cache'], held.body.name], ['HIT', `v${i - 1}`]);
      const put = await writer
        .http()
        .put(`/${tdb.db}/rest/model/cachetest.note/${note}`)
        .set(auth)
        .send({ name: `v${i}` });
      assert.equal(put.status, 200);
      const read = await reader.http().get(path).set(auth);
      assert.deepEqual([read.status, read.body.name], [200, `v${i}`]);
    }
  });
});

describe('the local tier over HTTP when Redis stops and comes back', { skip: redisServerSkip() }, () => {
  const prefix = `test:local-http:${randomBytes(6).toString('hex')}:`;
  let tdb: TestDatabase;
  let redis: PrivateRedis;
  let a: TestApp;
  let b: TestApp;
  let auth: Record<string, string>;
  let note: number;
  before(async () => {
    tdb = await createTestDatabase([CacheTestModule]);
    [note] = await tdb.commit((env) => env.model('cachetest.note').create(env, [{ name: 'before' }]));
    auth = { Authorization: `Bearer ${await tdb.commit((env) => createApplicationKey(env, 'admin'))}` };
    redis = await startRedisServer();
    [a, b] = await twoInstances(redis.url, prefix);
  });
  after(async () => {
    redis?.thaw();
    await a?.close();
    await b?.close();
    await redis?.stop();
    await tdb.drop();
  });

  it('never answers from before a write made during the outage, on either instance', async () => {
    const path = `/${tdb.db}/rest/model/cachetest.note/${note}?f=name`;
    await untilLocal(b, path, auth);
    await untilLocal(a, path, auth);

    await redis.stop();
    const put = await a
      .http()
      .put(`/${tdb.db}/rest/model/cachetest.note/${note}`)
      .set(auth)
      .send({ name: 'during' });
    assert.equal(put.status, 200);
    for (const app of [b, a]) assert.equal((await app.http().get(path).set(auth)).body.name, 'during');

    redis = await startRedisServer(redis.port);
    let local = false;
    for (let i = 0; i < 300 && !local; i++) {
      const before = localHits(b);
      const res = await b.http().get(path).set(auth);
      assert.deepEqual([res.status, res.body.name], [200, 'during']);
      local = localHits(b) > before;
      await sleep(10);
    }
    assert.ok(local, 'b serves from memory again once Redis is back');
  });
});
