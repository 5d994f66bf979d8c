import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, TestDatabase } from 'nest-tryton/testing';
import { BUSINESS_MODULES } from './index';
import type { SaleModel } from './sale/sale.model';
import { KNOWN_VALID, VALID } from './demo-checks';
import type { Env } from 'nest-tryton';

/** Every party and product identifier of the demo, by type, and those a check refuses. */
async function invalidIdentifiers(env: Env): Promise<{ types: Record<string, number>; invalid: string[] }> {
  const rows = [
    ...(await env.tx.query('SELECT "type", "code" FROM "party_identifier"')),
    ...(await env.tx.query('SELECT "type", "code" FROM "product_identifier"')),
  ];
  const types: Record<string, number> = {};
  for (const r of rows) types[r.type] = (types[r.type] ?? 0) + 1;
  return { types, invalid: rows.filter((r) => !VALID[r.type]?.(r.code)).map((r) => `${r.type} ${r.code}`) };
}

/** The price rows of the products, per company (null: a value for every company). */
async function priceRows(env: Env): Promise<Record<string, number>> {
  const [row] = await env.tx.query(
    `SELECT (SELECT COUNT(*) FROM "product_list_price" WHERE "company" = $1) AS "list",
            (SELECT COUNT(*) FROM "product_list_price" WHERE "company" IS DISTINCT FROM $1) AS "list_other",
            (SELECT COUNT(*) FROM "product_cost_price" WHERE "company" = $1) AS "cost",
            (SELECT COUNT(*) FROM "product_cost_price" WHERE "company" IS DISTINCT FROM $1) AS "cost_other"`,
    [(await env.model('company.company').search(env, [], { limit: 1 }))[0]],
  );
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}

