import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal, refId } from 'nest-tryton';
import { createTestDatabase, TestDatabase } from 'nest-tryton/testing';
import { BUSINESS_MODULES } from '../index';
import { makeProduct } from '../test-factories';
import { Product } from './product.model';
import type { UomModel } from './uom.model';

/** Template fields that are the template's own business, not the variant's. */
const NOT_PROXIED = new Set([
  'id',
  'rec_name',
  'create_uid',
  'create_date',
  'write_uid',
  'write_date',
  'products',
  'code',
]);

describe(Product.__name__, () => {
  let sut: TestDatabase;
  before(async () => {
    sut = await createTestDatabase(BUSINESS_MODULES);
  });
  after(async () => sut.drop());

  it('gives a new template one variant whose code is the template code plus its suffix', async () => {
    await sut.rollback(async (env) => {
      const { template, product } = await makeProduct(env, {
        name: 'Oak Chair',
        code: 'CH',
        list_price: '120',
      });
      const Variant = env.model('product.product');
      await Variant.write(env, [product], { suffix_code: '-01' });
      assert.equal((await Variant.read(env, [product], ['code']))[0].code, 'CH-01');
      await env.model('product.template').write(env, [template], { code: 'CHAIR' });
      const [read] = await Variant.read(env, [product], ['code', 'rec_name']);
      assert.deepEqual([read.code, read.rec_name], ['CHAIR-01', '[CHAIR-01] Oak Chair']);
    });
  });

  it('refuses two active variants with the same code', async () => {
    await sut.rollback(async (env) => {
      await makeProduct(env, { name: 'A', code: 'SAME', list_price: '1' });
      await assert.rejects(makeProduct(env, { name: 'B', code: 'SAME', list_price: '1' }), {
        status: 400,
        message: /code "SAME"/,
      });
    });
  });

  it('reads, searches and sorts every template field through the variant', async () => {
    await sut.rollback(async (env) => {
      const Variant = env.model('product.product');
      const Template = env.model('product.template');
      for (const name of Object.keys(Template._fields)) {
        if (!NOT_PROXIED.has(name))
          assert.ok(name in Variant._fields, `product.product lacks template field "${name}"`);
      }
      const [category] = await env.model('product.category').create(env, [{ name: 'Lighting' }]);
      const { product: lamp } = await makeProduct(env, {
        name: 'Brass Lamp',
        code: 'L1',
        list_price: '80.5',
      });
      const { product: vase } = await makeProduct(env, { name: 'Glass Vase', code: 'V1', list_price: '20' });
      const [{ template }] = await Variant.read(env, [lamp], ['template']);
      await Template.write(env, [template as number], { categories: [['add', [category]]] });
      const [read] = await Variant.read(
        env,
        [lamp],
        ['name', 'list_price', 'categories.name', 'default_uom.symbol', 'salable'],
      );
      assert.equal(read.name, 'Brass Lamp');
      assert.equal(String(read.list_price), '80.5');
      assert.deepEqual(
        (read.categories as { name: string }[]).map((c) => c.name),
        ['Lighting'],
      );
      assert.equal((read.default_uom as { symbol: string }).symbol, 'u');
      assert.equal(read.salable, true);
      assert.deepEqual(await Variant.search(env, [['categories.name', '=', 'Lighting']]), [lamp]);
      assert.deepEqual(
        await Variant.search(env, [
          ['list_price', '<', 50],
          ['id', 'in', [lamp, vase]],
        ]),
        [vase],
      );
      assert.deepEqual(
        await Variant.search(env, [['id', 'in', [lamp, vase]]], { order: [['name', 'DESC']] }),
        [vase, lamp],
      );
      assert.deepEqual(await Variant.search(env, [['rec_name', 'ilike', '%l1%']]), [lamp]);
    });
  });

  it('reads names in French when asked, and searches them', async () => {
    await sut.rollback(async (env) => {
      const { template, product } = await makeProduct(env, {
        name: 'Walnut Desk',
        code: 'D1',
        list_price: '300',
      });
      await env
        .model('product.template')
        .write(env.withContext({ language: 'fr' }), [template], { name: 'Bureau en noyer' });
      const fr = env.withContext({ language: 'fr' });
      const [read] = await env.model('product.product').read(fr, [product], ['name', 'default_uom.name']);
      assert.equal(read.name, 'Bureau en noyer');
      assert.equal((read.default_uom as { name: string }).name, 'Unité');
      assert.deepEqual(await env.model('product.product').search(fr, [['name', 'ilike', '%noyer%']]), [
        product,
      ]);
      assert.equal(
        (await env.model('product.product').read(env, [product], ['name']))[0].name,
        'Walnut Desk',
      );
    });
  });

  it('converts quantities and prices between units of a category', async () => {
    await sut.rollback(async (env) => {
      const Uom = env.model('product.uom') as UomModel;
      const ids = ['uom_kilogram', 'uom_gram', 'uom_hour', 'uom_minute'];
      const refs: number[] = [];
      for (const id of ids) refs.push(await refId(env, 'product', id));
      const ratios = await Uom.ratios(env, refs);
      const [kg, g, hour, minute] = refs.map((r) => ratios.get(r)!);
      assert.equal(Uom.computeQuantity(kg, new Decimal('1.5'), g).toString(), '1500');
      assert.equal(Uom.computePrice(kg, new Decimal('12'), g).toString(), '0.012');
      assert.equal(Uom.computeQuantity(minute, new Decimal('90'), hour).toString(), '1.5');
      assert.throws(() => Uom.computeQuantity(kg, new Decimal(1), hour), { status: 400 });
    });
  });

  it('names categories "Parent / Child"', async () => {
    await sut.rollback(async (env) => {
      const Category = env.model('product.category');
      const [parent] = await Category.create(env, [{ name: 'Furniture' }]);
      const [child] = await Category.create(env, [{ name: 'Chairs', parent }]);
      assert.equal((await Category.getRecName(env, [child])).get(child), 'Furniture / Chairs');
    });
  });
});
