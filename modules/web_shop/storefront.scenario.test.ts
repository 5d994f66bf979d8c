import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { refId } from 'nest-tryton';
import { apiKey, TestStack, useTestApp } from 'nest-tryton/testing';
import { BUSINESS_MODULES } from '../index';
import { makeCompany, makeCustomer, makeProduct, makeTax } from '../test-factories';

const decimal = (value: unknown) => (value as { decimal: string } | null)?.decimal ?? null;

/**
 * A storefront runs as its own user in the "Web Shop Storefront" group: it reads the catalogue with
 * the shop's prices, fills a cart (a draft sale found by its web id) through the server's line
 * defaults, checks out a guest and quotes the sale; it sees no other sale of the company.
 */
describe('a storefront user', () => {
  let stack: TestStack;
  let data: {
    shop: number;
    lamp: number;
    vase: number;
    company: number;
    currency: number;
    other: number;
    be: number;
  };
  let key = '';
  const url = (path: string) => `/${stack.tdb.db}/rest/model/${path}`;
  const http = () => stack.sut.http();
  const auth = () => ({ Authorization: `Bearer ${key}` });
  const context = () =>
    Buffer.from(JSON.stringify({ company: data.company, currency: data.currency })).toString('base64url');

  useTestApp(BUSINESS_MODULES, (s) => (stack = s), {
    seed: async (tdb) => {
      data = await tdb.commit(async (env) => {
        const { company, currency } = await makeCompany(env);
        const vat = await makeTax(env, { name: 'VAT 21%', type: 'percentage', rate: '0.21' });
        const fee = await makeTax(env, { name: 'Eco fee', type: 'fixed', amount: '0.5' });
        const lamp = await makeProduct(env, {
          name: 'Brass Lamp',
          code: 'L1',
          list_price: '80',
          taxes: [vat],
        });
        const vase = await makeProduct(env, {
          name: 'Glass Vase',
          code: 'V1',
          list_price: '20.455',
          taxes: [vat, fee],
        });
        const [guest] = await env.model('party.party').create(env, [{ name: 'Guest' }]);
        const [shop] = await env.model('web.shop').create(env, [
          {
            name: 'Boutique',
            company,
            guest_party: guest,
            language: await refId(env, 'ir', 'lang_en'),
            products: [['add', [lamp.product, vase.product]]],
          },
        ]);
        // A sale of the back office, not of the shop.
        const customer = await makeCustomer(env);
        const [other] = await env.model('sale.sale').create(env, [{ party: customer.party, company }]);
        return {
          shop,
          lamp: lamp.product,
          vase: vase.product,
          company,
          currency,
          other,
          be: await refId(env, 'country', 'be'),
        };
      });
      key = await apiKey(tdb, 'storefront', ['web_shop.group_storefront']);
    },
  });

  it('reads the price of one unit with and without tax in the context currency', async () => {
    const res = await http()
      .get(
        url(`product.product?f=code&f=sale_price_uom&f=sale_price_tax&f=sale_price_taxed&o=[["code","ASC"]]`),
      )
      .set(auth())
      .set('X-Tryton-Context', context())
      .expect(200);
    assert.deepEqual(
      res.body.map((p: Record<string, unknown>) => [
        p.code,
        decimal(p.sale_price_uom),
        decimal(p.sale_price_tax),
        decimal(p.sale_price_taxed),
      ]),
      [
        ['L1', '80.0000', '16.8', '96.8'],
        // 20.455 x 0.21 + 0.5 = 4.79555, unrounded as Tryton's taxes are; the price itself keeps 4 digits.
        ['V1', '20.4550', '4.79555', '25.25055'],
      ],
    );
    const usage = await http()
      .get(url(`product.product/${data.lamp}`))
      .set(auth())
      .set('X-Tryton-Usage', 'web_shop')
      .set('X-Tryton-Context', context())
      .expect(200);
    assert.equal(decimal(usage.body.sale_price_taxed), '96.8');
  });

  it('fills a cart with server-side line defaults, checks out a guest and quotes the sale', async () => {
    const cart = await http()
      .post(url(`web.shop/${data.shop}/get_sale`))
      .set(auth())
      .send({})
      .expect(200);
    const webId = cart.body.web_id as string;
    const domain = encodeURIComponent(JSON.stringify([['web_id', '=', webId]]));
    const [found] = (
      await http()
        .get(url(`sale.sale?d=${domain}&f=state`))
        .set(auth())
        .expect(200)
    ).body;
    assert.deepEqual([found.id, found.state], [cart.body.id, 'draft']);

    // Tryton's rule: a sale's party is read-only once it has lines, so the guest checks out first.
    const country = data.be;
    const party = await http()
      .post(url('party.party'))
      .set(auth())
      .send({
        name: 'Camille Dupont',
        contact_mechanisms: [['create', [{ type: 'email', value: 'camille@example.com' }]]],
        addresses: [['create', [{ street: 'Rue Haute 5', postal_code: '4000', city: 'Liège', country }]]],
      })
      .expect(200);
    const [address] = (
      await http()
        .get(url(`party.party/${party.body.id}/addresses`))
        .set(auth())
        .expect(200)
    ).body;
    await http()
      .put(url(`sale.sale/${found.id}`))
      .set(auth())
      .send({ party: party.body.id, invoice_address: address.id, shipment_address: address.id })
      .expect(200);

    const line = await http()
      .post(url('sale.line'))
      .set(auth())
      .send({ sale: found.id, product: data.vase, quantity: 1 })
      .expect(200);
    await http()
      .post(url('sale.line'))
      .set(auth())
      .send({ sale: found.id, product: data.lamp, quantity: 1 })
      .expect(200);
    await http()
      .put(url(`sale.line/${line.body.id}`))
      .set(auth())
      .send({ quantity: 3 })
      .expect(200);
    await http()
      .post(url(`sale.sale/${found.id}/quote`))
      .set(auth())
      .send({})
      .expect(200);

    const fields = [
      'state',
      'number',
      'party.name',
      'untaxed_amount',
      'tax_amount',
      'total_amount',
      'lines.product.code',
      'lines.quantity',
      'lines.unit_price',
      'lines.unit.symbol',
      'lines.taxes.name',
    ];
    const sale = (
      await http()
        .get(url(`sale.sale/${found.id}?${fields.map((f) => `f=${f}`).join('&')}`))
        .set(auth())
        .expect(200)
    ).body;
    assert.equal(sale.state, 'quotation');
    assert.ok(sale.number);
    assert.equal(sale.party.name, 'Camille Dupont');
    assert.deepEqual(
      sale.lines.map((l: Record<string, any>) => [
        l.product.code,
        l.quantity,
        decimal(l.unit_price),
        l.unit.symbol,
        l.taxes.map((t: { name: string }) => t.name),
      ]),
      [
        ['V1', 3, '20.4550', 'u', ['VAT 21%', 'Eco fee']],
        ['L1', 1, '80.0000', 'u', ['VAT 21%']],
      ],
    );
    // 3 x 20.455 = 61.365 -> 61.36 (line amounts are rounded half to even); + 80 = 141.36
    // taxes: 61.365 x 0.21 + 1.5 + 80 x 0.21 = 31.18665 -> 31.19
    assert.deepEqual([sale.untaxed_amount, sale.tax_amount, sale.total_amount].map(decimal), [
      '141.36',
      '31.19',
      '172.55',
    ]);
  });

  it('sees only the sales of the web shops, and cannot change the catalogue', async () => {
    await http()
      .get(url(`sale.sale/${data.other}`))
      .set(auth())
      .expect(404);
    const all = (await http().get(url('sale.sale?f=web_shop')).set(auth()).expect(200)).body;
    assert.ok(all.length > 0);
    assert.ok(all.every((s: { web_shop: number | null }) => s.web_shop === data.shop));
    await http()
      .put(url(`product.product/${data.lamp}`))
      .set(auth())
      .send({ code: 'X' })
      .expect(403);
    await http()
      .post(url('sale.sale'))
      .set(auth())
      .send({ party: 1, company: data.company })
      .expect((res) => assert.ok([400, 403].includes(res.status), `status ${res.status}`));
  });
});
