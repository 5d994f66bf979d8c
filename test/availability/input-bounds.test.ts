import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestDatabase } from '../support/database';
import { createTestApp, TestApp, useTestApp } from '../support/app';
import { createApplicationKey } from '../support/keys';
import { TestModule } from '../fixtures/test.module';
import { HeroesModule } from '../restapi/fixtures/heroes.module';
import { PydalClient, usePydalApp } from '../restapi/fixtures/pydal-client';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const nestedObject = (depth: number) => `{"a":${nested(depth)}}`;
const b64 = (text: string) => Buffer.from(text).toString('base64url');

/** Input that used to reach recursion, PostgreSQL limits or unbounded loops: each is a 4xx naming it. */
describe('input bounds (Tryton REST)', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let auth: { Authorization: string };
  let root: number;
  let child: number;
  useTestApp(
    [TestModule],
    async (stack) => {
      ({ tdb, sut } = stack);
      auth = { Authorization: `Bearer ${await tdb.commit((env) => createApplicationKey(env, 'admin'))}` };
      [root, child] = await tdb.commit(async (env) => {
        const Category = env.model('test.category');
        const [r] = await Category.create(env, [{ name: 'Root' }]);
        const [c] = await Category.create(env, [{ name: 'Child', parent: r }]);
        await env.model('test.partner').create(env, [{ name: 'Someone' }]);
        return [r, c];
      });
    },
    { env: { BODY_LIMIT: String(1024 * 1024) } },
  );
  const url = (path: string) => `/${tdb.db}/rest${path}`;

  it('refuses JSON nested deeper than the limit in headers, query parameters and bodies (400 naming it)', async () => {
    const cases = [
      sut.http().get(url('/model/test.partner')).set(auth).set('X-Tryton-Context', nestedObject(3000)),
      sut
        .http()
        .get(url('/model/test.partner'))
        .set(auth)
        .set('X-Tryton-Context', b64(nestedObject(3000))),
      sut
        .http()
        .get(url('/model/test.partner'))
        .set(auth)
        .query({ d: nested(2000) }),
      sut
        .http()
        .get(url('/model/test.partner'))
        .set(auth)
        .query({ d: b64(nested(2000)) }),
      sut
        .http()
        .get(url('/model/test.partner'))
        .set(auth)
        .query({ o: nested(2000) }),
      sut.http().get(url('/model/test.partner/1')).set(auth).set('X-Tryton-Context', nestedObject(200)),
      sut
        .http()
        .post(url('/model/test.partner'))
        .set(auth)
        .set('Content-Type', 'application/json')
        .send(`{"name":"x","notes":${nested(100_000)}}`),
      sut
        .http()
        .post(`/${tdb.db}/user/application/`)
        .set('Content-Type', 'application/json')
        .send(`{"login":${nested(5000)}}`),
    ];
    for (const [i, res] of (await Promise.all(cases)).entries()) {
      assert.equal(res.status, 400, `case ${i}: ${res.status} ${res.text}`);
      assert.match(res.body.message, /nested deeper than 64/, `case ${i}`);
    }
    // Within the limit, nesting is the domain's business (it has its own, smaller one).
    const ok = await sut
      .http()
      .get(url('/model/test.partner'))
      .set(auth)
      .query({ d: '[[["name","=","x"]]]' });
    assert.equal(ok.status, 200);
  });

  it("refuses a value longer than the field's size, or than an indexed column holds", async () => {
    const long = await sut
      .http()
      .post(url('/model/test.partner'))
      .set(auth)
      .send({ name: 'x'.repeat(41) });
    assert.equal(long.status, 400);
    assert.match(long.body.message, /longer than 40 characters/);
    // code is unique (indexed): 9,000 characters would overflow a btree entry inside PostgreSQL.
    for (const value of ['c'.repeat(9000), 'é'.repeat(1500)]) {
      const res = await sut
        .http()
        .post(url('/model/test.partner'))
        .set(auth)
        .send({ name: 'Long code', code: value });
      assert.equal(res.status, 400, res.text);
      assert.match(res.body.message, /longer than 2000 bytes/);
    }
    const fine = await sut
      .http()
      .post(url('/model/test.partner'))
      .set(auth)
      .send({ name: 'Long code', code: 'c'.repeat(1900), notes: 'n'.repeat(50_000) });
    assert.equal(fine.status, 200, fine.text);
  });

  it('refuses a copy into the record itself or its descendants, promptly and without writing', async () => {
    const before = await tdb.commit((env) => env.model('test.category').search(env, []));
    const intoItself = await sut
      .http()
      .put(url(`/model/test.category/${root}`))
      .set(auth)
      .send({ children: [['copy', [root], {}]] });
    assert.equal(intoItself.status, 400, intoItself.text);
    assert.match(intoItself.body.message, /cannot be copied into itself or one of its descendants/);
    const intoChild = await sut
      .http()
      .put(url(`/model/test.category/${child}`))
      .set(auth)
      .send({ children: [['copy', [root], {}]] });
    assert.equal(intoChild.status, 400, intoChild.text);
    assert.deepEqual(await tdb.commit((env) => env.model('test.category').search(env, [])), before);
    // Copying a subtree elsewhere still copies its children (once).
    const elsewhere = await sut
      .http()
      .post(url('/model/test.category'))
      .set(auth)
      .send({ name: 'Other', children: [['copy', [root], {}]] });
    assert.equal(elsewhere.status, 200, elsewhere.text);
    const after = await tdb.commit((env) => env.model('test.category').search(env, []));
    assert.equal(after.length, before.length + 3);
  });

  it('refuses a parent that makes a record its own ancestor', async () => {
    for (const [id, parent] of [
      [root, root],
      [root, child],
    ]) {
      const res = await sut
        .http()
        .put(url(`/model/test.category/${id}`))
        .set(auth)
        .send({ parent });
      assert.equal(res.status, 400, res.text);
      assert.match(res.body.message, /Recursion error/);
    }
    const moved = await sut
      .http()
      .put(url(`/model/test.category/${child}`))
      .set(auth)
      .send({ parent: null });
    assert.equal(moved.status, 200, moved.text);
  });

  it('caps bodies per route before parsing: 64 KB on the key routes, BODY_LIMIT elsewhere (413)', async () => {
    const big = JSON.stringify({ login: 'admin', application: 'rest', pad: 'x'.repeat(100 * 1024) });
    for (const method of ['post', 'delete'] as const) {
      const agent = sut.http();
      const res = await agent[method](`/${tdb.db}/user/application/`)
        .set('Content-Type', 'application/json')
        .send(big);
      assert.equal(res.status, 413, `${method}: ${res.text}`);
      assert.match(res.body.message, /limit 65536 bytes/, res.text);
    }
    const huge = await sut
      .http()
      .post(url('/model/test.partner'))
      .set(auth)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify([{ name: 'x', notes: 'n'.repeat(2 * 1024 * 1024) }]));
    assert.equal(huge.status, 413);
    assert.match(huge.body.message, /limit 1048576 bytes/);
  });
});

