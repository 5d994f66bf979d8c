import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileDomain, newScope } from '../src/domain/compiler';
import { parseDomain } from '../src/domain/domain';
import { compileOrder } from '../src/domain/order';
import { buildSearchQuery } from '../src/storage/query';
import { Env } from '../src/pool/env';
import type { Transaction } from '../src/storage/transaction';
import { createTestDatabase, TestDatabase } from './support/database';
import { TestModule } from './fixtures/test.module';

/** Golden tests: the exact SQL and parameters per operator, so a change in generated SQL shows as a diff. */
describe(compileDomain.name, () => {
  let tdb: TestDatabase;
  let env: Env;
  before(async () => {
    tdb = await createTestDatabase([TestModule]);
    env = new Env(tdb.pool, {} as Transaction, 0, { language: 'en' });
  });
  after(() => tdb.drop());

  const sut = async (domain: unknown[], model = 'test.partner', lang = 'en') => {
    const scope = newScope(lang === 'en' ? env : env.withContext({ language: lang }));
    const sql = await compileDomain(scope, tdb.pool.get(model), parseDomain(domain), 'a');
    return { sql, params: scope.params.values };
  };

  const cases: [string, unknown[], string, unknown[]][] = [
    ['=', [['name', '=', 'A']], '"a"."name" = $1', ['A']],
    ['!=', [['name', '!=', 'A']], '"a"."name" != $1', ['A']],
    ['= null', [['name', '=', null]], '"a"."name" IS NULL', []],
    ['!= null', [['name', '!=', null]], '"a"."name" IS NOT NULL', []],
    ['<', [['score', '<', 3]], '"a"."score" < $1', [3]],
    ['<=', [['score', '<=', 3]], '"a"."score" <= $1', [3]],
    ['>', [['score', '>', 3]], '"a"."score" > $1', [3]],
    ['>=', [['score', '>=', 3]], '"a"."score" >= $1', [3]],
    ['< null is false', [['score', '<', null]], 'FALSE', []],
    ['in', [['score', 'in', [1, 2]]], '"a"."score" = ANY($1)', [[1, 2]]],
    ['in with null', [['score', 'in', [1, null]]], '("a"."score" = ANY($1) OR "a"."score" IS NULL)', [[1]]],
    ['empty in', [['score', 'in', []]], 'FALSE', []],
    ['not in', [['score', 'not in', [1]]], '"a"."score" != ALL($1)', [[1]]],
    ['empty not in', [['score', 'not in', []]], 'TRUE', []],
    ['like', [['name', 'like', 'A%']], '"a"."name" LIKE $1', ['A%']],
    ['not like', [['name', 'not like', 'A%']], '"a"."name" NOT LIKE $1', ['A%']],
    ['ilike', [['name', 'ilike', '%a%']], '"a"."name" ILIKE $1', ['%a%']],
    ['not ilike', [['name', 'not ilike', '%a%']], '"a"."name" NOT ILIKE $1', ['%a%']],
    ['boolean = false', [['flag', '=', false]], '("a"."flag" = FALSE OR "a"."flag" IS NULL)', []],
    ['boolean = true', [['flag', '=', true]], '"a"."flag" = TRUE', []],
    ['numeric', [['balance', '>', '10.50']], '"a"."balance" > $1', ['10.50']],
    ['date', [['since', '>=', '2024-01-31']], '"a"."since" >= $1', ['2024-01-31']],
    [
      'OR',
      ['OR', ['name', '=', 'A'], ['code', '=', 'B']],
      '("a"."name" = $1 OR "a"."code" = $2)',
      ['A', 'B'],
    ],
    [
      'AND nested',
      [
        ['name', '=', 'A'],
        ['OR', ['score', '=', 1], ['score', '=', 2]],
      ],
      '("a"."name" = $1 AND ("a"."score" = $2 OR "a"."score" = $3))',
      ['A', 1, 2],
    ],
    ['many2one id', [['category', '=', 5]], '"a"."category" = $1', [5]],
    [
      'many2one dotted',
      [['category.name', '=', 'X']],
      '"a"."category" IN (SELECT "t1"."id" FROM "test_category" AS "t1" WHERE "t1"."name" = $1)',
      ['X'],
    ],
    [
      'many2one by name (rec_name)',
      [['category', 'ilike', 'X%']],
      '"a"."category" IN (SELECT "t1"."id" FROM "test_category" AS "t1" WHERE "t1"."name" ILIKE $1)',
      ['X%'],
    ],
    [
      'one2many dotted is existential',
      [['lines.product', '=', 'P']],
      '"a"."id" IN (SELECT "t1"."partner" FROM "test_line" AS "t1" WHERE "t1"."partner" IS NOT NULL AND "t1"."product" = $1)',
      ['P'],
    ],
    [
      'one2many negative also matches no rows',
      [['lines.product', '!=', 'P']],
      '("a"."id" IN (SELECT "t1"."partner" FROM "test_line" AS "t1" WHERE "t1"."partner" IS NOT NULL AND "t1"."product" != $1) OR "a"."id" NOT IN (SELECT "t2"."partner" FROM "test_line" AS "t2" WHERE "t2"."partner" IS NOT NULL AND TRUE))',
      ['P'],
    ],
    [
      'one2many = null: no rows',
      [['lines', '=', null]],
      '"a"."id" NOT IN (SELECT "t1"."partner" FROM "test_line" AS "t1" WHERE "t1"."partner" IS NOT NULL AND TRUE)',
      [],
    ],
    [
      'where',
      [
        [
          'lines',
          'where',
          [
            ['product', '=', 'P'],
            ['quantity', '>', 1],
          ],
        ],
      ],
      '"a"."id" IN (SELECT "t1"."partner" FROM "test_line" AS "t1" WHERE "t1"."partner" IS NOT NULL AND ("t1"."product" = $1 AND "t1"."quantity" > $2))',
      ['P', '1'],
    ],
    [
      'not where',
      [['lines', 'not where', [['product', '=', 'P']]]],
      '"a"."id" NOT IN (SELECT "t1"."partner" FROM "test_line" AS "t1" WHERE "t1"."partner" IS NOT NULL AND "t1"."product" = $1)',
      ['P'],
    ],
    [
      'many2many dotted',
      [['tags.name', '=', 'T']],
      '"a"."id" IN (SELECT "t1"."partner" FROM "test_partner-test_category" AS "t1" JOIN "test_category" AS "t2" ON "t2"."id" = "t1"."category" WHERE "t2"."name" = $1)',
      ['T'],
    ],
    [
      'child_of through many2one',
      [['category', 'child_of', [1]]],
      '"a"."category" IN (WITH RECURSIVE "tree"("id") AS (SELECT "id" FROM "test_category" WHERE "id" = ANY($1) UNION SELECT "c"."id" FROM "test_category" AS "c" JOIN "tree" ON "c"."parent" = "tree"."id") SELECT "id" FROM "tree")',
      [[1]],
    ],
    [
      'rec_name uses the model rule',
      [['rec_name', 'ilike', 'a%']],
      '("a"."name" ILIKE $1 OR "a"."code" ILIKE $2)',
      ['a%', 'a%'],
    ],
  ];
  for (const [name, domain, sql, params] of cases) {
    it(name, async () => {
      const result = await sut(domain);
      assert.equal(result.sql, sql);
      assert.deepEqual(result.params, params);
    });
  }

  it('parent_of on a tree model walks up', async () => {
    const result = await sut([['parent', 'parent_of', [3]]], 'test.category');
    assert.equal(
      result.sql,
      '"a"."id" IN (WITH RECURSIVE "tree"("id") AS (SELECT "id" FROM "test_category" WHERE "id" = ANY($1) UNION SELECT "c"."parent" FROM "test_category" AS "c" JOIN "tree" ON "c"."id" = "tree"."id" WHERE "c"."parent" IS NOT NULL) SELECT "id" FROM "tree")',
    );
  });

  it('translated field in another language reads the translation first, then its parent language', async () => {
    const result = await sut([['name', '=', 'Chaise']], 'test.category', 'fr_BE');
    const lookup = (lang: string) =>
      `(SELECT "tr"."value" FROM "ir_translation" AS "tr" WHERE "tr"."name" = $1 AND "tr"."res_id" = "a"."id" AND "tr"."lang" = ${lang} AND "tr"."type" = 'model' AND "tr"."value" <> '' LIMIT 1)`;
    assert.equal(result.sql, `COALESCE(${lookup('$2')}, ${lookup('$3')}, "a"."name") = $4`);
    assert.deepEqual(result.params, ['test.category,name', 'fr_BE', 'fr', 'Chaise']);
  });

  const refused: [string, unknown[]][] = [
    ['unknown field', [['nope', '=', 1]]],
    ['unknown path step', [['category.nope', '=', 1]]],
    ['path through a non-relation', [['name.x', '=', 1]]],
    ['value of the wrong type', [['score', '=', 'abc']]],
    ['like on a non-string value', [['name', 'like', 3]]],
    ['where on a plain field', [['name', 'where', []]]],
    ['child_of with names', [['category', 'child_of', ['x']]]],
  ];
  for (const [name, domain] of refused) {
    it(`refuses ${name} with a 400`, async () => {
      await assert.rejects(sut(domain), (e: { status?: number }) => e.status === 400);
    });
  }
  it('refuses an unknown operator while parsing', () => {
    assert.throws(
      () => parseDomain([['name', 'LIKE', 'x']]),
      (e: { status?: number }) => e.status === 400,
    );
  });

  it('orders by paths with a join, by selection label and always ends with id', async () => {
    const scope = newScope(env);
    const order = await compileOrder(
      scope,
      tdb.pool.get('test.partner'),
      [
        ['category.name', 'DESC NULLS LAST'],
        ['kind', 'ASC'],
      ],
      'a',
    );
    assert.deepEqual(order.joins, ['LEFT JOIN "test_category" AS "t1" ON "t1"."id" = "a"."category"']);
    assert.deepEqual(order.terms, [
      '"t1"."name" DESC NULLS LAST',
      'CASE "a"."kind" WHEN $1 THEN $2 WHEN $3 THEN $4 WHEN $5 THEN $6 ELSE "a"."kind" END ASC',
      '"a"."id" ASC',
    ]);
  });

  it('adds the active filter unless the domain mentions active', async () => {
    const model = tdb.pool.get('test.partner');
    const implicit = await buildSearchQuery(env, model, [['name', '=', 'A']], { noOrder: true });
    assert.equal(
      implicit.text,
      'SELECT "a"."id" FROM "test_partner" AS "a" WHERE ("a"."name" = $1 AND "a"."active" = TRUE)',
    );
    const explicit = await buildSearchQuery(env, model, [['active', '=', false]], { noOrder: true });
    assert.equal(
      explicit.text,
      'SELECT "a"."id" FROM "test_partner" AS "a" WHERE ("a"."active" = FALSE OR "a"."active" IS NULL)',
    );
  });
});
