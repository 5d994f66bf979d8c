import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { refId } from 'nest-tryton';
import { createTestDatabase, TestDatabase } from 'nest-tryton/testing';
import { BUSINESS_MODULES } from '../index';
import { makeCompany } from '../test-factories';

/** A shop sells a lamp with an EAN; its two companies (EUR and USD) each have their own list price. */
describe('a product with an EAN and per-company prices', () => {
  let sut: TestDatabase;
  before(async () => {
    sut = await createTestDatabase(BUSINESS_MODULES);
  });
  after(() => sut.drop());

  it('keeps one list price per company, and the EAN in its compact form', async () => {
    await sut.rollback(async (root) => {
      const eur = await makeCompany(root);
      const usd = await makeCompany(root, 'usd');
      const inEur = root.withContext({ company: eur.company });
      const inUsd = root.withContext({ company: usd.company });
      const Template = root.model('product.template');
      const [template] = await Template.create(inEur, [
        {
          name: 'Brass Lamp',
          default_uom: await refId(root, 'product', 'uom_unit'),
          list_price: '80',
          products: [['create', [{ identifiers: [['create', [{ type: 'ean', code: '400 6381 333931' }]]] }]]],
        },
      ]);
      await Template.write(inUsd, [template], { list_price: '95.5' });

      const price = async (env: typeof root) =>
        String((await Template.read(env, [template], ['list_price']))[0].list_price);
      assert.equal(await price(inEur), '80');
      assert.equal(await price(inUsd), '95.5');
      const rows = await Template.read(root, [template], ['list_prices.company', 'list_prices.list_price']);
      const byCompany = (rows[0].list_prices as { company: number; list_price: unknown }[])
        .map((p) => [p.company, String(p.list_price)])
        .sort();
      assert.deepEqual(
        byCompany,
        [
          [eur.company, '80'],
          [usd.company, '95.5'],
        ].sort(),
      );

      const Product = root.model('product.product');
      const found = await Product.search(root, [['identifiers.code', '=', '4006381333931']]);
      assert.equal(found.length, 1);
      const [variant] = await Product.read(inUsd, found, [
        'list_price',
        'identifiers.code',
        'identifiers.type',
      ]);
      assert.equal(String(variant.list_price), '95.5');
      assert.deepEqual(variant.identifiers, [
        { id: (variant.identifiers as { id: number }[])[0].id, code: '4006381333931', type: 'ean' },
      ]);
      // Searching the price follows the company too.
      assert.deepEqual(await Product.search(inUsd, [['list_price', '>', 90]]), found);
      assert.deepEqual(await Product.search(inEur, [['list_price', '>', 90]]), []);
    });
  });

  it('refuses an EAN whose check digit is wrong', async () => {
    await sut.rollback(async (root) => {
      const [template] = await root
        .model('product.template')
        .create(root, [
          { name: 'Vase', default_uom: await refId(root, 'product', 'uom_unit'), list_price: '5' },
        ]);
      const [{ products }] = await root.model('product.template').read(root, [template], ['products']);
      await assert.rejects(
        root
          .model('product.identifier')
          .create(root, [{ product: (products as number[])[0], type: 'ean', code: '4006381333932' }]),
        { status: 400, message: /ean code "4006381333932" of product .*Vase.* is not valid/ },
      );
    });
  });

  it('numbers new products from the configured sequence and says the code is read-only', async () => {
    await sut.rollback(async (root) => {
      const [sequence] = await root.model('ir.sequence').create(root, [
        {
          name: 'Products',
          prefix: 'P-',
          padding: 3,
          sequence_type: await refId(root, 'product', 'sequence_type_template'),
        },
      ]);
      const [config] = await root.model('product.configuration').search(root, []);
      await root.model('product.configuration').write(root, [config], { template_sequence: sequence });
      const Template = root.model('product.template');
      const [template] = await Template.create(root, [
        { name: 'Rug', default_uom: await refId(root, 'product', 'uom_unit'), list_price: '150' },
      ]);
      const [read] = await Template.read(root, [template], ['code', 'code_readonly', 'products.code']);
      assert.equal(read.code, 'P-001');
      assert.equal(read.code_readonly, true);
    });
  });
});
