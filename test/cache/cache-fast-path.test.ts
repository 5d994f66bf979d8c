import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setApplicationKeyState } from '../../src/auth/application-keys';
import { installCacheFastPath } from '../../src/cache/cache-fast-path';
import { createTestDatabase, TestDatabase } from '../support/database';
import type { TestApp } from '../support/app';
import { createApplicationKey } from '../support/keys';
import { createCachedApp } from './support/cache-app';
import { CacheTestModule } from './support/cache-fixtures';
import { dropRedisKeys } from './support/redis-server';
import { redisSkip, TEST_REDIS_URL } from '../support/redis';

const REDIS_URL = TEST_REDIS_URL;

describe(installCacheFastPath.name, { skip: redisSkip() }, () => {
  const prefix = `test:fast:${randomBytes(6).toString('hex')}:`;
  let tdb: TestDatabase;
  let sut: TestApp;
  let plain: TestApp;
  let key: string;
  let path: string;
  before(async () => {
    tdb = await createTestDatabase([CacheTestModule]);
    const [id] = await tdb.commit((env) => env.model('cachetest.note').create(env, [{ name: 'fast' }]));
    key = await tdb.commit((env) => createApplicationKey(env, 'admin'));
    const env = { REDIS_URL, CACHE_PREFIX: prefix };
    sut = await createCachedApp([CacheTestModule], env, true);
    plain = await createCachedApp([CacheTestModule], env);
    path = `/${tdb.db}/rest/model/cachetest.note/${id}?f=name`;
  });
  after(async () => {
    await sut?.close();
    await plain?.close();
    await tdb.drop();
    await dropRedisKeys(REDIS_URL, prefix);
  });

  it('answers a hit with the same bytes and headers as the application would', async () => {
    const auth = { Authorization: `Bearer ${key}` };
    const miss = await sut.http().get(path).set(auth);
    const fast = await sut.http().get(path).set(auth);
    const nest = await plain.http().get(path).set(auth);
    assert.deepEqual(
      [miss.headers['x-cache'], fast.headers['x-cache'], nest.headers['x-cache']],
      ['MISS', 'HIT', 'HIT'],
    );
    assert.equal(fast.text, miss.text);
    for (const name of ['content-type', 'content-language', 'link', 'etag', 'cache-control', 'vary'])
      assert.equal(fast.headers[name], nest.headers[name], name);
    const revalidated = await sut.http().get(path).set(auth).set('If-None-Match', fast.headers.etag);
    assert.deepEqual([revalidated.status, revalidated.text], [304, '']);
  });

  it('shares nothing of one hit with the next: its own request id, its own pyDAL timestamp', async () => {
    const auth = { Authorization: `Bearer ${key}` };
    const api = `/${tdb.db}/rest/api/cachetest.note?name.eq=fast`;
    for (const url of [path, api]) {
      await sut.http().get(url).set(auth);
      const first = await sut.http().get(url).set(auth);
      const notModified = await sut.http().get(url).set(auth).set('If-None-Match', first.headers.etag);
      const second = await sut.http().get(url).set(auth).set('X-Request-Id', 'mine');
      assert.deepEqual(
        [first.headers['x-cache'], notModified.status, second.headers['x-cache']],
        ['HIT', 304, 'HIT'],
      );
      // A 304 carries the cache headers only; the hit after it has all of them again.
      assert.equal(notModified.headers['content-type'], undefined);
      for (const name of ['content-type', 'etag', 'cache-control', 'vary'])
        assert.equal(second.headers[name], first.headers[name], name);
      assert.notEqual(first.headers['x-request-id'], notModified.headers['x-request-id']);
      assert.equal(second.headers['x-request-id'], 'mine');
      if (url === api) {
        const [a, b] = [first.body as { timestamp: string }, second.body as { timestamp: string }];
        assert.notEqual(a.timestamp, b.timestamp, 'each pyDAL answer is stamped when it is sent');
        assert.deepEqual({ ...a, timestamp: '' }, { ...b, timestamp: '' });
      } else {
        assert.equal(second.text, first.text);
      }
    }
  });

  it('leaves requests it may not answer to the application (which authenticates them)', async () => {
    await sut
      .http()
      .get(path)
      .set({ Authorization: `Bearer ${key}` });
    assert.equal((await sut.http().get(path)).status, 401);
    assert.equal((await sut.http().get(path).set({ Authorization: 'Bearer not-a-key' })).status, 401);
    const put = await sut
      .http()
      .put(path.replace('?f=name', ''))
      .set({ Authorization: `Bearer ${key}` })
      .send({ name: 'fast' });
    assert.equal(put.status, 200);
  });

  it('never serves a cancelled key, cached answer or not', async () => {
    const cancelled = await tdb.commit((env) => createApplicationKey(env, 'admin'));
    const auth = { Authorization: `Bearer ${cancelled}` };
    await sut.http().get(path).set(auth);
    assert.equal((await sut.http().get(path).set(auth)).headers['x-cache'], 'HIT');
    await tdb.commit((env) => setApplicationKeyState(env, { key: cancelled }, 'cancelled'));
    assert.equal((await sut.http().get(path).set(auth)).status, 401);
  });
});
