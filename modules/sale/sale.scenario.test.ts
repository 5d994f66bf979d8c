import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiKey, createTestApp, createTestDatabase, TestApp, TestDatabase } from 'nest-tryton/testing';
import { BUSINESS_MODULES } from '../index';
import { makeCompany, makeProduct, makeTax } from '../test-factories';

const decimal = (value: unknown) => (value as { __class__: string; decimal: string }).decimal;

/** A seller takes an order through the API: customer, sale, lines, quotation, confirmation, totals. */
describe('selling through the REST API', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let products: { pin: number; battery: number; tenPercent: number; fee: number };
  const keys: Record<string, string> = {};
  const as = (who: string) => ({ Authorization: `Bearer ${keys[who]}` });
  const url = (path: string) => `/${tdb.db}/rest/model/${path}`;

  before(async () => {
    tdb = await createTestDatabase(BUSINESS_MODULES);
    products = await tdb.commit(async (env) => {
      await makeCompany(env);
      const tenPercent = await makeTax(env, { type: 'percentage', rate: '0.1' });
      const fee = await makeTax(env, { type: 'fixed', amount: '0.0625' });
      const pin = (
        await makeProduct(env, { name: 'Pin', code: 'PIN', list_price: '0.155', taxes: [tenPercent] })
      ).product;
      const battery = (
        await makeProduct(env, { name: 'Battery', code: 'BAT', list_price: '10', taxes: [fee] })
      ).product;
      return { pin, battery, tenPercent, fee };
    });
    keys.seller = await apiKey(tdb, 'seller', ['sale.group_sale']);
    keys.manager = await apiKey(tdb, 'manager', ['sale.group_sale_admin']);
    keys.outsider = await apiKey(tdb, 'outsider');
    // A second company: users created from now on work for no company until given one.
    await tdb.commit((env) => makeCompany(env, 'usd'));
    keys.elsewhere = await apiKey(tdb, 'elsewhere', ['sale.group_sale']);
    sut = await createTestApp(tdb, BUSINESS_MODULES);
  });
  after(async () => {
    await sut.close();
    await tdb.drop();
  });

  let customer: number;
  let sale: number;

  it('creates a customer with an address and an e-mail in one POST, and finds it by rec_name', async () => {
    const created = await sut
      .http()
      .post(url('party.party'))
      .set(as('seller'))
      .send({
        name: 'Chloé Lambert',
        addresses: [['create', [{ street: 'Rue de Fer 12', postal_code: '5000', city: 'Namur' }]]],
        contact_mechanisms: [['create', [{ type: 'email', value: 'chloe@example.com' }]]],
      })
      .expect(200);
    customer = created.body.id;
    const [{ code }] = (
      await sut
        .http()
        .get(url(`party.party?f=code&d=${encodeURIComponent(JSON.stringify([['id', '=', customer]]))}`))
        .set(as('seller'))
        .expect(200)
    ).body;
    for (const value of [`${code}%`, '%lambert%', 'chloe@example.com']) {
      const domain = encodeURIComponent(JSON.stringify([['rec_name', 'ilike', value]]));
      const found = await sut
        .http()
        .get(url(`party.party?d=${domain}`))
        .set(as('seller'))
        .expect(200);
      assert.deepEqual(
        found.body.map((p: { id: number }) => p.id),
        [customer],
        value,
      );
    }
  });

  it('creates a sale with only a party and lines with only a product and a quantity; the server fills the rest', async () => {
    const created = await sut
      .http()
      .post(url('sale.sale'))
      .set(as('seller'))
      .send({
        party: customer,
        lines: [
          [
            'create',
            [
              { product: products.pin, quantity: 1 },
              { product: products.pin, quantity: 1 },
              { product: products.pin, quantity: 1 },
              { product: products.battery, quantity: 2 },
            ],
          ],
        ],
      })
      .expect(200);
    sale = created.body.id;
    const fields = [
      'state',
      'currency.code',
      'invoice_address.city',
      'shipment_address.city',
      'lines.unit.symbol',
      'lines.unit_price',
      'lines.taxes',
    ];
    const read = await sut
      .http()
      .get(url(`sale.sale/${sale}?${fields.map((f) => `f=${f}`).join('&')}`))
      .set(as('seller'))
      .expect(200);
    assert.equal(read.body.state, 'draft');
    assert.equal(read.body.currency.code, 'EUR');
    assert.deepEqual([read.body.invoice_address.city, read.body.shipment_address.city], ['Namur', 'Namur']);
    assert.deepEqual(
      read.body.lines.map((l: Record<string, unknown>) => [
        (l.unit as { symbol: string }).symbol,
        decimal(l.unit_price),
        l.taxes,
      ]),
      [
        // prices keep Tryton's 4 digits (round_price), as Python's Decimal writes them
        ['u', '0.1550', [products.tenPercent]],
        ['u', '0.1550', [products.tenPercent]],
        ['u', '0.1550', [products.tenPercent]],
        ['u', '10.0000', [products.fee]],
      ],
    );
  });

  it('quotes (numbering the sale), confirms, and reads totals exact to the cent', async () => {
    const quoted = await sut
      .http()
      .post(url(`sale.sale/${sale}/quote`))
      .set(as('seller'))
      .send({})
      .expect(200);
    assert.equal(quoted.body.id, sale);
    await sut
      .http()
      .post(url(`sale.sale/${sale}/confirm`))
      .set(as('seller'))
      .send({})
      .expect(200);
    const read = await sut
      .http()
      .get(url(`sale.sale/${sale}`))
      .set(as('seller'))
      .set('X-Tryton-Usage', 'sale')
      .expect(200);
    assert.equal(read.body.state, 'confirmed');
    assert.match(read.body.number, /^\d+$/);
    // 3 × 0.155 -> 0.16 each (half-even), 2 × 10; taxes 0.0465 -> 0.05 and 0.125 -> 0.12, once per document.
    assert.deepEqual([read.body.untaxed_amount, read.body.tax_amount, read.body.total_amount].map(decimal), [
      '20.48',
      '0.17',
      '20.65',
    ]);
    const report = await sut
      .http()
      .get(`/${tdb.db}/rest/report/sale.sale/${sale}`)
      .set(as('seller'))
      .expect(200);
    assert.match(report.headers['content-type'], /^text\/html/);
    assert.match(
      report.headers['content-disposition'],
      new RegExp(`filename="Sale-${read.body.number}.html"`),
    );
    assert.match(report.text, /Total: 20\.65/);
  });

  it('keeps the workflow fields to the buttons', async () => {
    await sut
      .http()
      .put(url(`sale.sale/${sale}`))
      .set(as('seller'))
      .send({ state: 'done' })
      .expect(400);
  });

  it('lets only the sale administrators process, and nobody outside the sale group see sales', async () => {
    await sut
      .http()
      .post(url(`sale.sale/${sale}/process`))
      .set(as('seller'))
      .send({})
      .expect(403);
    const processed = await sut
      .http()
      .post(url(`sale.sale/${sale}/process`))
      .set(as('manager'))
      .send({})
      .expect(200);
    assert.equal(processed.body.id, sale);
    const read = await sut
      .http()
      .get(url(`sale.sale/${sale}?f=state`))
      .set(as('manager'))
      .expect(200);
    assert.equal(read.body.state, 'done');
    await sut.http().get(url('sale.sale')).set(as('outsider')).expect(403);
    const hidden = await sut
      .http()
      .get(url(`sale.sale/${sale}`))
      .set(as('outsider'));
    assert.ok([403, 404].includes(hidden.status), `outsider read a sale: ${hidden.status}`);
  });

  it('hides the sales of companies the user does not work for', async () => {
    const found = await sut.http().get(url('sale.sale')).set(as('elsewhere')).expect(200);
    assert.deepEqual(found.body, []);
    await sut
      .http()
      .get(url(`sale.sale/${sale}`))
      .set(as('elsewhere'))
      .expect(404);
  });

  it('refuses to delete a confirmed sale, and deletes a draft one', async () => {
    await sut
      .http()
      .delete(url(`sale.sale/${sale}`))
      .set(as('seller'))
      .expect(400);
    const draft = await sut
      .http()
      .post(url('sale.sale'))
      .set(as('seller'))
      .send({ party: customer })
      .expect(200);
    await sut
      .http()
      .delete(url(`sale.sale/${draft.body.id}`))
      .set(as('seller'))
      .expect(204);
  });
});
