import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TrytonAccessControl } from '../../src/ir/access/tryton-access-control';
import type { TestDatabase } from '../support/database';
import { asUser, factories, forbidden, useSecurityDatabase } from './fixtures';

describe(TrytonAccessControl.name, () => {
  let tdb: TestDatabase;
  const sut = new TrytonAccessControl();
  useSecurityDatabase(sut, (db) => (tdb = db));

  describe('model access', () => {
    it('allows a model without entries and refuses what no applicable entry grants', async () => {
      await tdb.rollback(async (env) => {
        const f = factories(env);
        const sales = await f.group('Sales');
        const [order] = await f.orders({});
        const insider = asUser(env, sut, await f.user([sales]));
        const outsider = asUser(env, sut, await f.user());
        assert.deepEqual(await outsider.model('sectest.order').search(outsider, []), [order]);

        await f.access('sectest.order', sales, { read: true });
        const Order = env.model('sectest.order');
        assert.deepEqual(await Order.search(insider, []), [order]);
        await assert.rejects(Order.search(outsider, []), forbidden);
        await assert.rejects(Order.create(outsider, [{ name: 'x' }]), forbidden);
        await assert.rejects(Order.write(insider, [order], { name: 'y' }), forbidden);
        await assert.rejects(Order.delete(insider, [order]), forbidden);
      });
    });

    it('grants to everybody through an entry without group', async () => {
      await tdb.rollback(async (env) => {
        const f = factories(env);
        await f.access('sectest.order', null, { read: true });
        await f.access('sectest.order', await f.group(), { read: true, write: true });
        const user = asUser(env, sut, await f.user());
        await user.model('sectest.order').search(user, []);
        assert.equal(await sut.canModel(user, env.model('sectest.order'), 'write'), false);
      });
    });

    it('inherits the rights of parent groups', async () => {
      await tdb.rollback(async (env) => {
        const f = factories(env);
        const grandparent = await f.group('Grandparent');
        const child = await f.group('Child', await f.group('Parent', grandparent));
        await f.access('sectest.order', grandparent, { read: true, write: true });
        const user = asUser(env, sut, await f.user([child]));
        assert.equal(await sut.canModel(user, env.model('sectest.order'), 'write'), true);
        assert.equal(await sut.canModel(user, env.model('sectest.order'), 'delete'), false);
      });
    });

    it('keeps internal models for root', async () => {
      await tdb.rollback(async (env) => {
        const user = asUser(env, sut, await factories(env).user());
        await assert.rejects(env.model('sectest.internal').search(user, []), forbidden);
      });
    });

    it('lets every user read the modules, model data and translations (as Tryton), and nobody change them', async () => {
      await tdb.rollback(async (env) => {
        const user = asUser(env, sut, await factories(env).user());
        const admin = asUser(env, sut, 1);
        for (const name of ['ir.module', 'ir.model.data', 'ir.translation']) {
          assert.equal(await sut.canModel(user, env.model(name), 'read'), true, name);
          for (const who of [user, admin]) {
            for (const mode of ['write', 'create', 'delete'] as const) {
              assert.equal(await sut.canModel(who, env.model(name), mode), false, `${name} ${mode}`);
            }
          }
        }
        const modules = await env.model('ir.module').search(user, [['name', '=', 'res']]);
        assert.equal(modules.length, 1);
        const data = await env.model('ir.model.data').search(user, [['fs_id', '=', 'group_admin']]);
        assert.equal(data.length, 1);
      });
    });

    it('shows a translation only of a model and field the user may read, without record rules', async () => {
      await tdb.rollback(async (env) => {
        const f = factories(env);
        const french = env.withContext({ language: 'fr' });
        const group = await f.group('Readers');
        await env.model('res.group').write(french, [group], { name: 'Lecteurs' });
        const ruleGroup = await f.rule('sectest.order', [[['name', '=', 'x']]], { global: true });
        await env.model('ir.rule.group').write(french, [ruleGroup], { name: 'Règle' });
        const Translation = env.model('ir.translation');
        const values = async (who: typeof env) =>
          (
            await Translation.read(
              who,
              await Translation.search(who, [['value', 'in', ['Lecteurs', 'Règle']]]),
              ['value'],
            )
          )
            .map((r) => r.value)
            .sort();
        assert.deepEqual(await values(env), ['Lecteurs', 'Règle']);
        // ir.rule.group is for administrators only
        assert.deepEqual(await values(asUser(env, sut, await f.user())), ['Lecteurs']);
        assert.deepEqual(await values(asUser(env, sut, 1)), ['Lecteurs', 'Règle']);
        // a field nobody may read: its translations go too
        await f.fieldAccess('res.group', 'name', null, {});
        assert.deepEqual(await values(asUser(env, sut, await f.user())), []);
      });
    });

    it('hides the translations of a model with record rules for the user', async () => {
      await tdb.rollback(async (env) => {
        const f = factories(env);
        const group = await f.group('Readers');
        await env
          .model('res.group')
          .write(env.withContext({ language: 'fr' }), [group], { name: 'Lecteurs' });
        await f.rule('res.group', [[['id', '!=', group]]], { global: true });
        const user = asUser(env, sut, await f.user());
        assert.deepEqual(await env.model('ir.translation').search(user, [['value', '=', 'Lecteurs']]), []);
        assert.equal((await env.model('ir.translation').search(env, [['value', '=', 'Lecteurs']])).length, 1);
      });
    });

    it('refuses filters, orders and nested reads that walk into an unreadable model', async () => {
      await tdb.rollback(async (env) => {
        const f = factories(env);
        await f.access('sectest.order', await f.group(), { read: true });
        const [order] = await f.orders({ name: 'hidden' });
        const [note] = await env.model('sectest.note').create(env, [{ name: 'n', order }]);
        const user = asUser(env, sut, await f.user());
        const Note = env.model('sectest.note');
        await assert.rejects(Note.search(user, [['order.name', '=', 'hidden']]), forbidden);
        await assert.rejects(Note.search(user, [['order', 'where', [['name', '=', 'hidden']]]]), forbidden);
        await assert.rejects(Note.search(user, [['order', '=', 'hidden']]), forbidden);
        await assert.rejects(Note.search(user, [], { order: [['order.name', 'ASC']] }), forbidden);
        const [read] = await Note.read(user, [note], ['name', 'order.name']);
        assert.equal(read.name, 'n');
        assert.equal('order' in read, false);
      });
    });
  });

  describe('field access', () => {
    it('drops unreadable fields and refuses filtering, sorting or writing them', async () => {
      await tdb.rollback(async (env) => {
        const f = factories(env);
        const [order] = await f.orders({ secret: 's3cret' });
        await f.fieldAccess('sectest.order', 'secret', null, { read: false, write: false });
        const user = asUser(env, sut, await f.user());
        const Order = env.model('sectest.order');
        const [record] = await Order.read(user, [order], ['name', 'secret']);
        assert.equal('secret' in record, false);
        assert.ok(record.name);
        await assert.rejects(Order.search(user, [['secret', '=', 's3cret']]), forbidden);
        await assert.rejects(Order.search(user, [], { order: [['secret', 'ASC']] }), forbidden);
        await assert.rejects(Order.write(user, [order], { secret: 'x' }), forbidden);
        await assert.rejects(Order.create(user, [{ name: 'n', secret: 'x' }]), forbidden);
        // root is not concerned
        const [asRoot] = await Order.read(env, [order], ['secret']);
        assert.equal(asRoot.secret, 's3cret');
      });
    });

    it('lets a group read a field that others may only read, not write', async () => {
      await tdb.rollback(async (env) => {
        const f = factories(env);
        const editors = await f.group();
        const [order] = await f.orders({});
        await f.fieldAccess('sectest.order', 'secret', null, { read: true });
        await f.fieldAccess('sectest.order', 'secret', editors, { read: true, write: true });
        const Order = env.model('sectest.order');
        const reader = asUser(env, sut, await f.user());
        const editor = asUser(env, sut, await f.user([editors]));
        await assert.rejects(Order.write(reader, [order], { secret: 'x' }), forbidden);
        await Order.write(editor, [order], { secret: 'x' });
        const [record] = await Order.read(reader, [order], ['secret']);
        assert.equal(record.secret, 'x');
      });
    });
  });
});