describe('input bounds (pyDAL RestAPI)', () => {
  let api: PydalClient;
  let sut: TestApp;
  let db: string;
  let key: string;
  let tdb: TestDatabase;
  usePydalApp([HeroesModule], (app) => {
    ({ api, sut, tdb } = app);
    db = app.tdb.db;
  });
  before(async () => {
    key = await tdb.commit((env) => createApplicationKey(env, 'admin'));
  });

  it('answers 503 with Retry-After and no driver text, in its envelope, when a statement times out', async () => {
    const slow = await createTestApp(tdb, [HeroesModule], { DB_STATEMENT_TIMEOUT: '300' });
    const session = await tdb.server.begin(db, false);
    try {
      const [row] = await session.tx.query(
        `UPDATE "color" SET "name" = "name" WHERE "id" = (SELECT MIN("id") FROM "color") RETURNING "id"`,
      );
      const res = await slow
        .http()
        .put(`/${db}/rest/api/color/${row.id}`)
        .set('Authorization', `Bearer ${key}`)
        .send({ name: 'blocked' });
      assert.equal(res.status, 503, res.text);
      assert.equal(res.body.code, 503);
      assert.equal(res.body.status, 'error');
      assert.ok(Number(res.headers['retry-after']) > 0);
      assert.doesNotMatch(res.text, /canceling statement|127\.0\.0\.1|ECONN/);
    } finally {
      await session.tx.rollback();
      session.release();
      await slow.close();
    }
  });

  it('answers 400 for a 9,000-character value of an indexed column', async () => {
    const res = await api.post('color', { name: 'x'.repeat(9000) });
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.match(res.body.message, /longer than 2000 bytes/);
  });

  it('answers 400 for a body nested deeper than the limit', async () => {
    const res = await sut
      .http()
      .post(`/${db}/rest/api/color`)
      .set('Authorization', `Bearer ${key}`)
      .set('Content-Type', 'application/json')
      .send(`{"name":${nested(5000)}}`);
    assert.equal(res.status, 400, res.text);
    assert.match(res.body.message, /nested deeper than 64/);
  });

  it('reads a multipart boundary as sent (browsers send capital letters)', async () => {
    const boundary = '----WebKitFormBoundaryAbCdEf123';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nMixed Case\r\n` +
      `--${boundary}--\r\n`;
    const res = await sut
      .http()
      .post(`/${db}/rest/api/color`)
      .set('Authorization', `Bearer ${key}`)
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
      .send(body);
    assert.equal(res.status, 200, res.text);
    const read = await api.get('color', { name: 'Mixed Case' });
    assert.equal(read.body.items.length, 1);
  });
});
