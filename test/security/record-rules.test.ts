import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TrytonAccessControl } from '../../src/ir/access/tryton-access-control';
import type { TestDatabase } from '../support/database';
import { asUser, factories, forbidden, useSecurityDatabase } from './fixtures';

const mine = [['owner', '=', { __eval__: 'user.id' }]];

describe('record rules', () => {
  let tdb: TestDatabase;
  const sut = new TrytonAccessControl();
  useSecurityDatabase(sut, (db) => (tdb = db));

  it('hide records from search and read, and refuse writes to them or that move them out', async () => {
    await tdb.rollback(async (env) => {
      const f = factories(env);
      const me = await f.user();
      const other = await f.user();
      const [own, foreign] = await f.orders({ owner: me }, { owner: other });
      await f.rule('sectest.order', [mine]);
      const user = asUser(env, sut, me);
      const Order = env.model('sectest.order');
      assert.deepEqual(await Order.search(user, []), [own]);
      assert.equal(await Order.searchCount(user, []), 1);
      assert.deepEqual(await Order.read(user, [foreign], ['name']), []);
      await assert.rejects(Order.write(user, [foreign], { name: 'x' }), forbidden);
      await assert.rejects(Order.delete(user, [foreign]), forbidden);
      await Order.write(user, [own], { name: 'renamed' });
      await Order.create(user, [{ name: 'mine too', owner: me }]);
      // (a refused write leaves the transaction to be rolled back, as a request's would be)
      await assert.rejects(Order.create(user, [{ name: 'theirs', owner: other }]), forbidden);
      await assert.rejects(Order.write(user, [own], { owner: other }), forbidden);
    });
  });

  it('AND global rules together', async () => {
    await tdb.rollback(async (env) => {
      const f = factories(env);
      const me = await f.user();
      const [low, high] = await f.orders({ owner: me, level: 1 }, { owner: me, level: 5 });
      await f.orders({ level: 5 });
      await f.rule('sectest.order', [mine]);
      await f.rule('sectest.order', [[['level', '>', 2]]]);
      const user = asUser(env, sut, me);
      assert.deepEqual(await env.model('sectest.order').search(user, []), [high]);
      void low;
    });
  });

  it('OR the rules of the groups the user is in, rules of one group ORed too', async () => {
    await tdb.rollback(async (env) => {
      const f = factories(env);
      const [g1, g2, g3] = [await f.group(), await f.group(), await f.group()];
      const [a, b, c, d] = await f.orders({ level: 1 }, { level: 2 }, { level: 3 }, { level: 4 });
      await f.rule('sectest.order', [[['level', '=', 1]], [['level', '=', 2]]], { groups: [g1] });
      await f.rule('sectest.order', [[['level', '=', 3]]], { groups: [g2] });
      await f.rule('sectest.order', [[['level', '=', 4]]], { groups: [g3] });
      const user = asUser(env, sut, await f.user([g1, g2]));
      assert.deepEqual(await env.model('sectest.order').search(user, []), [a, b, c]);
      void d;
    });
  });

  it('apply default rules to everybody and lift a restriction for a group without rules', async () => {
    await tdb.rollback(async (env) => {
      const f = factories(env);
      const [g1, free] = [await f.group(), await f.group()];
      const [a, b] = await f.orders({ level: 1 }, { level: 2 });
      await f.rule('sectest.order', [[['level', '=', 1]]], { groups: [g1], global: false, default: true });
      const [freeRule] = [await f.rule('sectest.order', [], { groups: [free], global: false })];
      void freeRule;
      const Order = env.model('sectest.order');
      assert.deepEqual(await Order.search(asUser(env, sut, await f.user()), []), [a]);
      assert.deepEqual(await Order.search(asUser(env, sut, await f.user([free])), []), [a, b]);
    });
  });

  it('applies only to the modes it has', async () => {
    await tdb.rollback(async (env) => {
      const f = factories(env);
      const me = await f.user();
      const [foreign] = await f.orders({ level: 1 });
      await f.rule('sectest.order', [mine], {
        perms: { read: false, write: true, create: false, delete: false },
      });
      const user = asUser(env, sut, me);
      const Order = env.model('sectest.order');
      assert.deepEqual(await Order.search(user, []), [foreign]);
      await assert.rejects(Order.write(user, [foreign], { name: 'x' }), forbidden);
    });
  });

  it('evaluates user.groups, and follows inherited groups', async () => {
    await tdb.rollback(async (env) => {
      const f = factories(env);
      const parent = await f.group();
      const child = await f.group('child', parent);
      const [a] = await f.orders({ level: parent }, { level: 0 });
      await f.rule('sectest.order', [[['level', 'in', { __eval__: 'user.groups' }]]]);
      const user = asUser(env, sut, await f.user([child]));
      assert.deepEqual(await env.model('sectest.order').search(user, []), [a]);
    });
  });

  it('treats an unknown expression as matching nothing', async () => {
    await tdb.rollback(async (env) => {
      const f = factories(env);
      await f.orders({});
      await f.rule('sectest.order', [[['owner', '=', { __eval__: 'os.system' }]]]);
      const user = asUser(env, sut, await f.user());
      assert.deepEqual(await env.model('sectest.order').search(user, []), []);
    });
  });

  it('delegate a line to its order: access and rules follow the order', async () => {
    await tdb.rollback(async (env) => {
      const f = factories(env);
      const me = await f.user();
      const [own, foreign] = await f.orders(
        { owner: me, lines: [['create', [{ product: 'mine' }]]] },
        { lines: [['create', [{ product: 'theirs' }]]] },
      );
      void own;
      void foreign;
      await f.rule('sectest.order', [mine]);
      const user = asUser(env, sut, me);
      const Line = env.model('sectest.order.line');
      const visible = await Line.read(user, await Line.search(user, []), ['product']);
      assert.deepEqual(
        visible.map((l) => l.product),
        ['mine'],
      );
      const [theirs] = await Line.search(env, [['product', '=', 'theirs']]);
      await assert.rejects(Line.write(user, [theirs], { product: 'x' }), forbidden);

      const outsiders = asUser(env, sut, await f.user());
      await f.access('sectest.order', await f.group(), {
        read: true,
        write: true,
        create: true,
        delete: true,
      });
      await assert.rejects(Line.search(outsiders, []), forbidden);
    });
  });

  it('hide lines of hidden orders in sub-collections', async () => {
    await tdb.rollback(async (env) => {
      const f = factories(env);
      const me = await f.user();
      const [own] = await f.orders({ owner: me, lines: [['create', [{ product: 'a' }]]] });
      await f.rule('sectest.order', [mine]);
      const user = asUser(env, sut, me);
      const [record] = await env.model('sectest.order').read(user, [own], ['lines.product']);
      assert.deepEqual(
        (record.lines as { product: string }[]).map((l) => l.product),
        ['a'],
      );
    });
  });

  it('hide records of another model from filters and nested reads through a relation', async () => {
    await tdb.rollback(async (env) => {
      const f = factories(env);
      const me = await f.user();
      const [foreign] = await f.orders({ name: 'foreign' });
      const [note] = await env.model('sectest.note').create(env, [{ name: 'n', order: foreign }]);
      await f.rule('sectest.order', [mine]);
      const user = asUser(env, sut, me);
      const Note = env.model('sectest.note');
      assert.deepEqual(await Note.search(user, [['order.name', '=', 'foreign']]), []);
      const [read] = await Note.read(user, [note], ['order.name']);
      assert.notEqual((read.order as { name?: string } | null)?.name, 'foreign');
    });
  });
});
