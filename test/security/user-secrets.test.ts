import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp, TestApp } from '../support/app';
import type { TestDatabase } from '../support/database';
import { apiKey } from '../support/keys';
import { bearer } from './http-support';

/**
 * What authenticates (password hashes, reset passwords, application keys) through the API: read by
 * administrators only, never by another user; user applications managed by administrators and seen
 * by their own user.
 */
describe('secrets and user applications through the API', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  const keys: Record<string, string> = {};
  const users: Record<string, number> = {};
  useTestApp(
    [],
    (stack) => {
      tdb = stack.tdb;
      sut = stack.sut;
    },
    {
      seed: async (db) => {
        keys.admin = await apiKey(db, 'sec_admin', ['res.group_admin']);
        keys.alice = await apiKey(db, 'sec_alice');
        keys.bob = await apiKey(db, 'sec_bob');
        await db.commit(async (env) => {
          for (const login of ['sec_admin', 'sec_alice', 'sec_bob']) {
            [users[login]] = await env.model('res.user').search(env, [['login', '=', login]]);
          }
        });
      },
    },
  );
  const model = (path: string) => `/${tdb.db}/rest/model/${path}`;
  const api = (path: string) => `/${tdb.db}/rest/api/${path}`;
  const get = (key: string, url: string) => sut.http().get(url).set(bearer(key));
  const post = (key: string, url: string, body: unknown = {}) =>
    sut.http().post(url).set(bearer(key)).set('Content-Type', 'application/json').send(JSON.stringify(body));

  it('shows password hashes and reset passwords to administrators only, in both dialects', async () => {
    assert.equal((await post(keys.admin, model(`res.user/${users.sec_alice}/reset_password`))).status, 200);
    const fields = 'f=login&f=password_hash&f=password_reset';
    const admin = await get(keys.admin, model(`res.user/${users.sec_alice}?${fields}`));
    assert.match(admin.body.password_reset, /^[A-Za-z0-9]{8}$/);
    for (const who of [users.sec_alice, users.sec_bob]) {
      const tryton = await get(keys.bob, model(`res.user/${who}?${fields}`));
      assert.deepEqual(Object.keys(tryton.body).sort(), ['__name__', 'id', 'login']);
      const pydal = await get(keys.bob, api(`res.user[id,login,password_hash,password_reset]/${who}`));
      assert.ok(!pydal.text.includes(admin.body.password_reset), pydal.text);
      assert.ok(!pydal.text.includes('password_reset"'), pydal.text);
      const listed = await get(keys.bob, api(`res.user?id.eq=${who}`));
      assert.deepEqual(Object.keys(listed.body.items[0]).includes('password_hash'), false);
    }
    const filter = await get(
      keys.bob,
      model(`res.user?d=${encodeURIComponent('[["password_reset","!=",null]]')}`),
    );
    assert.equal(filter.status, 403);
  });

  it('lets administrators search and read every application, never its key hash', async () => {
    const all = await get(keys.admin, model('res.user.application?f=user&f=state&f=key_hash&f=rec_name'));
    assert.equal(all.status, 200);
    assert.ok(all.body.length >= 3);
    assert.ok(all.body.every((a: object) => !('key_hash' in a)));
    const pydal = await get(keys.admin, api('res.user.application'));
    assert.equal(pydal.status, 200);
    assert.ok(pydal.body.items.every((a: object) => !('key_hash' in a)));
    const filter = await get(keys.admin, api('res.user.application?key_hash.startswith=a'));
    assert.ok(filter.status >= 400);
  });

  it('shows users their own applications only, through res.user.applications too, never cached across', async () => {
    for (const [who, login] of [
      [keys.alice, 'sec_alice'],
      [keys.bob, 'sec_bob'],
    ]) {
      const own = await get(who, model('res.user.application?f=user'));
      assert.deepEqual(
        own.body.map((a: { user: number }) => a.user),
        [users[login]],
      );
      const viaUser = await get(who, model(`res.user/${users[login]}?f=applications.state`));
      assert.deepEqual(
        viaUser.body.applications.map((a: { state: string }) => a.state),
        ['validated'],
      );
      const other = await get(who, model(`res.user/${users.sec_admin}?f=applications`));
      assert.deepEqual(other.body.applications, []);
      const pydal = await get(who, api('res.user.application'));
      assert.deepEqual(
        pydal.body.items.map((a: { user: number }) => a.user),
        [users[login]],
      );
    }
  });

  it('validates and cancels a requested key with the validate_ and cancel buttons (administrators)', async () => {
    const requested = await sut
      .http()
      .post(`/${tdb.db}/user/application/`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ user: 'sec_bob', application: 'rest' }));
    const key = requested.body as string;
    assert.equal((await get(key, model('res.user'))).status, 401);
    const pending = await get(
      keys.admin,
      model(`res.user.application?f=state&d=${encodeURIComponent('[["state","=","requested"]]')}`),
    );
    assert.equal(pending.body.length, 1);
    const id = pending.body[0].id as number;
    assert.equal((await post(keys.bob, model(`res.user.application/${id}/validate_`))).status, 403);
    const validated = await post(keys.admin, model(`res.user.application/${id}/validate_`));
    assert.equal(validated.status, 200);
    assert.equal(
      (await get(keys.admin, model(`res.user.application/${id}?f=state`))).body.state,
      'validated',
    );
    assert.equal((await get(key, model('res.user'))).status, 200);
    assert.equal((await post(keys.admin, model(`res.user.application/${id}/cancel`))).status, 200);
    assert.equal((await get(key, model('res.user'))).status, 401);
    const again = await post(keys.admin, model(`res.user.application/${id}/validate_`));
    assert.equal(again.status, 400);
    // the state is the buttons' to set
    const written = await sut
      .http()
      .put(model(`res.user.application/${id}`))
      .set(bearer(keys.admin))
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ state: 'validated' }));
    assert.equal(written.status, 403);
  });
});
