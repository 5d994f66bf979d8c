import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { apiKey } from '../support/keys';
import { installSecurityListeners } from '../../src/ir/access/security-listeners';
import { b64, bearer } from './http-support';
import { factories, SecurityTestModule } from './fixtures';

/** Access rights through the REST API: what a consumer's key lets it see and do. */
describe('access rights through the API', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let admin: Record<string, string>;
  let insider: Record<string, string>;
  let outsider: Record<string, string>;
  let ids: { own: number; foreign: number; note: number; clerk: number };
  const url = (path: string) => `/${tdb.db}/rest/model/${path}`;
  const get = (path: string, auth: Record<string, string>) => sut.http().get(url(path)).set(auth);
  const send = (method: 'post' | 'put', path: string, auth: Record<string, string>, body: unknown) => {
    const http = sut.http();
    const req = method === 'post' ? http.post(url(path)) : http.put(url(path));
    return req.set(auth).set('Content-Type', 'application/json').send(JSON.stringify(body));
  };

  before(async () => {
    tdb = await createTestDatabase([SecurityTestModule]);
    // as in any process running this code base: its writes announce security changes
    installSecurityListeners(tdb.pool);
    sut = await createTestApp(tdb, [SecurityTestModule]);
    await tdb.commit(async (env) => {
      const f = factories(env);
      const users = await f.group('Order Users');
      await f.access('sectest.order', users, { read: true, write: true, create: true, delete: true });
      // "only my orders": a record rule for the group
      await f.rule('sectest.order', [[['owner', '=', { __eval__: 'user.id' }]]], { groups: [users] });
    });
    admin = bearer(await apiKey(tdb, 'boss', ['res.group_admin']));
    insider = bearer(await apiKey(tdb, 'clerk', ['Order Users']));
    outsider = bearer(await apiKey(tdb, 'visitor'));
    ids = await tdb.commit(async (env) => {
      const [clerk] = await env.model('res.user').search(env, [['login', '=', 'clerk']]);
      const [own, foreign] = await factories(env).orders(
        { name: 'own', owner: clerk, secret: 'x', lines: [['create', [{ product: 'p1' }]]] },
        { name: 'foreign', lines: [['create', [{ product: 'p2' }]]] },
      );
      const [note] = await env.model('sectest.note').create(env, [{ name: 'note', order: own }]);
      return { own, foreign, note, clerk };
    });
  });
  after(async () => {
    await sut.close();
    await tdb.drop();
  });

  it('refuses a user outside the group: search, read, create, lines', async () => {
    assert.equal((await get('sectest.order', outsider)).status, 403);
    // one record the user may not read: 404, as Tryton answers
    assert.equal((await get(`sectest.order/${ids.own}`, outsider)).status, 404);
    assert.equal((await send('post', 'sectest.order', outsider, { name: 'x' })).status, 403);
    assert.equal((await get('sectest.order.line', outsider)).status, 403);
  });

  it('lets nothing leak to an outsider through a filter, a dotted f, a sub-collection or an order', async () => {
    const filter = await get(`sectest.note?d=${b64([['order.name', '=', 'own']])}`, outsider);
    assert.equal(filter.status, 403);
    const byName = await get(`sectest.note?d=${b64([['order', '=', 'own']])}`, outsider);
    assert.equal(byName.status, 403);
    const order = await get(`sectest.note?o=${b64([['order.name', 'ASC']])}`, outsider);
    assert.equal(order.status, 403);
    const dotted = await get(`sectest.note/${ids.note}?f=name&f=order.name&f=order`, outsider);
    assert.equal(dotted.status, 200);
    assert.equal(dotted.body.name, 'note');
    assert.equal('order' in dotted.body, false);
    const sub = await get(`sectest.order/${ids.own}/lines`, outsider);
    assert.equal(sub.status, 403);
    const fromNote = await get(`sectest.note/${ids.note}/order`, outsider);
    assert.equal(fromNote.status, 403);
  });

  it('applies the record rule: hidden from search, 404 on read, writes that move a record out refused', async () => {
    const list = await get('sectest.order?f=name', insider);
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.map((o: { name: string }) => o.name),
      ['own'],
    );
    assert.equal((await get(`sectest.order/${ids.foreign}`, insider)).status, 404);
    assert.equal((await send('put', `sectest.order/${ids.foreign}`, insider, { name: 'x' })).status, 404);
    const moved = await send('put', `sectest.order/${ids.own}`, insider, { owner: 1 });
    assert.equal(moved.status, 403);
    const lines = await get('sectest.order.line?f=product', insider);
    assert.deepEqual(
      lines.body.map((l: { product: string }) => l.product),
      ['p1'],
    );
  });

  it('drops fields without read access from every answer and refuses writing them', async () => {
    await tdb.commit((env) =>
      factories(env).fieldAccess('sectest.order', 'secret', null, { read: false, write: false }),
    );
    const one = await get(`sectest.order/${ids.own}?f=name&f=secret`, insider);
    assert.equal(one.status, 200);
    assert.equal('secret' in one.body, false);
    const list = await get('sectest.order?f=secret', insider);
    assert.equal('secret' in list.body[0], false);
    const nested = await get(`sectest.note?f=order.secret&f=order.name`, insider);
    assert.equal(nested.status, 200);
    assert.equal('secret' in nested.body[0].order, false);
    assert.equal((await get(`sectest.order?d=${b64([['secret', '=', 'x']])}`, insider)).status, 403);
    assert.equal((await send('put', `sectest.order/${ids.own}`, insider, { secret: 'y' })).status, 403);
    // password hashes: administrators only (res module data); the hash of a key: nobody
    const users = await get('res.user?f=login&f=password_hash&f=password_reset', outsider);
    assert.equal(users.status, 200);
    assert.ok(users.body.every((u: object) => !('password_hash' in u) && !('password_reset' in u)));
    const keys = await get('res.user.application?f=key_hash&f=state', admin);
    assert.equal(keys.status, 200);
    assert.ok(keys.body.length > 0 && keys.body.every((a: object) => !('key_hash' in a) && 'state' in a));
  });

  it('keeps internals for root, even from administrators', async () => {
    assert.equal((await get('sectest.internal', admin)).status, 403);
  });

  it('lets every key read the modules, model data and translations, as Tryton does, and none change them', async () => {
    // Tryton (res/ir.xml): read for everybody on ir.module, ir.model.data and ir.translation
    for (const path of [
      'ir.module?f=name&f=state',
      'ir.model.data?f=fs_id&f=module',
      'ir.translation?f=src&f=lang',
    ]) {
      const res = await get(path, outsider);
      assert.equal(res.status, 200, path);
    }
    const modules = await get('ir.module?f=name&f=state', outsider);
    assert.ok(
      modules.body.some((m: { name: string; state: string }) => m.name === 'res' && m.state === 'activated'),
    );
    const data = await get(
      `ir.model.data?f=fs_id&f=module&f=model&d=${b64([['fs_id', '=', 'group_admin']])}`,
      outsider,
    );
    assert.deepEqual(
      data.body.map((r: Record<string, unknown>) => [r.module, r.fs_id, r.model]),
      [['res', 'group_admin', 'res.group']],
    );
    const [module] = modules.body;
    assert.equal(
      (await send('put', `ir.module/${module.id}`, admin, { state: 'not activated' })).status,
      403,
    );
    assert.equal(
      (await send('post', 'ir.model.data', admin, { model: 'x', module: 'x', fs_id: 'x' })).status,
      403,
    );
  });

  it('logs every write with the application, readable by administrators only', async () => {
    // outside the rule even on create: refused
    assert.equal((await send('post', 'sectest.order', insider, { name: 'not mine' })).status, 403);
    const created = await send('post', 'sectest.order', insider, { name: 'logged', owner: ids.clerk });
    assert.equal(created.status, 200);
    const id = created.body.id as number;
    assert.equal((await send('put', `sectest.order/${id}`, insider, { name: 'logged again' })).status, 200);
    assert.equal(
      (
        await sut
          .http()
          .delete(url(`sectest.order/${id}`))
          .set(insider)
      ).status,
      204,
    );
    assert.equal((await get('ir.model.log', insider)).status, 403);
    const log = await get(
      `ir.model.log?d=${b64([
        ['resource', '=', `sectest.order,${id}`],
      ])}&f=event&f=created&f=application&f=user.login&f=target`,
      admin,
    );
    assert.equal(log.status, 200);
    const events = log.body.map(
      (l: { event: string; created: boolean; application: string; user: { login: string } }) => [
        l.event,
        l.created,
        l.application,
        l.user.login,
      ],
    );
    assert.deepEqual(events.sort(), [
      ['delete', false, 'rest', 'clerk'],
      ['write', false, 'rest', 'clerk'],
      ['write', true, 'rest', 'clerk'],
    ]);
  });
});
