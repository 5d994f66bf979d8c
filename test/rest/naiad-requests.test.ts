import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp, TestApp } from '../support/app';
import type { TestDatabase } from '../support/database';
import { apiKey } from '../support/keys';

/**
 * The requests Tryton's REST client (naiad 8.0) sends in its own test suite, as observed on the
 * wire, and what the client relies on in the answers: it decodes JSON only when Content-Type is
 * exactly `application/json`, reads `Content-Range` for a Range request, takes a record back from
 * a button when `__name__` is the model, and a file name from `Content-Disposition`.
 */
describe("naiad's requests", () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let key = '';
  useTestApp(
    [],
    (stack) => {
      tdb = stack.tdb;
      sut = stack.sut;
    },
    { seed: async (db) => (key = await apiKey(db, 'naiad_admin', ['res.group_admin'])) },
  );
  // naiad's headers: its User-Agent, and `bearer` in lower case.
  const naiad = { 'User-Agent': 'naiad/8.0.1', Authorization: '' };
  const url = (path: string) => `/${tdb.db}/rest${path}`;
  const json = { 'Content-Type': 'application/json' };
  const headers = () => ({ ...naiad, Authorization: `bearer ${key}` });
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('search: JSON exactly, domains and orders in base64url, f repeated, Range and Content-Range', async () => {
    const all = await sut.http().get(url('/model/ir.model')).set(headers());
    assert.equal(all.status, 200);
    assert.equal(all.headers['content-type'], 'application/json');
    const page = await sut
      .http()
      .get(url('/model/ir.model'))
      .set({ ...headers(), Range: 'records=5-10' });
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-range'], `records 5-10/${all.body.length}`);
    assert.deepEqual(page.body, all.body.slice(5, 10));
    const limited = await sut.http().get(url('/model/ir.model?p=5&s=5')).set(headers());
    assert.deepEqual(limited.body, all.body.slice(5, 10));
    const domain = b64([['login', '=', 'naiad_admin']]);
    const order = b64([['login', 'DESC']]);
    const found = await sut
      .http()
      .get(url(`/model/res.user?d=${domain}&o=${order}&f=login&f=name`))
      .set(headers());
    assert.deepEqual(
      found.body.map((u: Record<string, unknown>) => [u.__name__, u.login]),
      [['res.user', 'naiad_admin']],
    );
  });

  it('create, update and store: a JSON body, f in the query, the record back', async () => {
    const created = await sut
      .http()
      .post(url('/model/res.group?f=name'))
      .set({ ...headers(), ...json })
      .send(JSON.stringify({ name: 'Test w/ fields' }));
    assert.equal(created.status, 200);
    assert.equal(created.headers['content-type'], 'application/json');
    assert.equal(created.body.__name__, 'res.group');
    assert.equal(created.body.name, 'Test w/ fields');
    const updated = await sut
      .http()
      .put(url('/model/res.user/1?f=signature&f=email'))
      .set({ ...headers(), ...json })
      .send(JSON.stringify({ signature: 'Admin', email: 'admin@tryton.org' }));
    assert.equal(updated.status, 200);
    assert.deepEqual([updated.body.signature, updated.body.email], ['Admin', 'admin@tryton.org']);
  });

  it('buttons and class methods: `{}` or the kwargs as body, the record back when it is one', async () => {
    const preferences = await sut
      .http()
      .post(url('/model/res.user/get_preferences'))
      .set({ ...headers(), ...json })
      .send('{}');
    assert.equal(preferences.status, 200);
    assert.equal(preferences.headers['content-type'], 'application/json');
    assert.equal(typeof preferences.body, 'object');
    const reset = await sut
      .http()
      .post(url('/model/res.user/1/reset_password?f=password_reset'))
      .set({ ...headers(), ...json })
      .send(JSON.stringify({ length: 12 }));
    assert.equal(reset.status, 200);
    assert.equal(reset.body.__name__, 'res.user');
    assert.match(reset.body.password_reset, /^[A-Za-z0-9]{12}$/);
  });

  it('delete: 204 that is not JSON (the client would decode the empty body)', async () => {
    const created = await sut
      .http()
      .post(url('/model/res.group'))
      .set({ ...headers(), ...json })
      .send(JSON.stringify({ name: 'Group to delete' }));
    const deleted = await sut
      .http()
      .delete(url(`/model/res.group/${created.body.id}`))
      .set(headers());
    assert.equal(deleted.status, 204);
    assert.equal(deleted.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(deleted.text, '');
  });

  it('report: a GET with a JSON body, the file name in Content-Disposition, content not JSON', async () => {
    await sut
      .http()
      .post(url('/model/res.user/1/reset_password'))
      .set({ ...headers(), ...json })
      .send('{}');
    const report = await sut
      .http()
      .get(url('/report/res.user.email_reset_password/1'))
      .set({ ...headers(), ...json })
      .send('{}');
    assert.equal(report.status, 200);
    assert.notEqual(report.headers['content-type'], 'application/json');
    assert.match(report.headers['content-disposition'], /filename="[^"]*\.html"/);
  });

  it('a wrong key answers 401, no key 401, never a 2xx', async () => {
    const wrong = await sut
      .http()
      .get(url('/model/res.user'))
      .set({ ...naiad, Authorization: `bearer ${'0'.repeat(64)}` });
    assert.ok([401, 403].includes(wrong.status), String(wrong.status));
    assert.equal(
      (await sut.http().get(url('/model/res.user')).set({ 'User-Agent': naiad['User-Agent'] })).status,
      401,
    );
  });
});
