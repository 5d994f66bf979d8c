import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Module } from '@nestjs/common';
import { char, computed, many2one, one2many } from '../../src/fields';
import { TrytonAccessControl } from '../../src/ir/access/tryton-access-control';
import type { Env } from '../../src/pool/env';
import { TrytonModule } from '../../src/pool/manifest';
import { Model } from '../../src/pool/model';
import { buildSearchQuery } from '../../src/storage/query';
import { readTree, pathTree } from '../../src/storage/reader';
import { createTestDatabase, TestDatabase } from '../support/database';
import { asUser, factories } from './fixtures';

/** Something root-only, for a value made of a model nobody else reads. */
class Vault extends Model {
  static override __name__ = 'ctest.vault';
  static override _internal = true;
  static override fields = { name: char() };
}

/** A tree whose rec_name is the path from the root (as party and product categories have). */
class Node extends Model {
  static override __name__ = 'ctest.node';
  static override _parent = 'parent';
  static override _recName: string | null = null;
  static override _recNameDepends = ['name', 'parent.rec_name'];
  static override fields = {
    name: char(),
    secret: char(),
    parent: many2one('ctest.node'),
    children: one2many('ctest.node', 'parent'),
    // made of a stored field of the record and one of its parent
    shout: computed(
      char(),
      async (env, ids) => {
        const rows = await env.tx.query(
          'SELECT "n"."id", "p"."name" FROM "ctest_node" AS "n" LEFT JOIN "ctest_node" AS "p" ON "p"."id" = "n"."parent" WHERE "n"."id" = ANY($1)',
          [ids],
        );
        return new Map(rows.map((r) => [r.id as number, String(r.name ?? '').toUpperCase()]));
      },
      { depends: ['parent.name'] },
    ),
    origin: many2one('ctest.vault'),
    origin_name: computed(char(), async (env, ids) => new Map(ids.map((id) => [id, 'from data'])), {
      depends: ['origin.name'],
    }),
    whisper: computed(char(), async (env, ids) => new Map(ids.map((id) => [id, 'psst'])), {
      depends: ['children.secret'],
    }),
    // made of the children and, through each child's parent, of the record itself again
    echo: computed(char(), async (env, ids) => new Map(ids.map((id) => [id, 'echo'])), {
      depends: ['children.parent.name'],
    }),
  };
  static override async getRecName(env: Env, ids: number[]): Promise<Map<number, string>> {
    const names = new Map<number, string>();
    let pending = ids;
    const rows = new Map<number, { name: string; parent: number | null }>();
    while (pending.length) {
      const found = await env.tx.query(
        'SELECT "id", "name", "parent" FROM "ctest_node" WHERE "id" = ANY($1)',
        [pending],
      );
      found.forEach((r) => rows.set(r.id, { name: r.name, parent: r.parent }));
      pending = found
        .map((r) => r.parent as number | null)
        .filter((p): p is number => p !== null && !rows.has(p));
    }
    for (const id of ids) {
      const parts: string[] = [];
      for (let n = rows.get(id); n; n = n.parent === null ? undefined : rows.get(n.parent))
        parts.unshift(n.name);
      names.set(id, parts.join(' / '));
    }
    return names;
  }
}

@TrytonModule({ name: 'ctest', depends: ['res'], models: [Vault, Node] })
@Module({})
class ComputedTestModule {}

