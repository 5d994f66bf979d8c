import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BUSINESS_MODULES } from '../../modules';
import { makeCompany, makeCustomer, makeProduct, makeTax } from '../../modules/test-factories';
import { Transaction } from '../../src/storage/transaction';
import { apiKey, createTestApp, createTestDatabase, TestApp, TestDatabase } from '../../src/testing';

/**
 * The statements one request sends, in the order they leave (BEGIN and COMMIT are not among them),
 * and the order of events: `sent <i>` and `answered <i>` (i: the statement's index in `texts`).
 */
async function statementsOf<T>(
  run: () => Promise<T>,
): Promise<{ result: T; texts: string[]; events: string[] }> {
  const proto = Transaction.prototype as unknown as { send: (...args: unknown[]) => unknown };
  const send = proto.send;
  const texts: string[] = [];
  const events: string[] = [];
  proto.send = function (this: unknown, ...args: unknown[]) {
    const i = texts.push(String(args[0])) - 1;
    events.push(`sent ${i}`);
    const result = send.apply(this, args);
    void Promise.resolve(result).then(
      () => events.push(`answered ${i}`),
      () => undefined,
    );
    return result;
  };
  try {
    return { result: await run(), texts, events };
  } finally {
    proto.send = send;
  }
}

/**
 * What reading one sale with its lines costs PostgreSQL (the bench's "one sale with its lines"): each
 * relation level is read as soon as the values leading to it are known, not after every field of the
 * level above (its total), the taxes' definitions come with the lines its total is computed from, and
 * the currency its amounts are rounded in comes with the sale.
 */
describe('GET sale.sale/<id> with its lines', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let key: { Authorization: string };
  let sale: number;
  const path = (id: number) =>
    `/${tdb.db}/rest/model/sale.sale/${id}?f=number&f=state&f=total_amount&f=lines.product.name&f=lines.quantity&f=lines.unit_price`;

  before(async () => {
    tdb = await createTestDatabase(BUSINESS_MODULES);
    const ids = await tdb.commit(async (env) => {
      await makeCompany(env);
      const vat = await makeTax(env, { type: 'percentage', rate: '0.21' });
      const pin = (await makeProduct(env, { name: 'Pin', code: 'PIN', list_price: '1.5', taxes: [vat] }))
        .product;
      const bolt = (await makeProduct(env, { name: 'Bolt', code: 'BLT', list_price: '10', taxes: [vat] }))
        .product;
      return { pin, bolt, customer: (await makeCustomer(env)).party };
    });
    key = { Authorization: `Bearer ${await apiKey(tdb, 'shop-developer', ['sale.group_sale'])}` };
    sut = await createTestApp(tdb, BUSINESS_MODULES);
    const created = await sut
      .http()
      .post(`/${tdb.db}/rest/model/sale.sale`)
      .set(key)
      .send({
        party: ids.customer,
        lines: [
          [
            'create',
            [
              { product: ids.pin, quantity: 3 },
              { product: ids.bolt, quantity: 2 },
            ],
          ],
        ],
      })
      .expect(200);
    sale = created.body.id;
  });
  after(async () => {
    await sut?.close();
    await tdb?.drop();
  });

  it('reads the products with the walk of its total, and its currency with the sale', async () => {
    // Warm the key, the access tables and the prepared statements (a distinct URL each: no cache hit).
    await sut
      .http()
      .get(`${path(sale)}&_=1`)
      .set(key)
      .expect(200);
    const {
      result: res,
      texts,
      events,
    } = await statementsOf(() =>
      sut
        .http()
        .get(`${path(sale)}&_=2`)
        .set(key)
        .expect(200),
    );
    // 3 × 1.5 + 2 × 10 = 24.50, and 21 % of each line rounded (0.94 + 4.20).
    assert.deepEqual(res.body.total_amount, { __class__: 'Decimal', decimal: '29.64' });
    assert.deepEqual(
      res.body.lines.map((l: { product: { name: string } }) => l.product.name),
      ['Pin', 'Bolt'],
    );
    const products = texts.findIndex((t) => /FROM "product_product"/.test(t));
    const taxes = texts.findIndex((t) => /WITH RECURSIVE/.test(t) && /"account_tax"/.test(t));
    assert.ok(products >= 0 && taxes >= 0, texts.join('\n'));
    // The taxes' definitions come with the lines the total is computed from (one statement): they
    // wait for no answer but the sale's, so they leave before the products' answer comes back.
    assert.match(texts[taxes], /FROM "sale_line"/);
    assert.ok(
      events.indexOf(`sent ${taxes}`) < events.indexOf(`answered ${products}`),
      `${events.join(', ')}\n${texts.join('\n')}`,
    );
    // No statement of its own for the currency (it was joined to the sale's row).
    assert.deepEqual(
      texts.filter((t) => /FROM "currency_currency"/.test(t)),
      [],
    );
    // The sale (with its currency), its lines, the lines for the total with the taxes' definitions,
    // the taxes' visibility, the products.
    assert.equal(texts.length, 5, texts.join('\n'));
  });
});
