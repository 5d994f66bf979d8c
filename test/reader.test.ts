import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readTree, pathTree } from '../src/storage/reader';
import { createTestDatabase, TestDatabase } from './support/database';
import { TestModule } from './fixtures/test.module';

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
});