describe('computed fields under access rights (depends)', () => {
  let tdb: TestDatabase;
  const sut = new TrytonAccessControl();
  before(async () => {
    tdb = await createTestDatabase([ComputedTestModule]);
  });
  after(async () => {
    sut.close();
    await tdb.drop();
  });

  async function tree(env: Env) {
    const Nodes = env.model('ctest.node');
    const [top] = await Nodes.create(env, [{ name: 'Top' }]);
    const [middle] = await Nodes.create(env, [{ name: 'Middle', parent: top }]);
    const [leaf] = await Nodes.create(env, [{ name: 'Leaf', parent: middle, secret: 's' }]);
    const [other] = await Nodes.create(env, [{ name: 'Other' }]);
    const [child] = await Nodes.create(env, [{ name: 'Child', parent: other }]);
    return { top, middle, leaf, other, child };
  }
  const read = async (user: Env, ids: number[], fields: string[]) => {
    const out = await readTree(user, user.model('ctest.node'), ids, pathTree(fields));
    return ids.map((id) => out.get(id));
  };

  /** The tree, and a user whose read rule hides its top node. */
  const withTopHidden = async (env: Env) => {
    const n = await tree(env);
    const f = factories(env);
    const group = await f.group();
    await f.rule('ctest.node', [[['name', '!=', 'Top']]], { groups: [group] });
    return { n, f, user: asUser(env, sut, await f.user([group])) };
  };

  it('nulls a value made of a record the rules hide, however far up a tree', async () => {
    await tdb.rollback(async (env) => {
      const { n, user } = await withTopHidden(env);
      const records = await read(user, [n.middle, n.leaf, n.child], ['rec_name', 'shout']);
      assert.deepEqual(
        records.map((r) => [r?.rec_name, r?.shout]),
        [
          [null, null],
          [null, 'MIDDLE'],
          ['Other / Child', 'OTHER'],
        ],
      );
      const root = await read(env, [n.leaf], ['rec_name']);
      assert.equal(root[0]?.rec_name, 'Top / Middle / Leaf');
    });
  });

  it("walks back from a one2many's targets to their owner without a query, not past a hidden owner", async () => {
    await tdb.rollback(async (env) => {
      const { n, f, user } = await withTopHidden(env);
      const Nodes = env.model('ctest.node');
      // Top's child is visible, Top is not: read without the rules, its value is made of a hidden record.
      const [top, other] = await read(user, [n.top, n.other], ['echo']);
      assert.equal(top?.echo, null);
      assert.equal(other?.echo, 'echo');
      // Read with the rules: the rows, then the children with whether the rules let them through;
      // each child's parent is a record the rows' query found, known already.
      await readTree(user, Nodes, [n.other], pathTree(['name']), { readRules: true });
      const before = user.tx.statements;
      const found = await readTree(user, Nodes, [n.middle, n.other], pathTree(['echo']), {
        readRules: true,
      });
      assert.equal(user.tx.statements - before, 2);
      assert.deepEqual(
        [...found.values()].map((r) => r.echo),
        ['echo', 'echo'],
      );
      // The children read with it: their query tells the walk's first step too.
      const again = user.tx.statements;
      const both = await readTree(user, Nodes, [n.middle, n.other], pathTree(['children', 'echo']), {
        readRules: true,
      });
      assert.equal(user.tx.statements - again, 2);
      assert.deepEqual(
        [...both.values()].map((r) => [r.children, r.echo]),
        [
          [[n.leaf], 'echo'],
          [[n.child], 'echo'],
        ],
      );
      // A hidden child: left out of the children, and the value made of it is null.
      const leafless = await f.group();
      await f.rule('ctest.node', [[['name', '!=', 'Leaf']]], { groups: [leafless] });
      const second = asUser(env, sut, await f.user([leafless]));
      const [middle] = await read(second, [n.middle], ['children', 'whisper', 'echo']);
      assert.deepEqual(middle, { id: n.middle, children: [], whisper: null, echo: null });
    });
  });

  it('leaves out a value made of a field the user may not read, and refuses filtering on it', async () => {
    await tdb.rollback(async (env) => {
      const n = await tree(env);
      const f = factories(env);
      await f.fieldAccess('ctest.node', 'secret', null, {});
      const user = asUser(env, sut, await f.user());
      const [record] = await read(user, [n.middle], ['whisper', 'shout', 'rec_name']);
      assert.deepEqual(Object.keys(record!).sort(), ['id', 'rec_name', 'shout']);
      const denied = await sut.deniedFields(user, env.model('ctest.node'), 'read');
      assert.deepEqual([...denied].sort(), ['origin_name', 'secret', 'whisper']);
      await assert.rejects(env.model('ctest.node').search(user, [['whisper', '=', 'x']]), /not allowed/);
    });
  });

  it('leaves out a value made of a model the user may not read (an internal one here)', async () => {
    await tdb.rollback(async (env) => {
      const n = await tree(env);
      const user = asUser(env, sut, await factories(env).user());
      const [record] = await read(user, [n.leaf], ['origin_name', 'shout']);
      assert.deepEqual(Object.keys(record!).sort(), ['id', 'shout']);
      const [asRoot] = await read(env, [n.leaf], ['origin_name']);
      assert.equal(asRoot?.origin_name, 'from data');
    });
  });

  it('joins an order path under the target rules: a hidden parent sorts as no parent', async () => {
    await tdb.rollback(async (env) => {
      const { n, user } = await withTopHidden(env);
      const order: [string, string][] = [['parent.name', 'ASC']];
      const query = await buildSearchQuery(user, env.model('ctest.node'), [], { order });
      assert.equal(
        query.text,
        'SELECT "a"."id" FROM "ctest_node" AS "a" LEFT JOIN "ctest_node" AS "t1" ON "t1"."id" = "a"."parent" AND "t1"."name" != $2 WHERE "a"."name" != $1 ORDER BY "t1"."name" ASC, "a"."id" ASC',
      );
      assert.deepEqual(query.params, ['Top', 'Top']);
      const ids = await env.model('ctest.node').search(user, [['id', 'in', [n.middle, n.child]]], { order });
      // Middle's parent (Top) is hidden: it sorts last, as a NULL name does, not before Other
      assert.deepEqual(ids, [n.child, n.middle]);
    });
  });
});
