import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { refId } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { apiKey, useTestApp } from 'nest-tryton/testing';
import type { TestApp, TestDatabase } from 'nest-tryton/testing';
import { BUSINESS_MODULES } from '../index';
import { makeCompany, makeCustomer, makeProduct } from '../test-factories';
import type { SaleModel } from './sale.model';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Sales of January and February, then the sales manager reads January's report per customer. */
describe('a sales report by customer over a month', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let auth: Record<string, string>;
  let alice: number;
  let bruno: number;
  let company: number;
  let templates: { lamp: number; bulb: number };
  const url = (path: string) => `/${tdb.db}/rest/model/${path}`;

  async function confirmedSale(
    env: Env,
    party: number,
    lines: [number, number][],
    date: string,
  ): Promise<number> {
    const Sale = env.model('sale.sale') as SaleModel;
    const [sale] = await Sale.create(env, [
      {
        company,
        party,
        sale_date: date,
        lines: [['create', lines.map(([product, quantity]) => ({ product, quantity, taxes: [] }))]],
      },
    ]);
    await Sale.quote(env, [sale]);
    await Sale.confirm(env, [sale]);
    return sale;
  }

  useTestApp(BUSINESS_MODULES, async (stack) => {
    ({ tdb, sut } = stack);
    const key = await apiKey(tdb, 'manager', ['sale.group_sale']);
    await tdb.commit(async (env) => {
      ({ company } = await makeCompany(env));
      const users = await env.model('res.user').search(env, [['login', '=', 'manager']]);
      await env.model('res.user').write(env, users, { companies: [['add', [company]]], company });
      alice = (await makeCustomer(env, 'Alice Martin')).party;
      bruno = (await makeCustomer(env, 'Bruno Lefèvre')).party;
      const lampProduct = await makeProduct(env, { name: 'Lamp', list_price: '80' });
      const bulbProduct = await makeProduct(env, { name: 'Bulb', list_price: '2.5' });
      templates = { lamp: lampProduct.template, bulb: bulbProduct.template };
      const lamp = lampProduct.product;
      const bulb = bulbProduct.product;
      await confirmedSale(
        env,
        alice,
        [
          [lamp, 2],
          [bulb, 4],
        ],
        '2025-01-10',
      ); // 170
      await confirmedSale(env, alice, [[bulb, 10]], '2025-01-28'); // 25
      await confirmedSale(env, bruno, [[lamp, 1]], '2025-01-15'); // 80
      await confirmedSale(env, bruno, [[lamp, 5]], '2025-02-03'); // February: not in January's report
      // A draft sale is not revenue.
      await env.model('sale.sale').create(env, [
        {
          company,
          party: bruno,
          sale_date: '2025-01-20',
          lines: [['create', [{ product: lamp, quantity: 9 }]]],
        },
      ]);
      void (await refId(env, 'currency', 'eur'));
    });
    auth = { Authorization: `bearer ${key}` };
  });

  const january = () => b64({ company, from_date: '2025-01-01', to_date: '2025-01-31', period: 'day' });

  it('sums the confirmed sales of the month per customer, largest first', async () => {
    const res = await sut
      .http()
      .get(url('sale.reporting.customer'))
      .query('f=customer&f=number&f=revenue&f=currency.code&f=rec_name')
      .set(auth)
      .set('X-Tryton-Context', january())
      .expect(200);
    assert.deepEqual(
      res.body.map((r: Record<string, unknown>) => [
        r.id,
        r.customer,
        r.number,
        (r.revenue as { decimal: string }).decimal,
        (r.currency as { code: string }).code,
        r.rec_name,
      ]),
      [
        [alice, alice, 2, '195.00', 'EUR', 'Alice Martin'],
        [bruno, bruno, 1, '80.00', 'EUR', 'Bruno Lefèvre'],
      ],
    );
  });

  it('searches, orders and pages the report like any model', async () => {
    const big = await sut
      .http()
      .get(url('sale.reporting.customer'))
      .query({ d: b64([['revenue', '>', 100]]), o: b64([['customer.name', 'DESC']]) })
      .set(auth)
      .set('X-Tryton-Context', january())
      .expect(200);
    assert.deepEqual(
      big.body.map((r: { id: number }) => r.id),
      [alice],
    );
    const byName = await sut
      .http()
      .get(url('sale.reporting.customer'))
      .query({ o: b64([['customer.name', 'DESC']]), s: 1 })
      .set(auth)
      .set('X-Tryton-Context', january())
      .expect(200);
    assert.deepEqual(
      byName.body.map((r: { id: number }) => r.id),
      [bruno],
    );
  });

  it("follows a customer's days in its time series, and draws the trend", async () => {
    const res = await sut
      .http()
      .get(url(`sale.reporting.customer/${alice}`))
      .query('f=time_series.date&f=time_series.revenue&f=revenue_trend')
      .set(auth)
      .set('X-Tryton-Context', january())
      .expect(200);
    const series = res.body.time_series as {
      date: { year: number; month: number; day: number };
      revenue: { decimal: string };
    }[];
    assert.deepEqual(
      series.map((s) => [s.date.day, s.revenue.decimal]),
      [
        [10, '170.00'],
        [28, '25.00'],
      ],
    );
    assert.equal(res.body.revenue_trend, '█▁');
  });

  it('gives the totals of the month and of the whole period', async () => {
    const month = await sut
      .http()
      .get(url('sale.reporting.main'))
      .query('f=number&f=revenue')
      .set(auth)
      .set('X-Tryton-Context', january())
      .expect(200);
    assert.deepEqual(
      month.body.map((r: { number: number; revenue: { decimal: string } }) => [r.number, r.revenue.decimal]),
      [[3, '275.00']],
    );
    const all = await sut
      .http()
      .get(url('sale.reporting.main.time_series'))
      .query('f=date&f=revenue')
      .set(auth)
      .set('X-Tryton-Context', b64({ company, period: 'month' }))
      .expect(200);
    assert.deepEqual(
      all.body.map((r: { date: { month: number }; revenue: { decimal: string } }) => [
        r.date.month,
        r.revenue.decimal,
      ]),
      [
        [1, '275.00'],
        [2, '400.00'],
      ],
    );
  });

  it('reads the revenue of the category and region trees as Decimals, subtrees included', async () => {
    const { lighting, bulbs, region } = await tdb.commit(async (env) => {
      const Category = env.model('product.category');
      const [lighting] = await Category.create(env, [{ name: 'Lighting' }]);
      const [bulbs] = await Category.create(env, [{ name: 'Bulbs', parent: lighting }]);
      const Template = env.model('product.template');
      await Template.write(env, [templates.lamp], { categories: [['add', [lighting]]] });
      await Template.write(env, [templates.bulb], { categories: [['add', [bulbs]]] });
      const [belgium] = await env
        .model('country.country')
        .read(env, [await refId(env, 'country', 'be')], ['region']);
      return { lighting, bulbs, region: belgium.region as number };
    });
    const tree = await sut
      .http()
      .get(url('sale.reporting.product.category.tree'))
      .query({ d: JSON.stringify([['id', 'in', [lighting, bulbs]]]), f: ['name', 'revenue', 'parent'] })
      .set(auth)
      .set('X-Tryton-Context', january())
      .expect(200);
    assert.deepEqual(
      tree.body.map((r: { id: number; revenue: unknown; parent: number | null }) => [
        r.id,
        r.revenue,
        r.parent,
      ]),
      [
        [bulbs, { __class__: 'Decimal', decimal: '35.00' }, lighting],
        [lighting, { __class__: 'Decimal', decimal: '275.00' }, null],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
    const regionRow = await sut
      .http()
      .get(url(`sale.reporting.region.tree/${region}`))
      .query({ f: ['revenue', 'currency'] })
      .set(auth)
      .set('X-Tryton-Context', january())
      .expect(200);
    assert.deepEqual(regionRow.body.revenue, { __class__: 'Decimal', decimal: '275.00' });
  });

  it("numbers report rows with integers as Tryton's table_query does", async () => {
    const context = b64({ company, period: 'month' });
    const lines = await tdb.commit(async (env) => {
      const rows = await env.tx.query(
        `SELECT MIN("l"."id") AS "first" FROM "sale_line" AS "l" JOIN "sale_sale" AS "s" ON "s"."id" = "l"."sale"
          WHERE "s"."state" = 'confirmed' GROUP BY DATE_TRUNC('month', "s"."sale_date") ORDER BY 1`,
      );
      return rows.map((r) => Number(r.first));
    });
    const series = await sut
      .http()
      .get(url('sale.reporting.main.time_series'))
      .query({ o: JSON.stringify([['date', 'ASC']]) })
      .set(auth)
      .set('X-Tryton-Context', context)
      .expect(200);
    // A period's row is its first sale line (Tryton: Min(line.id)).
    assert.deepEqual(
      series.body.map((r: { id: unknown }) => r.id),
      lines,
    );
    for (const model of [
      'sale.reporting.main',
      'sale.reporting.customer.time_series',
      'sale.reporting.product.category.time_series',
      'sale.reporting.customer.category.time_series',
      'sale.reporting.country.tree',
    ]) {
      const res = await sut.http().get(url(model)).set(auth).set('X-Tryton-Context', context).expect(200);
      assert.ok(res.body.length > 0 || model.includes('customer.category'), model);
      for (const row of res.body as { id: unknown }[])
        assert.ok(Number.isInteger(row.id), `${model}: ${JSON.stringify(row.id)}`);
    }
    const byCategory = await sut
      .http()
      .get(url('sale.reporting.product.category.time_series'))
      .set(auth)
      .set('X-Tryton-Context', context)
      .expect(200);
    const ids = byCategory.body.map((r: { id: number }) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'one id per row');
  });

  it('is read-only, and shows nothing of a company the user does not work for', async () => {
    const write = await sut
      .http()
      .put(url(`sale.reporting.customer/${alice}`))
      .set(auth)
      .send({ number: 1 });
    assert.ok(write.status >= 400 && write.status < 500, String(write.status));
    const other = await tdb.commit(async (env) => (await makeCompany(env, 'usd')).company);
    const res = await sut
      .http()
      .get(url('sale.reporting.customer'))
      .set(auth)
      .set('X-Tryton-Context', b64({ company: other }))
      .expect(200);
    assert.deepEqual(res.body, []);
  });
});
