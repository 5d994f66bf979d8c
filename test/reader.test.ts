import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readTree, pathTree } from '../src/storage/reader';
import { createTestDatabase, TestDatabase } from './support/database';
import { TestModule } from './fixtures/test.module';
import { Env, ROOT_USER } from '../src/pool/env';
import { postgresPort, writesDuring } from './support/writes';

/** Reading nested paths costs one query per relation level, whatever the number of records. */
describe(readTree.name, () => {
  let sut: TestDatabase;
  before(async () => {
    sut = await createTestDatabase([TestModule]);
    await sut.commit(async (env) => {
      const [cat] = await env.model('test.category').create(env, [{ name: 'C' }]);
      const partners = Array.from({ length: 60 }, (_, i) => ({
        name: `P${i}`,
        category: cat,
        tags: [['add', [cat]]],
        lines: [
          [
            'create',
            [
              { product: `X${i}`, quantity: 1, unit_price: 2 },
              { product: `Y${i}`, quantity: 2, unit_price: 3 },
            ],
          ],
        ],
      }));
      await env.model('test.partner').create(env, partners);
    });
  });
  after(() => sut.drop());

  const statementsFor = (count: number) =>
    sut.rollback(async (env) => {
      const Partner = env.model('test.partner');
      const ids = (await Partner.search(env, [], { limit: count })).slice(0, count);
      const before = env.tx.statements;
      const records = await readTree(
        env,
        Partner,
        ids,
        pathTree([
          'name',
          'category.name',
          'tags.name',
          'lines.product',
          'lines.amount',
          'line_count',
          'rec_name',
        ]),
      );
      assert.equal(records.size, count);
      return env.tx.statements - before;
    });

  it('does not grow with the number of records', async () => {
    const few = await statementsFor(2);
    const many = await statementsFor(60);
    assert.equal(many, few);
    assert.ok(few <= 10, `expected a handful of statements, got ${few}`);
  });

  it('returns nested objects for dotted paths and ids for plain relations', async () => {
    await sut.rollback(async (env) => {
      const Partner = env.model('test.partner');
      const [id] = await Partner.search(env, [['name', '=', 'P1']]);
      const [record] = await Partner.read(env, [id], ['category', 'lines.product', 'tags']);
      assert.equal(typeof record.category, 'number');
      assert.deepEqual(
        (record.lines as { product: string }[]).map((l) => l.product),
        ['X1', 'Y1'],
      );
      assert.equal((record.tags as number[]).length, 1);
    });
  });

  /** A read-only transaction, as a GET runs in (root: no access checks). */
  const readOnly = async <T>(fn: (env: Env) => Promise<T>): Promise<T> => {
    const { tx, release } = await sut.server.begin(sut.db, true);
    try {
      return await fn(new Env(sut.pool, tx, ROOT_USER, { language: 'en' }));
    } finally {
      await tx.commit();
      release();
    }
  };

  it('asks the reads of a level together: one round trip per level, not one per statement', async () => {
    const paths = pathTree(['name', 'category.name', 'tags.name', 'lines.product', 'line_count']);
    const id = await readOnly(async (env) => {
      const [found] = await env.model('test.partner').search(env, [['name', '=', 'P7']]);
      // A first read prepares the statements (their texts named on the connection).
      await readTree(env, env.model('test.partner'), [found], paths);
      return found;
    });
    let statements = 0;
    let record: Record<string, unknown> | undefined;
    const writes = await writesDuring(postgresPort(sut), () =>
      readOnly(async (env) => {
        const before = env.tx.statements;
        record = (await readTree(env, env.model('test.partner'), [id], paths)).get(id);
        statements = env.tx.statements - before;
      }),
    );
    assert.equal(record?.name, 'P7');
    assert.deepEqual(
      (record?.lines as { product: string }[]).map((l) => l.product),
      ['X7', 'Y7'],
    );
    assert.equal((record?.category as { name: string }).name, 'C');
    // The row, the x2many ids (lines and tags, with their columns) and line_count's getter: BEGIN,
    // the row and the x2many ids in one write, the category's row and the getter in the next, and
    // the COMMIT (sent alone once no next transaction takes it).
    assert.ok(statements >= 4, `expected several statements, got ${statements}`);
    assert.ok(writes <= 3, `${statements} statements took ${writes} writes`);
  });

  it("reads a record's row once per read-only transaction, whatever the columns later reads ask", () =>
    readOnly(async (env) => {
      const Partner = env.model('test.partner');
      const ids = (await Partner.search(env, [], { limit: 3 })).slice(0, 3);
      const before = env.tx.statements;
      const first = await readTree(env, Partner, ids, pathTree(['name']));
      assert.equal(env.tx.statements, before + 1);
      // Other plain columns of the same rows (and the rows again): no query.
      const again = await Partner.read(env, ids, ['code', 'score', 'category', 'name']);
      assert.equal(env.tx.statements, before + 1);
      assert.deepEqual(
        again.map((r) => r.name),
        ids.map((id) => first.get(id)!.name),
      );
      // A binary column is not kept: it is read when asked for.
      await Partner.read(env, ids, ['photo']);
      assert.equal(env.tx.statements, before + 2);
      // An id that does not exist is known not to exist.
      assert.deepEqual(
        await Partner.read(env, [...ids, 999_999], ['name']),
        again.map((r) => ({ id: r.id, name: r.name })),
      );
      await Partner.read(env, [999_999], ['code']);
      assert.equal(env.tx.statements, before + 3);
    }));

  it('keeps no rows in a read-write transaction (it may change them)', () =>
    sut.rollback(async (env) => {
      const Partner = env.model('test.partner');
      const [id] = await Partner.search(env, [['name', '=', 'P2']]);
      await Partner.read(env, [id], ['name']);
      await Partner.write(env, [id], { name: 'P2 renamed' });
      const [record] = await Partner.read(env, [id], ['name']);
      assert.equal(record.name, 'P2 renamed');
    }));
});
