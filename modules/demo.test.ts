import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, TestDatabase } from 'nest-tryton/testing';
import { BUSINESS_MODULES } from './index';
import type { SaleModel } from './sale/sale.model';

async function counts(
  tdb: TestDatabase,
  domains: Record<string, unknown[]>,
): Promise<Record<string, number>> {
  return tdb.rollback(async (env) => {
    const result: Record<string, number> = {};
    for (const [key, domain] of Object.entries(domains)) {
      const [model] = key.split(' ');
      result[key] = await env.model(model).searchCount(env, domain);
    }
    return result;
  });
}

describe('demo data', () => {
  describe('small', () => {
    let sut: TestDatabase;
    before(async () => {
      sut = await createTestDatabase(BUSINESS_MODULES, 'small');
    });
    after(async () => sut.drop());

    it('has a few records of everything, sales through the workflow', async () => {
      const found = await counts(sut, {
        'party.party': [],
        'product.product': [],
        'web.shop': [],
        'sale.sale': [],
        'sale.sale confirmed': [['state', 'in', ['confirmed', 'done']]],
        'account.tax': [],
      });
      assert.ok(found['party.party'] >= 10 && found['product.product'] >= 10, JSON.stringify(found));
      assert.deepEqual(
        [found['web.shop'], found['sale.sale'], found['sale.sale confirmed'], found['account.tax']],
        // VAT 21 %, VAT 6 %, and the recycling fee with its two dated amounts
        [1, 5, 3, 5],
      );
    });

    it('names products in French', async () => {
      const names = await sut.rollback(async (env) => {
        const fr = env.withContext({ language: 'fr' });
        const ids = await env.model('product.product').search(fr, [], { limit: 1, order: [['code', 'ASC']] });
        return [
          ...(await env.model('product.product').read(env, ids, ['name'])),
          ...(await env.model('product.product').read(fr, ids, ['name'])),
        ];
      });
      assert.deepEqual(
        names.map((n) => n.name),
        ['Oak Chair 1', 'Chaise en chêne 1'],
      );
    });
  });

  describe('large', () => {
    let sut: TestDatabase;
    before(async () => {
      sut = await createTestDatabase(BUSINESS_MODULES, 'large');
    });
    after(async () => sut.drop());

    it('has the benchmark shape', async () => {
      const found = await counts(sut, {
        'party.party': [],
        'party.party with address': [['addresses', '!=', null]],
        'party.party with e-mail': [['email', '!=', null]],
        'product.product': [],
        'product.product published': [['web_shops.name', '=', 'Demo Shop']],
        'web.shop': [],
        'company.company': [],
        'sale.sale': [],
        'sale.sale beyond': [['state', 'not in', ['draft', 'quotation', 'confirmed']]],
        'sale.sale without lines': [['lines', '=', null]],
      });
      assert.deepEqual(found, {
        'party.party': 10_000,
        'party.party with address': 10_000,
        'party.party with e-mail': 10_000,
        'product.product': 1_000,
        'product.product published': 1_000,
        'web.shop': 1,
        'company.company': 1,
        'sale.sale': 20_000,
        'sale.sale beyond': 0,
        'sale.sale without lines': 0,
      });
    });

    it('keeps 1 to 5 lines per sale, stored amounts on confirmed sales, French product names', async () => {
      await sut.rollback(async (env) => {
        const [shape] = await env.tx.query(
          `SELECT MIN("n") AS "min", MAX("n") AS "max" FROM (SELECT COUNT(*) AS "n" FROM "sale_line" GROUP BY "sale") AS "c"`,
        );
        assert.deepEqual([Number(shape.min), Number(shape.max)], [1, 5]);
        const Sale = env.model('sale.sale') as SaleModel;
        const confirmed = await Sale.search(env, [['state', '=', 'confirmed']], { limit: 50 });
        for (const sale of await Sale.read(env, confirmed, ['total_amount_cache', 'lines'])) {
          await Sale.draft(env, [sale.id]);
          const [live] = await Sale.read(env, [sale.id], ['total_amount']);
          assert.equal(String(live.total_amount), String(sale.total_amount_cache));
        }
        const fr = env.withContext({ language: 'fr' });
        assert.equal(
          await env.model('product.product').searchCount(fr, [['name', 'ilike', '% en %']]),
          1_000,
        );
      });
    });
  });
});
