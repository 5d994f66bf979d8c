import { bulkLoad, loadRecord, refId } from 'nest-tryton';
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

/** The EAN-13 (GTIN-13) of the i-th demo product: a Belgian GS1 prefix, the item number, its check digit. */
export function demoEan(i: number): string {
  const digits = `5412345${String(i + 1).padStart(5, '0')}`;
  let sum = 0;
  for (let k = 0; k < 12; k++) sum += Number(digits[k]) * (k % 2 === 0 ? 1 : 3);
  return digits + String((10 - (sum % 10)) % 10);
}

/** The i-th demo product (0-based): names in both languages, its category, EAN and prices. */
export function demoProduct(i: number, random: DemoRandom) {
  const noun = i % NOUNS.length;
  const material = Math.floor(i / NOUNS.length) % MATERIALS.length;
  const series = Math.floor(i / (NOUNS.length * MATERIALS.length)) + 1;
  return {
    code: `P${String(i + 1).padStart(5, '0')}`,
    name: `${MATERIALS[material][0]} ${NOUNS[noun][0]} ${series}`,
    fr: `${NOUNS[noun][1]} ${MATERIALS[material][1]} ${series}`,
    category: NOUN_CATEGORY[noun],
    ean: demoEan(i),
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

/** The demo company (prices are per company, Tryton's list_price and cost_price multi-values). */
const demoCompany = (env: Env) => refId(env, 'company', 'company');

/**
 * A few products in four categories, named in English and French, each with its EAN and the list
 * and cost prices of the demo company.
 */
export async function loadProductDemoSmall(request: Env): Promise<void> {
  const env = request.withContext({ company: await demoCompany(request) });
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
        default_uom: unit,
        categories: [['add', [categories[p.category]]]],
        products: [],
      },
      { translations: { fr: { name: p.fr } } },
    );
    const product = await loadRecord(env, 'product', `product_${i + 1}`, 'product.product', {
      template,
      cost_price: p.cost_price,
    });
    await loadRecord(env, 'product', `product_${i + 1}_ean`, 'product.identifier', {
      product,
      type: 'ean',
      code: p.ean,
    });
  }
}

/**
 * The benchmark shape: 1,000 products (one variant each), names in English and French, each with its
 * EAN and the demo company's prices, in bulk: the price rows are what the template's list_price and
 * the variant's cost_price store for the company (Tryton's product.list_price, product.cost_price).
 */
export async function loadProductDemoLarge(request: Env): Promise<void> {
  const company = await demoCompany(request);
  const env = request.withContext({ company });
  const random = new DemoRandom(4);
  const progress = demoProgress(env.context, 'products');
  const categories = await loadCategories(env);
  const unit = await refId(env, 'product', 'uom_unit');
  const products = Array.from({ length: LARGE_PRODUCTS }, (_, i) => demoProduct(i, random));
  progress(0, LARGE_PRODUCTS);
  const models = [
    'product.template',
    'product.list_price',
    'product.cost_price_method',
    'product.template-product.category',
    'product.product',
    'product.cost_price',
    'product.identifier',
    'ir.translation',
  ];
  await bulkLoad(env, models, async () => {
    const templates = await env.model('product.template').create(
      env.withContext({ default_products: false }),
      products.map((p) => ({ name: p.name, code: p.code, default_uom: unit })),
    );
    await env.model('product.list_price').create(
      env,
      templates.map((template, i) => ({ template, company, list_price: products[i].list_price })),
    );
    await env.model('product.template-product.category').create(
      env,
      templates.map((template, i) => ({ template, category: categories[products[i].category] })),
    );
    const variants = await env.model('product.product').create(
      env,
      templates.map((template) => ({ template })),
    );
    await env.model('product.cost_price').create(
      env,
      variants.map((product, i) => ({ product, company, cost_price: products[i].cost_price })),
    );
    await env.model('product.identifier').create(
      env,
      variants.map((product, i) => ({ product, type: 'ean', code: products[i].ean })),
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
  });
  progress(LARGE_PRODUCTS, LARGE_PRODUCTS);
}
