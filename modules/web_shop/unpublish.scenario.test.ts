import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { refId } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { apiKey, createTestApp, createTestDatabase, TestApp, TestDatabase } from 'nest-tryton/testing';
import { BUSINESS_MODULES } from '../index';
import { makeCompany, makeProduct } from '../test-factories';

/**
 * A shop sells to Belgium and France. Its front end syncs the catalogue: what the shop stops publishing
 * is listed in products_removed / categories_removed until the front end has unpublished it.
 */
describe('a shop telling its front end what to unpublish', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let ids: { shop: number; lamp: number; vase: number; lighting: number; be: number; fr: number };
  const keys: Record<string, string> = {};
  const as = (who: string) => ({ Authorization: `Bearer ${keys[who]}` });
  const url = (path: string) => `/${tdb.db}/rest/model/${path}`;
  const shopOf = async (env: Env) =>
    (
      await env
        .model('web.shop')
        .read(env, [ids.shop], ['products', 'products_removed', 'categories', 'categories_removed'])
    )[0];

  before(async () => {
    tdb = await createTestDatabase(BUSINESS_MODULES);
    ids = await tdb.commit(async (env) => {
      const { company } = await makeCompany(env);
      const lamp = (await makeProduct(env, { name: 'Brass Lamp', list_price: '80' })).product;
      const vase = (await makeProduct(env, { name: 'Glass Vase', list_price: '20' })).product;
      const [lighting] = await env.model('product.category').create(env, [{ name: 'Lighting' }]);
      const [be, fr] = [await refId(env, 'country', 'be'), await refId(env, 'country', 'fr')];
      const [shop] = await env.model('web.shop').create(env, [
        {
          name: 'Boutique',
          company,
          countries: [['add', [be, fr]]],
          products: [['add', [lamp, vase]]],
          categories: [['add', [lighting]]],
        },
      ]);
      return { shop, lamp, vase, lighting, be, fr };
    });
    keys.admin = await apiKey(tdb, 'shop-admin', ['res.group_admin']);
    sut = await createTestApp(tdb, BUSINESS_MODULES);
  });
  after(async () => {
    await sut?.close();
    await tdb?.drop();
  });

  it('serves the countries the shop sells to, and no type until a front end module adds one', async () => {
    const read = await sut
      .http()
      .get(url(`web.shop/${ids.shop}`))
      .query({ f: ['countries.code', 'type'] })
      .set(as('admin'))
      .expect(200);
    assert.deepEqual(
      read.body.countries.map((c: { code: string }) => c.code),
      ['BE', 'FR'],
    );
    assert.equal(read.body.type, null);
  });

  it('forgets a product a shop without a front end stops publishing', async () => {
    await tdb.rollback(async (env) => {
      await env.model('web.shop').write(env, [ids.shop], { products: [['remove', [ids.vase]]] });
      const shop = await shopOf(env);
      assert.deepEqual([shop.products, shop.products_removed], [[ids.lamp], []]);
    });
  });

  it('lists what a syncing shop stops publishing, until the front end has unpublished it', async () => {
    await tdb.commit(async (env) => {
      // A front end module (Tryton's web_shop_vue_storefront) would add its type to the selection.
      await env.tx.query(`UPDATE "web_shop" SET "type" = 'vsf' WHERE "id" = $1`, [ids.shop]);
    });
    await sut
      .http()
      .put(url(`web.shop/${ids.shop}`))
      .set(as('admin'))
      .send({ products: [['remove', [ids.vase]]], categories: [['remove', [ids.lighting]]] })
      .expect(200);
    const read = await sut
      .http()
      .get(url(`web.shop/${ids.shop}`))
      .query({ f: ['products', 'products_removed.rec_name', 'categories', 'categories_removed.name'] })
      .set(as('admin'))
      .expect(200);
    assert.deepEqual(read.body.products, [ids.lamp]);
    assert.deepEqual(
      read.body.products_removed.map((p: { rec_name: string }) => p.rec_name),
      ['Glass Vase'],
    );
    assert.deepEqual(read.body.categories, []);
    assert.deepEqual(
      read.body.categories_removed.map((c: { name: string }) => c.name),
      ['Lighting'],
    );
    // A feed of the shops with something to unpublish, and the product no longer lists the shop.
    await tdb.rollback(async (env) => {
      assert.deepEqual(await env.model('web.shop').search(env, [['products_removed', '=', ids.vase]]), [
        ids.shop,
      ]);
      assert.deepEqual(await env.model('web.shop').search(env, [['products', '=', ids.vase]]), []);
      const [vase] = await env.model('product.product').read(env, [ids.vase], ['web_shops']);
      assert.deepEqual(vase.web_shops, []);
    });

    // Published again, the vase is in products; once synced, the front end clears the removed list.
    await tdb.rollback(async (env) => {
      await env.model('web.shop').write(env, [ids.shop], { products: [['add', [ids.vase]]] });
      let shop = await shopOf(env);
      assert.deepEqual(
        [[...(shop.products as number[])].sort(), shop.products_removed],
        [[ids.lamp, ids.vase].sort(), [ids.vase]],
      );
      await env.model('web.shop').write(env, [ids.shop], { products_removed: [['remove', [ids.vase]]] });
      shop = await shopOf(env);
      assert.deepEqual(shop.products_removed, []);
      assert.deepEqual([...(shop.products as number[])].sort(), [ids.lamp, ids.vase].sort());
    });
  });

  it('does not copy what a shop publishes or has unpublished', async () => {
    await tdb.rollback(async (env) => {
      const [copy] = await env
        .model('web.shop')
        .copy(env, [ids.shop], { name: 'Boutique (copy)', type: null });
      const [read] = await env
        .model('web.shop')
        .read(env, [copy], ['products', 'products_removed', 'categories', 'categories_removed', 'countries']);
      assert.deepEqual(
        [read.products, read.products_removed, read.categories, read.categories_removed],
        [[], [], [], []],
      );
      assert.deepEqual([...(read.countries as number[])].sort(), [ids.be, ids.fr].sort());
    });
  });
});
