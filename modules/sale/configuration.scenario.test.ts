import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { refId } from 'nest-tryton';
import { apiKey, createTestApp, createTestDatabase, TestApp, TestDatabase } from 'nest-tryton/testing';
import { BUSINESS_MODULES } from '../index';
import { makeCompany, makeCustomer, makeProduct } from '../test-factories';

/**
 * A sales administrator numbers the company's sales with its own sequence and makes manual invoicing
 * the default; a regular customer in the United States is invoiced on shipment and pays in dollars.
 */
describe('sale configuration and customer sale defaults', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let ids: { company: number; config: number; customer: number; product: number; usd: number };
  const keys: Record<string, string> = {};
  const as = (who: string) => ({ Authorization: `Bearer ${keys[who]}` });
  const url = (path: string) => `/${tdb.db}/rest/model/${path}`;

  before(async () => {
    tdb = await createTestDatabase(BUSINESS_MODULES);
    ids = await tdb.commit(async (root) => {
      const { company } = await makeCompany(root);
      const { party: customer } = await makeCustomer(root, 'Grace Hopper');
      const { product } = await makeProduct(root, { name: 'Keyboard', list_price: '40' });
      const [config] = await root.model('sale.configuration').search(root, []);
      return { company, config, customer, product, usd: await refId(root, 'currency', 'usd') };
    });
    keys.admin = await apiKey(tdb, 'sales-admin', ['sale.group_sale_admin']);
    keys.seller = await apiKey(tdb, 'seller', ['sale.group_sale']);
    keys.visitor = await apiKey(tdb, 'visitor');
    sut = await createTestApp(tdb, BUSINESS_MODULES);
  });
  after(async () => {
    await sut?.close();
    await tdb?.drop();
  });

  it('ships one configuration, numbering sales with the sale sequence and invoicing on order', async () => {
    const found = await sut.http().get(url('sale.configuration')).set(as('visitor')).expect(200);
    assert.deepEqual(
      found.body.map((c: { id: number }) => c.id),
      [ids.config],
    );
    const read = await sut
      .http()
      .get(url(`sale.configuration/${ids.config}`))
      .query({
        f: ['sale_sequence.name', 'sale_invoice_method', 'sale_shipment_method', 'sale_process_after'],
      })
      .set(as('visitor'))
      .expect(200);
    assert.equal(read.body.sale_sequence.name, 'Sale');
    assert.deepEqual(
      [read.body.sale_invoice_method, read.body.sale_shipment_method, read.body.sale_process_after],
      ['order', 'order', null],
    );
  });

  it('lets only the sales administrators change it', async () => {
    await sut
      .http()
      .put(url(`sale.configuration/${ids.config}`))
      .set(as('seller'))
      .send({ sale_invoice_method: 'manual' })
      .expect(403);
    await sut.http().post(url('sale.configuration')).set(as('admin')).send({}).expect(403);
  });

  it("numbers the company's sales from the sequence it configures, and defaults the methods", async () => {
    const sequence = await tdb.commit(async (root) => {
      const [sequence] = await root.model('ir.sequence').create(root, [
        {
          name: 'Dunder sales',
          sequence_type: await refId(root, 'sale', 'sequence_type_sale'),
          prefix: 'DS-',
          padding: 4,
          company: ids.company,
        },
      ]);
      return sequence;
    });
    await sut
      .http()
      .put(url(`sale.configuration/${ids.config}`))
      .set({ ...as('admin'), 'X-Tryton-Context': JSON.stringify({ company: ids.company }) })
      .send({ sale_sequence: sequence, sale_invoice_method: 'manual' })
      .expect(200);
    const created = await sut
      .http()
      .post(url('sale.sale'))
      .set(as('seller'))
      .send({
        company: ids.company,
        party: ids.customer,
        lines: [['create', [{ product: ids.product, quantity: 1 }]]],
      })
      .expect(200);
    await sut
      .http()
      .post(url(`sale.sale/${created.body.id}/quote`))
      .set(as('seller'))
      .send({})
      .expect(200);
    const quoted = await sut
      .http()
      .get(url(`sale.sale/${created.body.id}`))
      .query({ f: ['number'] })
      .set(as('seller'))
      .expect(200);
    assert.equal(quoted.body.number, 'DS-0001');
    const [sale] = await tdb.rollback((root) =>
      root.model('sale.sale').read(root, [created.body.id], ['invoice_method', 'shipment_method']),
    );
    assert.deepEqual([sale.invoice_method, sale.shipment_method], ['manual', 'order']);
  });

  it("gives a customer's sales the customer's methods in the company and currency", async () => {
    await sut
      .http()
      .put(url(`party.party/${ids.customer}`))
      .set(as('visitor'))
      .send({ sale_invoice_method: 'shipment' })
      .expect(403);
    await sut
      .http()
      .put(url(`party.party/${ids.customer}`))
      .set({ ...as('seller'), 'X-Tryton-Context': JSON.stringify({ company: ids.company }) })
      .send({ sale_invoice_method: 'shipment', customer_currency: ids.usd })
      .expect(200);
    const party = await sut
      .http()
      .get(url(`party.party/${ids.customer}`))
      .query({ f: ['sale_methods.company', 'sale_methods.sale_invoice_method', 'customer_currency.code'] })
      .set({ ...as('seller'), 'X-Tryton-Context': JSON.stringify({ company: ids.company }) })
      .expect(200);
    assert.deepEqual(
      party.body.sale_methods.map((m: { company: number; sale_invoice_method: string }) => [
        m.company,
        m.sale_invoice_method,
      ]),
      [[ids.company, 'shipment']],
    );
    assert.equal(party.body.customer_currency.code, 'USD');
    const created = await sut
      .http()
      .post(url('sale.sale'))
      .set(as('seller'))
      .send({ company: ids.company, party: ids.customer })
      .expect(200);
    const [sale] = await tdb.rollback((root) =>
      root.model('sale.sale').read(root, [created.body.id], ['invoice_method', 'currency.code']),
    );
    assert.deepEqual([sale.invoice_method, (sale.currency as { code: string }).code], ['shipment', 'USD']);
    // The party's methods are searchable in the company.
    const inCompany = { company: ids.company };
    const found = await tdb.rollback((root) =>
      root
        .model('party.party')
        .search(root.withContext(inCompany), [['sale_invoice_method', '=', 'shipment']]),
    );
    assert.deepEqual(found, [ids.customer]);
  });

  it("plans a line's shipping from the sale date and the product's lead time", async () => {
    await tdb.rollback(async (root) => {
      const Template = root.model('product.template');
      const [{ template }] = await root.model('product.product').read(root, [ids.product], ['template']);
      await Template.write(root, [template as number], { lead_time: 3 * 86400 });
      const [sale] = await root.model('sale.sale').create(root, [
        {
          company: ids.company,
          party: ids.customer,
          sale_date: '2025-03-10',
          lines: [
            [
              'create',
              [
                { product: ids.product, quantity: 2 },
                { type: 'comment', description: 'Gift' },
              ],
            ],
          ],
        },
      ]);
      const lines = await root
        .model('sale.line')
        .search(root, [['sale', '=', sale]], { order: [['id', 'ASC']] });
      const read = async () =>
        (await root.model('sale.line').read(root, lines, ['shipping_date'])).map((l) =>
          String(l.shipping_date),
        );
      assert.deepEqual(await read(), ['2025-03-13', 'null']);
      // Not before the sale's own shipping date.
      await root.model('sale.sale').write(root, [sale], { shipping_date: '2025-04-01' });
      assert.deepEqual(await read(), ['2025-04-01', 'null']);
    });
  });
});
