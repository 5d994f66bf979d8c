import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { notifyButton } from '../../src/ir/access/audit-log';
import { TrytonAccessControl } from '../../src/ir/access/tryton-access-control';
import { refId } from '../../src/ir/model-data.model';
import type { TestDatabase } from '../support/database';
import { asUser, factories, forbidden, useSecurityDatabase } from './fixtures';

describe('buttons, audit log, profile and default access', () => {
  let tdb: TestDatabase;
  const sut = new TrytonAccessControl();
  useSecurityDatabase(sut, (db) => (tdb = db));

  it('needs write access for a button without groups, and membership for one with groups', async () => {
    await tdb.rollback(async (env) => {
      const f = factories(env);
      const writers = await f.group();
      await f.access('sectest.order', null, { read: true });
      await f.access('sectest.order', writers, { read: true, write: true });
      const Order = env.model('sectest.order');
      const reader = asUser(env, sut, await f.user());
      const writer = asUser(env, sut, await f.user([writers]));
      await assert.rejects(sut.checkButton(reader, Order, 'confirm'), forbidden);
      await sut.checkButton(writer, Order, 'confirm');
      // approve is declared for sectest.group_manager in the model
      await assert.rejects(sut.checkButton(writer, Order, 'approve'), forbidden);
      const manager = asUser(env, sut, await f.user([await refId(env, 'sectest', 'group_manager')]));
      await sut.checkButton(manager, Order, 'approve');
      // an ir.model.button record overrides the declaration
      const [special] = [await f.group()];
      await env
        .model('ir.model.button')
        .create(env, [{ model: 'sectest.order', name: 'confirm', groups: [['add', [special]]] }]);
      await assert.rejects(sut.checkButton(writer, Order, 'confirm'), forbidden);
      await sut.checkButton(asUser(env, sut, await f.user([special])), Order, 'confirm');
    });
  });

  it('logs every create, write, delete and button with the user and the application', async () => {
    await tdb.rollback(async (env) => {
      const f = factories(env);
      const uid = await f.user();
      const user = asUser(env, sut, uid);
      const Order = env.model('sectest.order');
      const [id] = await Order.create(user, [{ name: 'logged', lines: [['create', [{ product: 'p' }]]] }]);
      const [line] = await env.model('sectest.order.line').search(env, [['order', '=', id]]);
      await Order.write(user, [id], { name: 'changed', level: 2 });
      await notifyButton(user, Order, [id], 'confirm');
      await Order.delete(user, [id]);
      const Log = env.model('ir.model.log');
      const logs = await Log.read(
        env,
        await Log.search(env, [['user', '=', uid]], { order: [['id', 'ASC']] }),
        ['resource', 'event', 'target', 'user', 'action', 'application', 'created', 'create_date'],
      );
      // Tryton's fields, one row per record; a create is a write of the fields given, `created`.
      assert.deepEqual(
        logs.map((l) => [l.resource, l.event, l.target, l.created, l.application]),
        [
          [`sectest.order.line,${line}`, 'write', 'order,product', true, 'rest'],
          [`sectest.order,${id}`, 'write', 'lines,name', true, 'rest'],
          [`sectest.order,${id}`, 'write', 'level,name', false, 'rest'],
          [`sectest.order,${id}`, 'button', 'confirm', false, 'rest'],
          [`sectest.order,${id}`, 'delete', null, false, 'rest'],
        ],
      );
      assert.ok(logs.every((l) => l.user === uid && l.create_date));
      const fields = env.model('sectest.order')._fields;
      assert.equal(logs[2].action, `${fields.level.string}, ${fields.name.string}`);
      assert.equal(logs[3].action, 'confirm');
      const byAction = await Log.search(env, [
        ['user', '=', uid],
        ['action', '=', 'confirm'],
      ]);
      assert.equal(byAction.length, 1);
    });
  });

  it('records the application user as create_uid and write_uid', async () => {
    await tdb.rollback(async (env) => {
      const f = factories(env);
      const uid = await f.user();
      const user = asUser(env, sut, uid);
      const Order = env.model('sectest.order');
      const [id] = await Order.create(user, [{ name: 'mine' }]);
      await Order.write(user, [id], { level: 3 });
      const [record] = await Order.read(env, [id], ['create_uid', 'write_uid']);
      assert.equal(record.create_uid, uid);
      assert.equal(record.write_uid, uid);
    });
  });

  it('gives equal profiles to users with identical rights and different ones otherwise', async () => {
    await tdb.rollback(async (env) => {
      const f = factories(env);
      const g = await f.group();
      await f.rule('sectest.order', [[['level', 'in', { __eval__: 'user.groups' }]]]);
      const [a, b, c] = [await f.user([g]), await f.user([g]), await f.user()];
      const profile = (uid: number) => sut.profile(asUser(env, sut, uid));
      assert.equal(await profile(a), await profile(b));
      assert.notEqual(await profile(a), await profile(c));
      assert.equal(await sut.profile(env), 'root');
    });
  });

  it('refreshes the rights a transaction changed itself', async () => {
    await tdb.rollback(async (env) => {
      const f = factories(env);
      const uid = await f.user();
      const user = asUser(env, sut, uid);
      const Order = env.model('sectest.order');
      await Order.search(user, []);
      await f.access('sectest.order', await f.group(), { read: true });
      await assert.rejects(Order.search(user, []), forbidden);
    });
  });

  describe('default access of the built-ins', () => {
    it('lets every user read users, groups, languages and models, and only administrators change them', async () => {
      await tdb.rollback(async (env) => {
        const f = factories(env);
        const user = asUser(env, sut, await f.user());
        const admin = asUser(env, sut, await refId(env, 'res', 'user_admin'));
        for (const model of ['res.user', 'res.group', 'ir.lang', 'ir.model']) {
          await env.model(model).search(user, [], { limit: 1 });
          assert.equal(await sut.canModel(user, env.model(model), 'write'), false, model);
          assert.equal(await sut.canModel(admin, env.model(model), 'write'), true, model);
        }
        for (const model of ['ir.model.access', 'ir.rule.group', 'ir.model.button', 'ir.sequence']) {
          await assert.rejects(env.model(model).create(user, [{}]), forbidden, model);
        }
        await assert.rejects(env.model('ir.model.log').search(user, []), forbidden);
        await env.model('ir.model.log').search(admin, []);
        await assert.rejects(env.model('ir.model.log').create(admin, [{}]), forbidden);
      });
    });

    it('lets administrators only read password hashes, and nobody write them but root', async () => {
      await tdb.rollback(async (env) => {
        const admin = asUser(env, sut, await refId(env, 'res', 'user_admin'));
        const user = asUser(env, sut, await factories(env).user());
        const fields = ['login', 'password_hash', 'password_reset'];
        const [mine] = await env.model('res.user').read(user, [admin.user], fields);
        assert.deepEqual(Object.keys(mine).sort(), ['id', 'login']);
        const [record] = await env.model('res.user').read(admin, [admin.user], fields);
        assert.equal(record.login, 'admin');
        assert.ok('password_hash' in record && 'password_reset' in record);
        await assert.rejects(env.model('res.user').search(user, [['password_reset', '=', 'x']]), forbidden);
        await assert.rejects(
          env.model('res.user').write(admin, [admin.user], { password_hash: 'x' }),
          forbidden,
        );
      });
    });
  });
});
