import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { refId } from 'nest-tryton';
import { apiKey, createTestApp, createTestDatabase, TestApp, TestDatabase } from 'nest-tryton/testing';
import { BUSINESS_MODULES } from '../index';
import { makeCompany, makeProduct, makeTax } from '../test-factories';

const decimal = (value: unknown) => (value as { decimal: string } | null)?.decimal ?? null;

/** A web shop front end reads its catalogue and opens a cart through the API. */
describe('a web shop front end', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let data: { shop: number; lamp: number; vase: number; rug: number; guest: number };
  const keys: Record<string, string> = {};
  const as = (who: string) => ({ Authorization: `Bearer ${keys[who]}` });
  const url = (path: string) => `/${tdb.db}/rest/model/${path}`;

  before(async () => {
    tdb = await createTestDatabase(BUSINESS_MODULES);
    data = await tdb.commit(async (env) => {
      const { company } = await makeCompany(env);
      const fr = env.withContext({ language: 'fr' });
      const vat = await makeTax(env, { name: 'VAT 21%', type: 'percentage', rate: '0.21' });
      const lamp = await makeProduct(env, { name: 'Brass Lamp', code: 'L1', list_price: '80', taxes: [vat] });
      const vase = await makeProduct(env, {
        name: 'Glass Vase',
        code: 'V1',
        list_price: '20.5',
        taxes: [vat],
      });
      const rug = await makeProduct(env, { name: 'Wool Rug', code: 'R1', list_price: '150', taxes: [vat] });
      await env.model('product.template').write(fr, [lamp.template], { name: 'Lampe en laiton' });
      await env.model('product.template').write(fr, [vase.template], { name: 'Vase en verre' });
      const [lighting] = await env.model('product.category').create(env, [{ name: 'Lighting' }]);
      await env.model('product.category').write(fr, [lighting], { name: 'Éclairage' });
      const [guest] = await env.model('party.party').create(env, [{ name: 'Guest' }]);
      const [shop] = await env.model('web.shop').create(env, [
        {
          name: 'Boutique',
          company,
          guest_party: guest,
          language: await refId(env, 'ir', 'lang_fr'),
          products: [['add', [lamp.product, vase.product]]],
          categories: [['add', [lighting]]],
        },
      ]);
      return { shop, lamp: lamp.product, vase: vase.product, rug: rug.product, guest };
    });
    keys.front = await apiKey(tdb, 'front', ['sale.group_sale']);
    sut = await createTestApp(tdb, BUSINESS_MODULES);
  });
  after(async () => {
    await sut.close();
    await tdb.drop();
  });

  it('reads the shop fields of products with X-Tryton-Usage: web_shop', async () => {
    const domain = encodeURIComponent(JSON.stringify([['code', '=', 'L1']]));
    const res = await sut
      .http()
      .get(url(`product.product?d=${domain}`))
      .set(as('front'))
      .set('X-Tryton-Usage', 'web_shop')
      .expect(200);
    const [lamp] = res.body;
    assert.equal(lamp.id, data.lamp);
    assert.equal(lamp.name, 'Brass Lamp');
    assert.equal(decimal(lamp.list_price), '80');
    assert.equal(decimal(lamp.sale_price_uom), '80.0000'); // Tryton's round_price: 4 digits
    assert.equal(lamp.sale_uom.symbol, 'u');
    assert.deepEqual(
      lamp.customer_taxes.map((t: { rec_name: string }) => t.rec_name),
      ['VAT 21%'],
    );
  });

  it('reads French names with Accept-Language: fr', async () => {
    const res = await sut
      .http()
      .get(url(`product.product?f=name&o=${encodeURIComponent(JSON.stringify([['code', 'ASC']]))}`))
      .set(as('front'))
      .set('Accept-Language', 'fr')
      .expect(200);
    assert.deepEqual(
      res.body.map((p: { name: string }) => p.name),
      ['Lampe en laiton', 'Wool Rug', 'Vase en verre'],
    );
    assert.match(String(res.headers['content-language']), /^fr/);
  });

  it('lists only the published, salable products of the shop, with price and unit tax, in its language', async () => {
    const res = await sut
      .http()
      .post(url(`web.shop/${data.shop}/get_products`))
      .set(as('front'))
      .send({})
      .expect(200);
    assert.deepEqual(
      res.body.map((p: Record<string, unknown>) => [
        p.id,
        p.name,
        decimal(p.sale_price),
        decimal(p.unit_tax),
      ]),
      [
        [data.lamp, 'Lampe en laiton', '80', '16.8'],
        [data.vase, 'Vase en verre', '20.5', '4.305'],
      ],
    );
    const categories = await sut
      .http()
      .post(url(`web.shop/${data.shop}/get_categories`))
      .set(as('front'))
      .send({})
      .expect(200);
    assert.deepEqual(
      categories.body.map((c: { name: string }) => c.name),
      ['Éclairage'],
    );
  });

  it('opens a cart for the guest party, with a web id', async () => {
    const res = await sut
      .http()
      .post(url(`web.shop/${data.shop}/get_sale`))
      .set(as('front'))
      .send({})
      .expect(200);
    assert.equal(res.body.party, data.guest);
    assert.equal(res.body.web_shop, data.shop);
    assert.match(res.body.web_id, /^[0-9a-f]{32}$/);
    await sut
      .http()
      .post(url(`web.shop/${data.shop}/get_sale`))
      .set(as('front'))
      .send({ party: 'x' })
      .expect(400);
  });
});