it('checks identifiers as python-stdnum does (published valid numbers pass, a changed digit fails)', () => {
  for (const [type, code] of KNOWN_VALID) {
    assert.ok(VALID[type](code), `${type} ${code}`);
    // a checked digit: the eleven test's last digit (NL), the IRS campus prefix (US), else the last
    const at = ({ nl_vat: 8, us_ein: 0 } as Record<string, number>)[type] ?? code.length - 1;
    const changed = code.slice(0, at) + String((Number(code[at]) + 1) % 10) + code.slice(at + 1);
    assert.ok(!VALID[type](changed), `${type} ${changed}`);
  }
});

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

    it("writes each party's address in its country's format, in its language", async () => {
      const addresses = await sut.rollback(async (env) => {
        const Party = env.model('party.party');
        const ids = await Party.search(env, [['categories.name', '=', 'Customer']], {
          order: [['id', 'ASC']],
        });
        return Party.read(env, ids, ['lang.code', 'addresses.country.code', 'addresses.full_address']);
      });
      const byCountry = new Map<string, string[]>();
      for (const party of addresses) {
        const [address] = party.addresses as { country: { code: string }; full_address: string }[];
        byCountry.set(address.country.code, [
          ...(byCountry.get(address.country.code) ?? []),
          `${(party.lang as { code: string }).code}|${address.full_address}`,
        ]);
      }
      // every country whose address format Tryton ships, among the demo's places
      assert.deepEqual([...byCountry.keys()].sort(), ['BE', 'DE', 'FR', 'GB', 'LU', 'NL', 'US']);
      const lines = (country: string) => byCountry.get(country)![0].split('|')[1].split('\n');
      // Belgium: street, postal code and city; France: the city in capitals
      assert.match(lines('BE').slice(-3).join('\n'), /^Rue Neuve \d+\n1000 Bruxelles\nBELGIUM$/);
      assert.match(lines('FR').slice(-3).join('\n'), /^\d+ rue de Rivoli\n75001 PARIS\nFRANCE$/);
      // the United States: city, state code and ZIP code; the United Kingdom: the postcode on its own line
      assert.match(lines('US').slice(-2).join('\n'), /^New York, NY 10118\nUNITED STATES$/);
      assert.match(lines('GB').slice(-3).join('\n'), /^LONDON\nSW1A 2AA\nUNITED KINGDOM$/);
      assert.deepEqual(
        [...new Set([...byCountry].map(([country, list]) => `${country}:${list[0].split('|')[0]}`))].sort(),
        ['BE:fr', 'DE:de', 'FR:fr', 'GB:en', 'LU:fr', 'NL:nl', 'US:en'],
      );
    });

    it('gives parties, products and the company valid identifiers, contacts of each kind, shop countries', async () => {
      await sut.rollback(async (env) => {
        const { types, invalid } = await invalidIdentifiers(env);
        assert.deepEqual(invalid, []);
        for (const type of ['be_vat', 'fr_vat', 'de_vat', 'nl_vat', 'gb_vat', 'us_ein', 'eu_vat'])
          assert.ok(types[type] >= 1, `${type}: ${JSON.stringify(types)}`);
        assert.equal(types.ean, 10);
        const [company] = await env
          .model('company.company')
          .read(env, await env.model('company.company').search(env, []), ['party.tax_identifier.code']);
        assert.match(
          (company.party as { tax_identifier: { code: string } }).tax_identifier.code,
          /^BE0\d{9}$/,
        );
        const kinds = await env.tx.query(
          'SELECT "type", COUNT(*) AS "n" FROM "party_contact_mechanism" GROUP BY "type" ORDER BY "type"',
        );
        assert.deepEqual(
          kinds.map((k) => k.type),
          ['email', 'phone', 'website'],
        );
        const [shop] = await env
          .model('web.shop')
          .read(env, await env.model('web.shop').search(env, []), ['countries.code', 'categories']);
        assert.deepEqual((shop.countries as { code: string }[]).map((c) => c.code).sort(), [
          'BE',
          'DE',
          'FR',
          'LU',
          'NL',
        ]);
        assert.equal((shop.categories as number[]).length, 4);
      });
    });

    it("prices products for the company, and sales keep their customer's e-mail and who quoted them", async () => {
      await sut.rollback(async (env) => {
        assert.deepEqual(await priceRows(env), { list: 10, list_other: 0, cost: 10, cost_other: 0 });
        const [company] = await env.model('company.company').search(env, []);
        const Product = env.model('product.product');
        const ids = await Product.search(env, []);
        const inCompany = await Product.read(env.withContext({ company }), ids, ['list_price', 'cost_price']);
        assert.ok(inCompany.every((p) => p.list_price !== null && p.cost_price !== null));
        // outside any company there is no price (Tryton's multi-value: the company's row only)
        const outside = await Product.read(env, ids, ['list_price']);
        assert.ok(outside.every((p) => p.list_price === null));
        const Sale = env.model('sale.sale');
        const sales = await Sale.read(env, await Sale.search(env, []), [
          'state',
          'party',
          'contact.party',
          'contact.type',
          'quoted_by.party.name',
        ]);
        for (const sale of sales) {
          assert.deepEqual(sale.contact, {
            id: (sale.contact as { id: number }).id,
            party: sale.party,
            type: 'email',
          });
          if (sale.state !== 'draft')
            assert.equal((sale.quoted_by as { party: { name: string } }).party.name, 'Pam Beesly');
        }
      });
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

    it('gives businesses valid tax identifiers, products valid EANs and the company their prices', async () => {
      await sut.rollback(async (env) => {
        const { types, invalid } = await invalidIdentifiers(env);
        assert.deepEqual(invalid, []);
        // every fifth customer is a business, plus the company itself (its European VAT number)
        assert.equal(
          Object.entries(types)
            .filter(([type]) => type !== 'ean')
            .reduce((sum, [, n]) => sum + n, 0),
          2_000,
        );
        assert.equal(types.ean, 1_000);
        const [{ n }] = await env.tx.query('SELECT COUNT(DISTINCT "code") AS "n" FROM "product_identifier"');
        assert.equal(Number(n), 1_000);
        assert.deepEqual(await priceRows(env), { list: 1_000, list_other: 0, cost: 1_000, cost_other: 0 });
        const [shape] = await env.tx.query(
          `SELECT COUNT(*) AS "sales", COUNT("contact") AS "contacts", COUNT("quoted_by") AS "quoted",
             (SELECT COUNT(*) FROM "sale_line") AS "lines", (SELECT COUNT(DISTINCT "country") FROM "party_address") AS "countries",
             (SELECT COUNT(*) FROM "party_party_lang") AS "langs"
           FROM "sale_sale"`,
        );
        const found = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, Number(v)]));
        assert.equal(found.sales, 20_000);
        assert.equal(found.contacts, 20_000);
        assert.equal(found.quoted, await env.model('sale.sale').searchCount(env, [['state', '!=', 'draft']]));
        assert.ok(found.lines > 55_000 && found.lines < 65_000, String(found.lines));
        assert.equal(found.countries, 7);
        assert.ok(found.langs >= 9_998, String(found.langs));
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
