import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal, Env, PlainDate, refId } from 'nest-tryton';
import { createTestDatabase, TestDatabase } from 'nest-tryton/testing';
import { BUSINESS_MODULES } from '../index';
import { makeCompany, makeCustomer, makeProduct, makeTax } from '../test-factories';
import { Sale, SaleModel } from './sale.model';

async function shop(env: Env) {
  const { company, currency } = await makeCompany(env);
  const customer = await makeCustomer(env);
  const tenPercent = await makeTax(env, { type: 'percentage', rate: '0.1' });
  const fee = await makeTax(env, { type: 'fixed', amount: '0.0625' });
  const cheap = await makeProduct(env, { name: 'Pin', list_price: '0.155', taxes: [tenPercent] });
  const fixed = await makeProduct(env, { name: 'Battery', list_price: '10', taxes: [fee] });
  const user = env.withContext({ company });
  return {
    env: user,
    company,
    currency,
    customer,
    tenPercent,
    fee,
    cheap,
    fixed,
    Sale: env.model('sale.sale') as SaleModel,
  };
}

const read = async (env: Env, id: number, fields: string[]) =>
  (await env.model('sale.sale').read(env, [id], fields))[0];

describe(Sale.__name__, () => {
  let sut: TestDatabase;
  before(async () => {
    sut = await createTestDatabase(BUSINESS_MODULES);
  });
  after(async () => sut.drop());

  it('fills what the client would: a sale with only a party, lines with only a product and a quantity', async () => {
    await sut.rollback(async (root) => {
      const { env, company, currency, customer, cheap, fixed, tenPercent, fee, Sale } = await shop(root);
      const [id] = await Sale.create(env, [
        {
          party: customer.party,
          lines: [
            [
              'create',
              [
                { product: cheap.product, quantity: 3 },
                { product: fixed.product, quantity: 2, unit_price: '9.5' },
              ],
            ],
          ],
        },
      ]);
      const sale = await read(env, id, [
        'company',
        'currency',
        'invoice_address',
        'shipment_address',
        'state',
      ]);
      assert.deepEqual(sale, {
        id,
        company,
        currency,
        invoice_address: customer.address,
        shipment_address: customer.address,
        state: 'draft',
      });
      const lines = await env
        .model('sale.line')
        .read(env, (await read(env, id, ['lines'])).lines as number[], [
          'unit.symbol',
          'unit_price',
          'taxes',
          'amount',
        ]);
      assert.deepEqual(
        lines.map((l) => [
          (l.unit as { symbol: string }).symbol,
          String(l.unit_price),
          l.taxes,
          String(l.amount),
        ]),
        [
          ['u', '0.155', [tenPercent], '0.46'], // 3 × 0.155 = 0.465 -> 0.46, half to even
          ['u', '9.5', [fee], '19'],
        ],
      );
      // Tryton's rec_name: quantity and unit symbol (unbreakable space), product, sale; a comment line
      // is named by its sale.
      const [comment] = await env
        .model('sale.line')
        .create(env, [{ sale: id, type: 'comment', description: 'Gift wrap' }]);
      const named = await env
        .model('sale.line')
        .read(
          env,
          [...((await read(env, id, ['lines'])).lines as number[])],
          ['rec_name', 'product.rec_name', 'sale.rec_name'],
        );
      const saleName = (named[0].sale as { rec_name: string }).rec_name;
      assert.deepEqual(
        named.map((l) => l.rec_name),
        [
          `3\u00a0u ${(named[0].product as { rec_name: string }).rec_name} @ ${saleName}`,
          `2\u00a0u ${(named[1].product as { rec_name: string }).rec_name} @ ${saleName}`,
          saleName,
        ],
      );
      assert.ok(named.some((l) => l.id === comment));
    });
  });

  it('prices lines in the sale currency and in the product sale unit', async () => {
    await sut.rollback(async (root) => {
      const { env, customer, Sale } = await shop(root);
      for (const [code, rate] of [
        ['eur', '1'],
        ['usd', '1.1'],
      ]) {
        await root
          .model('currency.currency.rate')
          .create(root, [{ currency: await refId(root, 'currency', code), date: '2020-01-01', rate }]);
      }
      const kg = await refId(root, 'product', 'uom_kilogram');
      const [template] = await root.model('product.template').create(root, [
        {
          name: 'Coffee',
          list_price: '12.5',
          default_uom: kg,
          salable: true,
          sale_uom: await refId(root, 'product', 'uom_gram'),
        },
      ]);
      const [product] = (await root.model('product.template').read(root, [template], ['products']))[0]
        .products as number[];
      const [id] = await Sale.create(env, [
        {
          party: customer.party,
          currency: await refId(root, 'currency', 'usd'),
          sale_date: '2024-05-01',
          lines: [['create', [{ product, quantity: 250 }]]],
        },
      ]);
      const [line] = await env
        .model('sale.line')
        .read(env, (await read(env, id, ['lines'])).lines as number[], [
          'unit.symbol',
          'unit_price',
          'amount',
        ]);
      // 12.5 EUR/kg = 0.0125 EUR/g = 0.01375 USD/g, rounded to 4 decimals half-even: 0.0138; 250 g = 3.45.
      assert.deepEqual(
        [(line.unit as { symbol: string }).symbol, String(line.unit_price), String(line.amount)],
        ['g', '0.0138', '3.45'],
      );
    });
  });

  it('quotes, confirms and stores amounts exact to the cent, each tax rounded once per document', async () => {
    await sut.rollback(async (root) => {
      const { env, customer, cheap, fixed, Sale } = await shop(root);
      const [id] = await Sale.create(env, [
        {
          party: customer.party,
          lines: [
            [
              'create',
              [
                { product: cheap.product, quantity: 1 },
                { product: cheap.product, quantity: 1 },
                { product: cheap.product, quantity: 1 },
                { type: 'subtotal' },
                { product: fixed.product, quantity: 2 },
              ],
            ],
          ],
        },
      ]);
      const totals = ['untaxed_amount', 'tax_amount', 'total_amount'];
      assert.deepEqual(
        Object.values(await read(env, id, totals))
          .slice(1)
          .map(String),
        ['20.48', '0.17', '20.65'],
      );
      await Sale.quote(env, [id]);
      const quoted = await read(env, id, ['state', 'number', 'rec_name']);
      assert.equal(quoted.state, 'quotation');
      assert.match(quoted.number as string, /^\d+$/);
      await Sale.confirm(env, [id]);
      const confirmed = await read(env, id, [
        'state',
        'sale_date',
        'untaxed_amount_cache',
        'tax_amount_cache',
        'total_amount_cache',
      ]);
      assert.equal(confirmed.state, 'confirmed');
      assert.equal(String(confirmed.sale_date), PlainDate.today().toString());
      assert.deepEqual(
        [confirmed.untaxed_amount_cache, confirmed.tax_amount_cache, confirmed.total_amount_cache].map(
          String,
        ),
        ['20.48', '0.17', '20.65'],
      );
      // A confirmed sale shows its stored amounts, whatever happens to its lines afterwards.
      const lines = (await read(env, id, ['lines'])).lines as number[];
      await env.model('sale.line').write(root, [lines[0]], { unit_price: '100' });
      assert.equal(String((await read(env, id, ['untaxed_amount'])).untaxed_amount), '20.48');
      await Sale.draft(env, [id]);
      assert.equal(String((await read(env, id, ['untaxed_amount'])).untaxed_amount), '120.32');
      const subtotal = (await env.model('sale.line').read(env, [lines[3]], ['amount']))[0];
      assert.equal(String(subtotal.amount), '100.32');
    });
  });

  it('refuses to quote a sale without lines or addresses', async () => {
    await sut.rollback(async (root) => {
      const { env, customer, Sale } = await shop(root);
      const [empty] = await Sale.create(env, [{ party: customer.party }]);
      await assert.rejects(Sale.quote(env, [empty]), { status: 400, message: /you must add lines/ });
      const [party] = await root.model('party.party').create(root, [{ name: 'Nowhere' }]);
      const [homeless] = await Sale.create(env, [
        { party, lines: [['create', [{ type: 'comment', description: 'x' }]]] },
      ]);
      await assert.rejects(Sale.quote(env, [homeless]), { status: 400, message: /invoice address/ });
    });
  });

  it('skips the sales whose transition is not allowed, and processes confirmed sales to done', async () => {
    await sut.rollback(async (root) => {
      const { env, customer, cheap, Sale } = await shop(root);
      const ids = await Sale.create(
        env,
        [1, 2, 3].map(() => ({
          party: customer.party,
          lines: [['create', [{ product: cheap.product, quantity: 1 }]]],
        })),
      );
      const states = async () => (await Sale.read(env, ids, ['state'])).map((s) => s.state);
      await Sale.confirm(env, ids);
      await Sale.process(env, ids);
      assert.deepEqual(await states(), ['draft', 'draft', 'draft']);
      await Sale.quote(env, ids);
      await Sale.confirm(env, ids.slice(1));
      await Sale.process(env, ids.slice(2));
      await Sale.cancel(env, ids);
      assert.deepEqual(await states(), ['cancelled', 'confirmed', 'done']);
      await Sale.draft(env, ids);
      assert.deepEqual(await states(), ['draft', 'draft', 'done']);
    });
  });

  it("logs each workflow step as Tryton's transition event, by the caller, beside the button", async () => {
    await sut.rollback(async (root) => {
      const { env, customer, cheap, Sale } = await shop(root);
      const api = new Env(env.pool, env.tx, env.user, env.context, env.access, 'rest');
      const [id] = await Sale.create(api, [
        { party: customer.party, lines: [['create', [{ product: cheap.product, quantity: 1 }]]] },
      ]);
      await Sale.quote(api, [id]);
      await Sale.confirm(api, [id]);
      await Sale.confirm(api, [id]); // not allowed from confirmed: skipped, not logged
      const Log = root.model('ir.model.log');
      const ids = await Log.search(
        root,
        [
          ['resource', '=', `sale.sale,${id}`],
          ['event', '=', 'transition'],
        ],
        { order: [['id', 'ASC']] },
      );
      const logs = await Log.read(root, ids, ['target', 'action', 'user', 'application']);
      assert.deepEqual(
        logs.map((l) => [l.target, l.action, l.user, l.application]),
        [
          ['state:quotation', 'State : Quotation', env.user, 'rest'],
          ['state:confirmed', 'State : Confirmed', env.user, 'rest'],
        ],
      );
    });
  });

  it('deletes draft, quotation and cancelled sales only; lines only while draft or cancelled', async () => {
    await sut.rollback(async (root) => {
      const { env, customer, cheap, Sale } = await shop(root);
      const ids = await Sale.create(
        env,
        [1, 2, 3].map(() => ({
          party: customer.party,
          lines: [['create', [{ product: cheap.product, quantity: 1 }]]],
        })),
      );
      await Sale.quote(env, ids.slice(1));
      await Sale.confirm(env, ids.slice(2));
      const [confirmedLine] = (await read(env, ids[2], ['lines'])).lines as number[];
      await assert.rejects(env.model('sale.line').delete(env, [confirmedLine]), {
        status: 400,
        message: /cancel or reset to draft/,
      });
      await assert.rejects(Sale.delete(env, [ids[2]]), { status: 400, message: /you must cancel it/ });
      await Sale.delete(env, ids.slice(0, 2));
      assert.deepEqual(await Sale.search(env, [['id', 'in', ids]]), [ids[2]]);
    });
  });

  it('refuses lines without a price, with a unit of another kind, or with a product that is not salable', async () => {
    await sut.rollback(async (root) => {
      const { env, customer, Sale } = await shop(root);
      const hidden = await makeProduct(root, { name: 'Prototype', list_price: '1', salable: false });
      const [id] = await Sale.create(env, [{ party: customer.party }]);
      const Line = env.model('sale.line');
      await assert.rejects(Line.create(env, [{ sale: id, product: hidden.product, quantity: 1 }]), {
        status: 400,
        message: /not salable/,
      });
      await assert.rejects(Line.create(env, [{ sale: id, type: 'line', quantity: 1 }]), {
        status: 400,
        message: /quantity and a unit price/,
      });
      const { product } = await makeProduct(root, { name: 'Tea', list_price: '1' });
      const hour = await refId(root, 'product', 'uom_hour');
      await assert.rejects(Line.create(env, [{ sale: id, product, quantity: 1, unit: hour }]), {
        status: 400,
        message: /category/,
      });
      assert.equal(new Decimal('0.1').plus('0.2').toString(), '0.3');
    });
  });
  it('refuses an invoice or shipment address of another party, naming the sale and which address', async () => {
    await sut.rollback(async (root) => {
      const { env, customer, Sale } = await shop(root);
      const other = await makeCustomer(env, 'Bruno Dubois');
      const [ok, wrong] = await Sale.create(env, [
        { party: customer.party, reference: 'OK' },
        { party: customer.party, reference: 'WRONG' },
      ]);
      await Sale.write(env, [ok], { invoice_address: customer.address, shipment_address: customer.address });
      await assert.rejects(
        Sale.write(env, [ok, wrong], { shipment_address: other.address }),
        /The shipment address of sale "\[OK\]" must be an address of its party\./,
      );
      await assert.rejects(
        Sale.write(env, [wrong], { invoice_address: other.address, shipment_address: customer.address }),
        /The invoice address of sale "\[WRONG\]" must be an address of its party\./,
      );
    });
  });
});
