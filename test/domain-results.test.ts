import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Env } from '../src/pool/env';
import { createTestDatabase, TestDatabase } from './support/database';
import { TestModule } from './fixtures/test.module';

/** Domains run on real PostgreSQL give what Tryton's semantics say, edge cases included. */
describe('domain results', () => {
  let sut: TestDatabase;
  const ids: Record<string, number> = {};
  before(async () => {
    sut = await createTestDatabase([TestModule]);
    await sut.commit(async (env) => {
      const Category = env.model('test.category');
      [ids.root] = await Category.create(env, [{ name: 'Root' }]);
      [ids.child] = await Category.create(env, [{ name: 'Child', parent: ids.root }]);
      [ids.leaf] = await Category.create(env, [{ name: 'Leaf', parent: ids.child }]);
      [ids.other] = await Category.create(env, [{ name: 'Other' }]);
      await env
        .withContext({ language: 'fr' })
        .model('test.category')
        .write(env.withContext({ language: 'fr' }), [ids.leaf], { name: 'Feuille' });
      const Partner = env.model('test.partner');
      [ids.alice, ids.bob, ids.carol, ids.dave] = await Partner.create(env, [
        {
          name: 'Alice',
          code: 'A1',
          flag: true,
          score: 10,
          category: ids.leaf,
          tags: [['add', [ids.root]]],
          lines: [
            [
              'create',
              [
                { product: 'P', quantity: 2 },
                { product: 'Q', quantity: 1 },
              ],
            ],
          ],
        },
        {
          name: 'Bob',
          code: 'B1',
          flag: false,
          score: null,
          category: ids.other,
          lines: [['create', [{ product: 'Q', quantity: 5 }]]],
        },
        { name: 'Carol', code: null, score: 3, category: null },
        { name: 'Dave', code: 'D1', active: false, score: 10 },
      ]);
    });
  });
  after(() => sut.drop());

  const search = (domain: unknown[], context = {}) =>
    sut.rollback(
      async (env: Env) => {
        const found = await env.model('test.partner').search(env, domain, { order: [['name', 'ASC']] });
        const names = await env
          .model('test.partner')
          .read(env.withContext({ active_test: false }), found, ['name']);
        return names.map((r) => r.name);
      },
      { context },
    );

  it('= null is IS NULL; != never matches null', async () => {
    assert.deepEqual(await search([['code', '=', null]]), ['Carol']);
    assert.deepEqual(await search([['code', '!=', 'A1']]), ['Bob']);
  });
  it('comparisons with null are false; in with null adds IS NULL', async () => {
    assert.deepEqual(await search([['score', '>', null]]), []);
    assert.deepEqual(await search([['score', 'in', [3, null]]]), ['Bob', 'Carol']);
    assert.deepEqual(await search([['score', 'in', []]]), []);
    assert.deepEqual(await search([['score', 'not in', []]]), ['Alice', 'Bob', 'Carol']);
  });
  it('boolean = false also matches null', async () => {
    assert.deepEqual(await search([['flag', '=', false]]), ['Bob', 'Carol']);
  });
  it('like is case-sensitive, ilike is not', async () => {
    assert.deepEqual(await search([['name', 'like', 'a%']]), []);
    assert.deepEqual(await search([['name', 'ilike', 'a%']]), ['Alice']);
  });
  it('inactive records are hidden unless asked for', async () => {
    assert.deepEqual(await search([['score', '=', 10]]), ['Alice']);
    assert.deepEqual(
      await search([
        ['score', '=', 10],
        ['active', 'in', [true, false]],
      ]),
      ['Alice', 'Dave'],
    );
    assert.deepEqual(await search([['score', '=', 10]], { active_test: false }), ['Alice', 'Dave']);
  });
  it('x2many is existential; negative also matches records with no rows', async () => {
    assert.deepEqual(await search([['lines.product', '=', 'Q']]), ['Alice', 'Bob']);
    assert.deepEqual(await search([['lines.product', '!=', 'Q']]), ['Alice', 'Carol']);
    assert.deepEqual(await search([['lines', '=', null]]), ['Carol']);
    assert.deepEqual(
      await search([
        [
          'lines',
          'where',
          [
            ['product', '=', 'Q'],
            ['quantity', '>', 3],
          ],
        ],
      ]),
      ['Bob'],
    );
    assert.deepEqual(await search([['lines', 'not where', [['product', '=', 'Q']]]]), ['Carol']);
  });
  it('many2one by id, by name and through a dotted path at depth', async () => {
    assert.deepEqual(await search([['category', '=', ids.other]]), ['Bob']);
    assert.deepEqual(await search([['category', '=', 'Leaf']]), ['Alice']);
    assert.deepEqual(await search([['category.parent.parent.name', '=', 'Root']]), ['Alice']);
    assert.deepEqual(await search([['tags.name', '=', 'Root']]), ['Alice']);
  });
  it('child_of includes the record and its descendants; parent_of its ancestors', async () => {
    assert.deepEqual(await search([['category', 'child_of', [ids.root]]]), ['Alice']);
    assert.deepEqual(await search([['category', 'not child_of', [ids.root]]]), ['Bob']);
    const up = await sut.rollback(async (env) =>
      env
        .model('test.category')
        .search(env, [['parent', 'parent_of', [ids.leaf]]], { order: [['name', 'ASC']] }),
    );
    assert.deepEqual(up, [ids.child, ids.leaf, ids.root]);
  });
  it('translated values are searched in the request language with fallback', async () => {
    const find = (value: string, language: string) =>
      sut.rollback(async (env) => env.model('test.category').search(env, [['name', '=', value]]), {
        context: { language },
      });
    assert.deepEqual(await find('Feuille', 'fr'), [ids.leaf]);
    assert.deepEqual(await find('Feuille', 'fr_BE'), [ids.leaf]);
    assert.deepEqual(await find('Leaf', 'en'), [ids.leaf]);
    assert.deepEqual(await find('Root', 'fr'), [ids.root]);
  });
  it('orders by a many2one (its rec_name), nulls placement and offsets', async () => {
    const names = await sut.rollback(async (env) => {
      const found = await env.model('test.partner').search(env, [], {
        order: [
          ['category', 'ASC'],
          ['name', 'DESC'],
        ],
      });
      return (await env.model('test.partner').read(env, found, ['name'])).map((r) => r.name);
    });
    assert.deepEqual(names, ['Alice', 'Bob', 'Carol']);
    const nullsFirst = await sut.rollback(async (env) => {
      const found = await env
        .model('test.partner')
        .search(env, [], { order: [['code', 'ASC NULLS FIRST']], offset: 1, limit: 1 });
      return (await env.model('test.partner').read(env, found, ['name'])).map((r) => r.name);
    });
    assert.deepEqual(nullsFirst, ['Alice']);
  });
});
