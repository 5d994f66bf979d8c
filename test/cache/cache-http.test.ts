import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CACHE_STORE } from '../../src/cache/cache.module';
import type { CacheStore } from '../../src/cache/cache-store';
import { createTestDatabase, TestDatabase } from '../support/database';
import type { TestApp } from '../support/app';
import { apiKey, createApplicationKey } from '../support/keys';
import { createCachedApp } from './support/cache-app';
import { CacheTestModule } from './support/cache-fixtures';
import { dropRedisKeys } from './support/redis-server';
import { redisSkip, TEST_REDIS_URL } from '../support/redis';

const REDIS_URL = TEST_REDIS_URL;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
type Auth = ReturnType<typeof bearer>;

describe('CacheInterceptor over HTTP, two instances sharing Redis', { skip: redisSkip() }, () => {
  const prefix = `test:http:${randomBytes(6).toString('hex')}:`;
  let tdb: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  const ids: Record<string, number> = {};
  const keys: Record<string, Auth> = {};
  const url = (path: string) => `/${tdb.db}/rest/model${path}`;

  before(async () => {
    tdb = await createTestDatabase([CacheTestModule]);
    await tdb.commit(async (env) => {
      const [low, mid] = await env.model('res.group').create(env, [{ name: 'low' }, { name: 'mid' }]);
      ids.mid = mid;
      await env
        .model('ir.rule.group')
        .create(env, [
          ruleGroup('low notes', low, [['level', '<=', 1]]),
          ruleGroup('mid notes', mid, [['level', '<=', 3]]),
        ]);
      [ids.category] = await env.model('cachetest.category').create(env, [{ name: 'Paper' }]);
      [ids.n1, ids.n2, ids.n3] = await env.model('cachetest.note').create(env, [
        { name: 'one', level: 1, category: ids.category },
        { name: 'three', level: 3 },
        { name: 'five', level: 5 },
      ]);
      await env.model('cachetest.note').create(
        env,
        Array.from({ length: 120 }, (_, i) => ({ name: `bulk ${i}`, level: 9 })),
      );
    });
    keys.admin = bearer(await tdb.commit((env) => createApplicationKey(env, 'admin')));
    for (const [login, group] of [
      ['alice', 'low'],
      ['carol', 'low'],
      ['bob', 'mid'],
    ])
      keys[login] = bearer(await apiKey(tdb, login, [group]));
    ids.carol = (await tdb.commit((env) => env.model('res.user').search(env, [['login', '=', 'carol']])))[0];
    const env = { REDIS_URL, CACHE_PREFIX: prefix };
    [a, b] = [await createCachedApp([CacheTestModule], env), await createCachedApp([CacheTestModule], env)];
    // Both clients connected (under load a first ready check may time out and reconnect).
    for (const app of [a, b]) {
      const store = app.app.get<CacheStore>(CACHE_STORE);
      for (let i = 0; i < 300 && !(await store.snapshot(tdb.db)); i++) await sleep(10);
    }
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await tdb.drop();
    await dropRedisKeys(REDIS_URL, prefix);
  });

  const get = (app: TestApp, path: string, auth: Auth = keys.admin) => app.http().get(url(path)).set(auth);

  it('answers a repeated GET from the cache, byte for byte, with its ETag and cache headers', async () => {
    const first = await get(a, `/cachetest.note/${ids.n1}?f=name&f=level`);
    const second = await get(b, `/cachetest.note/${ids.n1}?f=level&f=name&f=name`);
    assert.equal(first.status, 200);
    assert.deepEqual([first.headers['x-cache'], second.headers['x-cache']], ['MISS', 'HIT']);
    assert.equal(second.text, first.text);
    assert.match(first.headers.etag, /^"[\w-]+"$/);
    assert.equal(second.headers.etag, first.headers.etag);
    assert.equal(second.headers['content-type'], 'application/json');
    assert.equal(second.headers['cache-control'], 'private, max-age=0');
    assert.equal(second.headers.vary, 'Authorization, Accept-Language, X-Tryton-Context, X-Tryton-Usage');
  });

  it('a write through the API makes the next GET on the other instance a MISS with the new data', async () => {
    const path = `/cachetest.note/${ids.n2}?f=name&f=state`;
    await get(b, path);
    assert.equal((await get(b, path)).headers['x-cache'], 'HIT');
    const put = await a
      .http()
      .put(url(`/cachetest.note/${ids.n2}`))
      .set(keys.admin)
      .send({ name: 'renamed' });
    assert.equal(put.status, 200);
    const after = await get(b, path);
    assert.deepEqual([after.headers['x-cache'], after.body.name], ['MISS', 'renamed']);

    const pressed = await a
      .http()
      .post(url(`/cachetest.note/${ids.n2}/archive`))
      .set(keys.admin)
      .send({});
    assert.equal(pressed.status, 200);
    const archived = await get(b, path);
    assert.deepEqual([archived.headers['x-cache'], archived.body.state], ['MISS', 'archived']);
  });

  it('a write to a model reached through a dotted path invalidates the answer', async () => {
    const path = `?d=${b64([['id', '=', ids.n1]])}&f=category.name`;
    await get(a, `/cachetest.note${path}`);
    assert.equal((await get(b, `/cachetest.note${path}`)).headers['x-cache'], 'HIT');
    await b
      .http()
      .put(url(`/cachetest.category/${ids.category}`))
      .set(keys.admin)
      .send({ name: 'Card' });
    const after = await get(a, `/cachetest.note${path}`);
    assert.deepEqual([after.headers['x-cache'], after.body[0].category.name], ['MISS', 'Card']);
  });

  it('answers 304 to If-None-Match with the current ETag, and 200 with a new ETag after a write', async () => {
    const path = `/cachetest.note/${ids.n3}?f=name`;
    const { headers } = await get(a, path);
    const revalidated = await get(b, path).set('If-None-Match', headers.etag);
    assert.equal(revalidated.status, 304);
    assert.equal(revalidated.text, '');
    assert.equal(revalidated.headers.etag, headers.etag);
    await b
      .http()
      .put(url(`/cachetest.note/${ids.n3}`))
      .set(keys.admin)
      .send({ name: 'changed' });
    const changed = await get(a, path).set('If-None-Match', headers.etag);
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.etag, headers.etag);
    assert.equal(changed.body.name, 'changed');
  });

  it('never gives users with different record rules each other answers; identical rights share', async () => {
    const path = `?d=${b64([['level', '<', 9]])}&f=name`;
    const names = (res: { body: { name: string }[] }) => res.body.map((n) => n.name);
    const alice = await get(a, `/cachetest.note${path}`, keys.alice);
    const carol = await get(b, `/cachetest.note${path}`, keys.carol);
    const bob = await get(b, `/cachetest.note${path}`, keys.bob);
    assert.deepEqual(
      [alice.headers['x-cache'], carol.headers['x-cache'], bob.headers['x-cache']],
      ['MISS', 'HIT', 'MISS'],
    );
    assert.deepEqual(names(alice), ['one']);
    assert.equal(carol.text, alice.text);
    assert.equal(names(bob).length, 2);
    assert.deepEqual(names(await get(a, `/cachetest.note${path}`, keys.alice)), ['one']);

    // Carol joins bob's group through the API: from now on her answers are bob's, on every instance.
    const put = await a
      .http()
      .put(url(`/res.user/${ids.carol}`))
      .set(keys.admin)
      .send({ groups: [['add', [ids.mid]]] });
    assert.equal(put.status, 200);
    const promoted = await get(b, `/cachetest.note${path}`, keys.carol);
    assert.equal(names(promoted).length, 2);
    assert.deepEqual(names(await get(b, `/cachetest.note${path}`, keys.alice)), ['one']);
  });

  it('tees a streamed answer into the entry', async () => {
    const path = `/cachetest.note?d=${b64([['name', 'like', 'bulk%']])}&f=name`;
    const first = await get(a, path);
    assert.deepEqual([first.status, first.body.length, first.headers.etag], [200, 120, undefined]);
    const second = await get(b, path);
    assert.equal(second.headers['x-cache'], 'HIT');
    assert.equal(second.text, first.text);
    assert.ok(second.headers.etag);
  });

  it('computes concurrent misses of one key once, across both instances', async () => {
    const path = `/cachetest.note?d=${b64([['level', '>=', 0]])}&f=level&s=7`;
    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => get(i % 2 ? a : b, path)));
    assert.deepEqual(
      answers.map((r) => r.status),
      answers.map(() => 200),
    );
    assert.equal(answers.filter((r) => r.headers['x-cache'] === 'MISS').length, 1);
    assert.ok(answers.every((r) => r.text === answers[0].text));
  });

  it('caches the pyDAL dialect too, and invalidates it on a write made through it', async () => {
    const path = `/${tdb.db}/rest/api/cachetest.note?level.eq=5&@order=id`;
    const first = await a.http().get(path).set(keys.admin);
    const second = await b.http().get(path).set(keys.admin);
    assert.deepEqual(
      [first.status, first.headers['x-cache'], second.headers['x-cache']],
      [200, 'MISS', 'HIT'],
    );
    // the same answer, with a timestamp of its own (pyDAL stamps every answer)
    const { timestamp: _t1, ...firstBody } = first.body as Record<string, unknown>;
    const { timestamp: _t2, ...secondBody } = second.body as Record<string, unknown>;
    assert.deepEqual(secondBody, firstBody);
    const put = await a
      .http()
      .put(`/${tdb.db}/rest/api/cachetest.note/${ids.n3}`)
      .set(keys.admin)
      .send({ name: 'api' });
    assert.equal(put.status, 200);
    const after = await b.http().get(path).set(keys.admin);
    assert.deepEqual([after.headers['x-cache'], after.body.items[0].name], ['MISS', 'api']);
  });

  it('never caches an error', async () => {
    const bad = await get(a, '/cachetest.note?d=%5Bnot-json');
    assert.equal(bad.status, 400);
    const missing = await get(a, '/cachetest.note/999999?f=name');
    assert.equal(missing.status, 404);
    assert.equal((await get(b, '/cachetest.note/999999?f=name')).status, 404);
    const anonymous = await a.http().get(url('/cachetest.note'));
    assert.equal(anonymous.status, 401);
  });
});

function ruleGroup(name: string, group: number, domain: unknown[]) {
  return {
    name,
    model: 'cachetest.note',
    global_p: false,
    groups: [['add', [group]]],
    rules: [['create', [{ domain: JSON.stringify(domain) }]]],
  };
}
