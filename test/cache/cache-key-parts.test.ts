import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CacheKeyParts } from '../../src/cache/cache-key-parts';
import { createTestDatabase, TestDatabase } from '../support/database';
import type { TestApp } from '../support/app';
import { createApplicationKey } from '../support/keys';
import { createCachedApp } from './support/cache-app';
import { CacheTestModule } from './support/cache-fixtures';

describe(CacheKeyParts.name, () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let version = 1;
  let path: string;
  let keys: Record<'rest' | 'other', { Authorization: string }>;
  before(async () => {
    tdb = await createTestDatabase([CacheTestModule]);
    const [id] = await tdb.commit((env) => env.model('cachetest.note').create(env, [{ name: 'parts' }]));
    path = `/${tdb.db}/rest/model/cachetest.note/${id}?f=name`;
    const bearer = async (application: string) => ({
      Authorization: `Bearer ${await tdb.commit((env) => createApplicationKey(env, 'admin', application))}`,
    });
    keys = { rest: await bearer('rest'), other: await bearer('rest') };
    sut = await createCachedApp([CacheTestModule], { REDIS_URL: '' });
    sut.app.get(CacheKeyParts).register(({ headers }) => (headers['x-no-cache'] ? null : `v${version}`));
  });
  after(async () => {
    await sut?.close();
    await tdb.drop();
  });

  const cacheOf = async (auth: { Authorization: string }, headers: Record<string, string> = {}) =>
    (await sut.http().get(path).set(auth).set(headers)).headers['x-cache'];

  it('keys answers by what the parts say, and shares them between keys of one user and application', async () => {
    assert.deepEqual([await cacheOf(keys.rest), await cacheOf(keys.other)], ['MISS', 'HIT']);
    version++;
    assert.deepEqual([await cacheOf(keys.rest), await cacheOf(keys.rest)], ['MISS', 'HIT']);
  });

  it('leaves a request a part refuses to the route', async () => {
    assert.equal(await cacheOf(keys.rest, { 'X-No-Cache': '1' }), 'BYPASS');
  });
});
