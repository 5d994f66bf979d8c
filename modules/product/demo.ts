import { loadRecord, refId } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { DemoRandom, demoProgress } from '../demo-random';

/** [English, French] */
const CATEGORIES: [string, string][] = [
  ['Furniture', 'Mobilier'],
  ['Lighting', 'Éclairage'],
  ['Textiles', 'Textiles'],
  ['Decoration', 'Décoration'],
];
const NOUNS: [string, string][] = [
  ['Chair', 'Chaise'],
  ['Table', 'Table'],
  ['Lamp', 'Lampe'],
  ['Sofa', 'Canapé'],
  ['Shelf', 'Étagère'],
  ['Desk', 'Bureau'],
  ['Cushion', 'Coussin'],
  ['Rug', 'Tapis'],
  ['Mirror', 'Miroir'],
  ['Vase', 'Vase'],
];
/** [English, French (after the noun)] */
const MATERIALS: [string, string][] = [
  ['Oak', 'en chêne'],
  ['Walnut', 'en noyer'],
  ['Linen', 'en lin'],
  ['Brass', 'en laiton'],
  ['Marble', 'en marbre'],
  ['Wool', 'en laine'],
  ['Glass', 'en verre'],
  ['Steel', 'en acier'],
  ['Cotton', 'en coton'],
  ['Bamboo', 'en bambou'],
];
/** Which category each noun belongs to (index in CATEGORIES). */
const NOUN_CATEGORY = [0, 0, 1, 0, 0, 0, 2, 2, 3, 3];

export const LARGE_PRODUCTS = 1_000;

/** The i-th demo product (0-based): names in both languages, its category and a price. */
export function demoProduct(i: number, random: DemoRandom) {
  const noun = i % NOUNS.length;
  const material = Math.floor(i / NOUNS.length) % MATERIALS.length;
  const series = Math.floor(i / (NOUNS.length * MATERIALS.length)) + 1;
  return {
    code: `P${String(i + 1).padStart(5, '0')}`,
    name: `${MATERIALS[material][0]} ${NOUNS[noun][0]} ${series}`,
    fr: `${NOUNS[noun][1]} ${MATERIALS[material][1]} ${series}`,
    category: NOUN_CATEGORY[noun],
    list_price: `${random.int(5, 900)}.${String(random.int(0, 99)).padStart(2, '0')}`,
    cost_price: `${random.int(2, 400)}.${String(random.int(0, 99)).padStart(2, '0')}`,
  };
}

async function loadCategories(env: Env): Promise<number[]> {
  const ids: number[] = [];
  for (const [i, [name, fr]] of CATEGORIES.entries()) {
    ids.push(
      await loadRecord(
        env,
        'product',
        `category_${i + 1}`,
        'product.category',
        { name },
        { translations: { fr: { name: fr } } },
      ),
    );
  }
  return ids;
}

/** A few products in four categories, named in English and French. */
export async function loadProductDemoSmall(env: Env): Promise<void> {
  const random = new DemoRandom(3);
  const categories = await loadCategories(env);
  const unit = await refId(env, 'product', 'uom_unit');
  for (let i = 0; i < 10; i++) {
    const p = demoProduct(i, random);
    const template = await loadRecord(
      env,
      'product',
      `template_${i + 1}`,
      'product.template',
      {
        name: p.name,
        code: p.code,
        list_price: p.list_price,
        cost_price: p.cost_price,
        default_uom: unit,
        categories: [['add', [categories[p.category]]]],
        products: [],
      },
      { translations: { fr: { name: p.fr } } },
    );
    await loadRecord(env, 'product', `product_${i + 1}`, 'product.product', { template });
  }
}

/** The benchmark shape: 1,000 products (one variant each), names in English and French, in bulk. */
export async function loadProductDemoLarge(env: Env): Promise<void> {
  const random = new DemoRandom(4);
  const progress = demoProgress(env.context, 'products');
  const categories = await loadCategories(env);
  const unit = await refId(env, 'product', 'uom_unit');
  const products = Array.from({ length: LARGE_PRODUCTS }, (_, i) => demoProduct(i, random));
  progress(0, LARGE_PRODUCTS);
  const bulk = env.withContext({ default_products: false });
  const templates = await env.model('product.template').create(
    bulk,
    products.map((p) => ({
      name: p.name,
      code: p.code,
      list_price: p.list_price,
      cost_price: p.cost_price,
      default_uom: unit,
    })),
  );
  await env.model('product.template-product.category').create(
    env,
    templates.map((template, i) => ({ template, category: categories[products[i].category] })),
  );
  await env.model('product.product').create(
    env,
    templates.map((template) => ({ template })),
  );
  await env.model('ir.translation').create(
    env,
    templates.map((res_id, i) => ({
      name: 'product.template,name',
      res_id,
      lang: 'fr',
      type: 'model',
      src: products[i].name,
      value: products[i].fr,
      module: 'product',
      fuzzy: false,
    })),
  );
  progress(LARGE_PRODUCTS, LARGE_PRODUCTS);
}
