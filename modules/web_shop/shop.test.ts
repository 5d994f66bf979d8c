import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { refId } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { createTestDatabase, TestDatabase } from 'nest-tryton/testing';
import { BUSINESS_MODULES } from '../index';
import { makeCompany, makeCustomer, makeProduct, makeTax } from '../test-factories';
import type { SaleModel } from '../sale/sale.model';
import { Shop } from './shop.model';

type ShopModel = typeof Shop;

async function aShop(root: Env) {
  const { company } = await makeCompany(root);
  const env = root.withContext({ company });
  const vat = await makeTax(root, { type: 'percentage', rate: '0.21' });
  const fee = await makeTax(root, { type: 'fixed', amount: '0.1' });
  const lamp = await makeProduct(root, {
    name: 'Brass Lamp',
    code: 'L1',
    list_price: '80.455',
    taxes: [vat, fee],
  });
  const vase = await makeProduct(root, { name: 'Glass Vase', code: 'V1', list_price: '20', taxes: [vat] });
  const hidden = await makeProduct(root, { name: 'Unpublished Rug', code: 'R1', list_price: '5' });
  await root
    .model('product.template')
    .write(root.withContext({ language: 'fr' }), [lamp.template], { name: 'Lampe en laiton' });
  const [lighting] = await root.model('product.category').create(root, [{ name: 'Lighting' }]);
  await root
    .model('product.category')
    .write(root.withContext({ language: 'fr' }), [lighting], { name: 'Éclairage' });
  const [guest] = await root.model('party.party').create(root, [{ name: 'Guest' }]);
  const Shops = root.model('web.shop') as ShopModel;
  const [shop] = await Shops.create(env, [
    {
      name: 'Demo Shop',
      guest_party: guest,
      language: await refId(root, 'ir', 'lang_fr'),
      products: [['add', [lamp.product, vase.product]]],
      categories: [['add', [lighting]]],
    },
  ]);
  return { env, shop, Shops, lamp, vase, hidden, guest, vat, fee };
}

describe(Shop.__name__, () => {
  let sut: TestDatabase;
  before(async () => {
    sut = await createTestDatabase(BUSINESS_MODULES);
  });
  after(async () => sut.drop());

  it('lists its published, salable products with price and unit tax, in its language', async () => {
    await sut.rollback(async (root) => {
      const { env, shop, Shops, lamp, vase } = await aShop(root);
      const [read] = await Shops.read(env, [shop], ['company', 'currency.code']);
      assert.equal((read.currency as { code: string }).code, 'EUR');
      // A product that stops being salable disappears from the shop without being unpublished.
      await root.model('product.template').write(root, [vase.template], { salable: false });
      const products = await Shops.get_products(env, [shop]);
      assert.deepEqual(
        products.map((p) => [p.id, p.code, p.name, String(p.sale_price), String(p.unit_tax)]),
        // 80.455 -> 80.4550 per unit; tax 80.455 x 0.21 + 0.1 = 16.99555 (unrounded, as Tryton returns it).
        [[lamp.product, 'L1', 'Lampe en laiton', '80.455', '16.99555']],
      );
      const categories = await Shops.get_categories(env, [shop]);
      assert.deepEqual(
        categories.map((c) => c.name),
        ['Éclairage'],
      );
    });
  });

  it('refuses to publish a product that is not salable', async () => {
    await sut.rollback(async (root) => {
      const { env, shop, Shops, hidden } = await aShop(root);
      await root.model('product.template').write(root, [hidden.template], { salable: false });
      await assert.rejects(Shops.write(env, [shop], { products: [['add', [hidden.product]]] }), {
        status: 400,
        message: /not salable/,
      });
    });
  });

  it('opens carts for the guest or a customer, with a web id, the shop company and currency', async () => {
    await sut.rollback(async (root) => {
      const { env, shop, Shops, guest, lamp } = await aShop(root);
      const customer = await makeCustomer(root);
      const guestCart = await Shops.get_sale(env, [shop]);
      const cart = await Shops.get_sale(env, [shop], { party: customer.party });
      assert.equal(guestCart.party, guest);
      assert.equal(cart.party, customer.party);
      assert.equal(cart.invoice_address, customer.address);
      assert.match(cart.web_id as string, /^[0-9a-f]{32}$/);
      assert.notEqual(cart.web_id, guestCart.web_id);
      assert.equal(cart.web_shop, shop);
      await assert.rejects(Shops.get_sale(env, [shop], { party: 'me' }), { status: 400 });
      // The guest party only fills carts: quoting a guest's sale needs the real customer.
      const Sale = root.model('sale.sale') as SaleModel;
      await root
        .model('sale.line')
        .create(root, [{ sale: guestCart.id, product: lamp.product, quantity: 1 }]);
      const [address] = await root.model('party.address').create(root, [{ party: guest, city: 'Liège' }]);
      await Sale.write(root, [guestCart.id], { invoice_address: address, shipment_address: address });
      await assert.rejects(Sale.quote(root, [guestCart.id]), { status: 400, message: /guest party/ });
    });
  });
});
