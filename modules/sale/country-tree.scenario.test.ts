import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { refId } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { apiKey, TestApp, TestDatabase, useTestApp } from 'nest-tryton/testing';
import { BUSINESS_MODULES } from '../index';
import { makeCompany, makeProduct } from '../test-factories';
import type { SaleModel } from './sale.model';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** A sales manager reads the revenue of a quarter by country, each Belgian province under Belgium. */
describe('sales per country and subdivision, as a tree', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let auth: Record<string, string>;
  let ids: { company: number; be: number; fr: number; liege: number };
  const url = (path: string) => `/${tdb.db}/rest/model/${path}`;

  async function sale(env: Env, party: number, product: number, quantity: number, date: string) {
    const Sale = env.model('sale.sale') as SaleModel;
    const [id] = await Sale.create(env, [
      {
        company: ids.company,
        party,
        sale_date: date,
        lines: [['create', [{ product, quantity, taxes: [] }]]],
      },
    ]);
    await Sale.quote(env, [id]);
    await Sale.confirm(env, [id]);
  }

  useTestApp(BUSINESS_MODULES, async (stack) => {
    ({ tdb, sut } = stack);
    const key = await apiKey(tdb, 'manager', ['sale.group_sale']);
    await tdb.commit(async (env) => {
      const { company } = await makeCompany(env);
      const users = await env.model('res.user').search(env, [['login', '=', 'manager']]);
      await env.model('res.user').write(env, users, { companies: [['add', [company]]], company });
      const [be, fr] = [await refId(env, 'country', 'be'), await refId(env, 'country', 'fr')];
      const [liege] = await env.model('country.subdivision').search(env, [['code', '=', 'BE-WLG']]);
      ids = { company, be, fr, liege };
      const Party = env.model('party.party');
      const [inLiege, inBrussels, inLyon] = await Party.create(env, [
        {
          name: 'Liège customer',
          addresses: [['create', [{ city: 'Liège', postal_code: '4000', country: be, subdivision: liege }]]],
        },
        { name: 'Brussels customer', addresses: [['create', [{ city: 'Bruxelles', country: be }]]] },
        {
          name: 'Lyon customer',
          addresses: [['create', [{ city: 'Lyon', postal_code: '69001', country: fr }]]],
        },
      ]);
      const lamp = (await makeProduct(env, { name: 'Lamp', list_price: '80' })).product;
      await sale(env, inLiege, lamp, 2, '2025-01-10'); // 160, Liège
      await sale(env, inBrussels, lamp, 1, '2025-02-10'); // 80, Belgium without a subdivision
      await sale(env, inLyon, lamp, 3, '2025-03-10'); // 240, France
    });
    auth = { Authorization: `bearer ${key}` };
  });

  const quarter = () => b64({ company: ids.company, from_date: '2025-01-01', to_date: '2025-03-31' });

  it('gives each country its revenue and its subdivisions as children', async () => {
    const res = await sut
      .http()
      .get(url('sale.reporting.country.tree'))
      .query({ f: ['region', 'parent', 'children', 'number', 'revenue', 'currency.code', 'rec_name'] })
      .set(auth)
      .set('X-Tryton-Context', quarter())
      .expect(200);
    const rows = (res.body as Record<string, unknown>[]).map((r) => [
      r.id,
      r.region,
      r.parent,
      r.children,
      r.number,
      (r.revenue as { decimal: string }).decimal,
      (r.currency as { code: string }).code,
      r.rec_name,
    ]);
    const [be, fr, liege] = [ids.be * 2, ids.fr * 2, ids.liege * 2 + 1];
    assert.deepEqual(
      rows.sort((a, b) => (a[0] as number) - (b[0] as number)),
      [
        [be, 'Belgium', null, [liege], 2, '240.00', 'EUR', 'Belgium'],
        [fr, 'France', null, [], 1, '240.00', 'EUR', 'France'],
        [liege, 'Liège', be, [], 1, '160.00', 'EUR', 'Liège'],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
  });

  it('searches the roots and orders them like any model, bounded by the context', async () => {
    const roots = await sut
      .http()
      .get(url('sale.reporting.country.tree'))
      .query({
        d: b64([['parent', '=', null]]),
        o: b64([
          ['revenue', 'DESC'],
          ['id', 'ASC'],
        ]),
        f: ['region'],
      })
      .set(auth)
      .set('X-Tryton-Context', quarter())
      .expect(200);
    assert.deepEqual(
      roots.body.map((r: { region: string }) => r.region),
      // the same revenue: by id
      ids.be < ids.fr ? ['Belgium', 'France'] : ['France', 'Belgium'],
    );
    const march = await sut
      .http()
      .get(url('sale.reporting.country.tree'))
      .query({ f: ['region', 'revenue'] })
      .set(auth)
      .set('X-Tryton-Context', b64({ company: ids.company, from_date: '2025-03-01', to_date: '2025-03-31' }))
      .expect(200);
    assert.deepEqual(
      march.body.map((r: { region: string; revenue: { decimal: string } }) => [r.region, r.revenue.decimal]),
      [['France', '240.00']],
    );
  });
});
