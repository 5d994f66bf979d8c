import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestDatabase } from '../support/database';
import { TestApp, useTestApp } from '../support/app';
import { createApplicationKey } from '../support/keys';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Tryton 8.0's own REST test cases, replayed against res.user, res.group and ir.lang. */
describe('Tryton REST test cases', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let auth: { Authorization: string };
  let url: (path: string) => string;
  useTestApp([], async (stack) => {
    ({ tdb, sut } = stack);
    auth = { Authorization: `bearer ${await tdb.commit((env) => createApplicationKey(env, 'admin'))}` };
    url = (path) => `/${tdb.db}/rest${path}`;
  });

  it('search', async () => {
    const res = await sut
      .http()
      .get(url('/model/res.user'))
      .query({ d: b64([['login', '=', 'admin']]) })
      .set(auth)
      .set('Accept-Language', 'fr');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/json');
    assert.deepEqual(res.body, [{ id: 1, __name__: 'res.user', rec_name: 'Administrator' }]);
    assert.equal(res.headers['content-language'], 'fr');
    // Link lists the x2many sub-collections (groups, applications...), not the many2ones.
    const rels = [...String(res.headers.link).matchAll(/<([^>]+)>; rel="([^"]+)"/g)];
    assert.ok(
      rels.some(([, href, rel]) => rel === 'groups' && href.endsWith('/rest/model/res.user/{id}/groups')),
    );
    assert.ok(!rels.some(([, , rel]) => rel === 'create_uid' || rel === 'write_uid' || rel === 'company'));
  });

  it('search range', async () => {
    const size = (await sut.http().get(url('/model/ir.lang')).set(auth)).body.length;
    assert.ok(size >= 3);
    const cases: [string, string | undefined, number][] = [
      ['records=2-', `records 2-${size}/${size}`, size - 2],
      ['records=2-4', `records 2-4/${size}`, 2],
      ['items=2-4', `records 2-4/${size}`, 2],
      ['bytes=2-4', undefined, size],
      ['records=2-4, 6-7', undefined, size],
      ['records=-2', undefined, size],
    ];
    for (const [range, contentRange, length] of cases) {
      const res = await sut.http().get(url('/model/ir.lang')).set(auth).set('Range', range);
      assert.equal(res.status, 200, range);
      assert.equal(res.headers['content-range'], contentRange, range);
      assert.equal(res.body.length, length, range);
      if (contentRange) assert.equal(res.headers['accept-ranges'], 'records');
    }
    const past = await sut
      .http()
      .get(url('/model/ir.lang'))
      .set(auth)
      .set('Range', `records=${size + 1}-`);
    assert.equal(past.status, 416);
  });

  it('search limit, offset and order', async () => {
    const all = (await sut.http().get(url('/model/ir.lang')).set(auth)).body;
    const limited = await sut.http().get(url('/model/ir.lang')).query({ s: 2 }).set(auth);
    assert.equal(limited.body.length, 2);
    const offset = await sut.http().get(url('/model/ir.lang')).query({ p: 2 }).set(auth);
    assert.equal(offset.body.length, all.length - 2);
    const ordered = await sut
      .http()
      .get(url('/model/ir.lang'))
      .query({ o: b64([['id', 'ASC']]) })
      .set(auth);
    const ids = ordered.body.map((r: { id: number }) => r.id);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
    );
  });

  it('get, get with fields, x2many ids, not found', async () => {
    const res = await sut.http().get(url('/model/res.user/1')).set(auth);
    assert.deepEqual(res.body, { id: 1, __name__: 'res.user', rec_name: 'Administrator' });
    const fields = await sut.http().get(url('/model/res.user/1?f=name&f=login&f=groups.name')).set(auth);
    assert.deepEqual(fields.body, {
      id: 1,
      __name__: 'res.user',
      name: 'Administrator',
      login: 'admin',
      groups: [{ id: 1, __name__: 'res.group', name: 'Administration' }],
    });
    const x2many = await sut.http().get(url('/model/res.user/1?f=groups')).set(auth);
    assert.deepEqual(x2many.body, { id: 1, __name__: 'res.user', groups: [1] });
    assert.equal((await sut.http().get(url('/model/res.user/42')).set(auth)).status, 404);
  });

  it('create, update, delete and their not-found cases', async () => {
    const created = await sut.http().post(url('/model/res.user')).set(auth).send({ login: 'test create' });
    assert.equal(created.status, 200);
    assert.equal(created.body.__name__, 'res.user');
    assert.equal(created.body.rec_name, 'test create');
    assert.equal(created.headers.location, url(`/model/res.user/${created.body.id}`));
    const updated = await sut
      .http()
      .put(url(`/model/res.user/${created.body.id}`))
      .set(auth)
      .send({ login: 'test updated' });
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.body, { id: created.body.id, __name__: 'res.user', rec_name: 'test updated' });
    assert.equal(
      (await sut.http().put(url('/model/res.user/42')).set(auth).send({ name: 'Administrator' })).status,
      404,
    );
    const group = await sut.http().post(url('/model/res.group')).set(auth).send({ name: 'test delete' });
    const deleted = await sut
      .http()
      .delete(url(`/model/res.group/${group.body.id}`))
      .set(auth);
    assert.equal(deleted.status, 204);
    assert.equal(deleted.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(deleted.headers['content-language'], 'en');
    assert.equal((await sut.http().delete(url('/model/res.group/42')).set(auth)).status, 404);
  });

  it('buttons with and without record, with data, not found, not exposed', async () => {
    const button = await sut.http().post(url('/model/res.user/1/reset_password')).set(auth);
    assert.equal(button.status, 200);
    assert.deepEqual(button.body, { id: 1, __name__: 'res.user', rec_name: 'Administrator' });
    const model = await sut.http().post(url('/model/res.user/get_preferences')).set(auth);
    assert.equal(model.status, 200);
    assert.equal(typeof model.body, 'object');
    const data = await sut
      .http()
      .post(url('/model/res.user/1/reset_password'))
      .set(auth)
      .send({ length: 12 });
    assert.equal(data.status, 200);
    assert.equal((await sut.http().post(url('/model/res.user/42/reset_password')).set(auth)).status, 404);
    assert.equal((await sut.http().post(url('/model/res.user/1/validate')).set(auth)).status, 403);
  });

  it('the generic RPC methods of every model: search_count, search, default_get, fields_get', async () => {
    const post = (path: string, body: unknown) =>
      sut.http().post(url(path)).set(auth).set('Content-Type', 'application/json').send(JSON.stringify(body));
    const langs = (await sut.http().get(url('/model/ir.lang')).query({ f: 'code' }).set(auth)).body;
    const count = await post('/model/ir.lang/search_count', { domain: [] });
    assert.equal(count.status, 200);
    assert.equal(count.body, langs.length);
    const fr = await post('/model/ir.lang/search_count', { domain: [['code', '=', 'fr']] });
    assert.equal(fr.body, 1);
    const ids = await post('/model/ir.lang/search', {
      domain: [],
      offset: 1,
      limit: 2,
      order: [['code', 'DESC']],
    });
    assert.equal(ids.status, 200);
    const byCode = [...langs].sort((a: { code: string }, b: { code: string }) => (a.code < b.code ? 1 : -1));
    assert.deepEqual(
      ids.body,
      byCode.slice(1, 3).map((l: { id: number }) => l.id),
    );
    assert.equal((await post('/model/ir.lang/search', { domain: [], count: true })).body, langs.length);
    const defaults = await post('/model/res.group/default_get', { fields_names: ['name', 'users'] });
    assert.equal(defaults.status, 200);
    assert.deepEqual(defaults.body, {});
    assert.deepEqual((await post('/model/res.user/default_get', { fields_names: ['active'] })).body, {
      active: true,
    });
    // Bad input names the problem: unknown field, bad domain, wrong argument type.
    const unknown = await post('/model/ir.lang/search_count', { domain: [['nope', '=', 1]] });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.message, /nope/);
    assert.equal((await post('/model/ir.lang/search', { domain: 'x' })).status, 400);
    assert.equal((await post('/model/ir.lang/search', { limit: -1 })).status, 400);
    assert.equal((await post('/model/ir.lang/default_get', { fields_names: ['nope'] })).status, 400);
    // fields_get, Tryton's field definitions (seen on a Tryton server: states as encoded PYSON).
    const fields = await post('/model/res.user/fields_get', { fields_names: ['login', 'groups', 'active'] });
    assert.equal(fields.status, 200);
    assert.deepEqual(Object.keys(fields.body).sort(), ['active', 'groups', 'login']);
    assert.equal(fields.body.login.type, 'char');
    assert.equal(fields.body.login.required, true);
    assert.equal(fields.body.groups.type, 'many2many');
    assert.equal(fields.body.groups.relation, 'res.group');
    assert.equal(fields.body.groups.loading, 'lazy');
    assert.equal(typeof fields.body.active.states, 'string');
    assert.deepEqual(JSON.parse(fields.body.active.states), {});
    assert.ok(Object.keys((await post('/model/res.user/fields_get', {})).body).length > 5);
    assert.equal((await post('/model/res.user/fields_get', { fields_names: ['nope'] })).status, 400);
    // create, write and delete are not generic methods (they have their own routes)
    assert.equal((await post('/model/ir.lang/write', {})).status, 403);
  });

  it('report', async () => {
    await sut.http().post(url('/model/res.user/1/reset_password')).set(auth);
    const res = await sut.http().get(url('/report/res.user.email_reset_password/1')).set(auth);
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^text\/html/);
    assert.match(res.headers['content-disposition'], /attachment; filename="Reset Password.html"/);
  });
});
