import { NotFoundError, PlainDate } from 'nest-tryton';
import type { Env, ModelClass, RecordValues } from 'nest-tryton';
import { webShopErrors } from './exceptions';
import { shopPrices } from './shop-prices';

export interface ShopContext {
  id: number;
  name: string;
  company: number;
  currency: number;
  guestParty: number | null;
  /** The request's environment in the shop's language, company and currency (Tryton's get_context). */
  env: Env;
}

/** The one shop a method is called on (hidden or missing shops are left out by read, so: not found). */
export async function shopOf(
  env: Env,
  model: ModelClass,
  ids: number[],
  method: string,
): Promise<ShopContext> {
  if (ids.length !== 1) webShopErrors.raise('one_shop', { method });
  const [shop] = await model.read(env, ids, ['name', 'company', 'currency', 'guest_party', 'language.code']);
  if (!shop) throw new NotFoundError(`Web shop ${ids[0]} does not exist`);
  const language = (shop.language as { code: string } | null)?.code ?? env.lang;
  return {
    id: shop.id,
    name: shop.name as string,
    company: shop.company as number,
    currency: shop.currency as number,
    guestParty: shop.guest_party as number | null,
    env: env.withContext({ language, company: shop.company, currency: shop.currency }),
  };
}

/** Fields of a published product (the web_shop usage's, read in the shop's language). */
const PRODUCT_FIELDS = ['code', 'name', 'description', 'list_price', 'sale_uom.symbol', 'categories.name'];

/**
 * Tryton's Shop.get_products: the shop's published, active, salable products with their sale price
 * (per sale unit, in the shop's currency, rounded to the price digits) and the tax of one unit.
 */
export async function publishedProducts(shop: ShopContext): Promise<RecordValues[]> {
  const env = shop.env;
  const Product = env.model('product.product');
  const ids = await Product.search(env, [
    ['web_shops', '=', shop.id],
    ['salable', '=', true],
  ]);
  const records = await Product.read(env, ids, PRODUCT_FIELDS);
  const prices = await shopPrices(env, ids, {
    currency: shop.currency,
    company: shop.company,
    date: PlainDate.today(),
  });
  return records.map((record) => {
    const price = prices.get(record.id);
    return {
      ...record,
      __name__: 'product.product',
      sale_price: price?.price ?? null,
      unit_tax: price?.tax ?? null,
    };
  });
}

/** Tryton's Shop.get_categories: the shop's published categories, in its language. */
export async function publishedCategories(shop: ShopContext): Promise<RecordValues[]> {
  const Category = shop.env.model('product.category');
  const ids = await Category.search(shop.env, [['web_shops', '=', shop.id]]);
  const records = await Category.read(shop.env, ids, ['name', 'parent', 'rec_name']);
  return records.map((r) => ({ ...r, __name__: 'product.category' }));
}

/** Tryton's Shop.get_sale, saved: a cart for the party (or the guest party) in the shop's company and currency. */
export async function newCart(
  env: Env,
  shop: ShopContext,
  kwargs: Record<string, unknown>,
): Promise<RecordValues> {
  const party = kwargs.party ?? null;
  if (party !== null && !(typeof party === 'number' && Number.isInteger(party) && party > 0)) {
    webShopErrors.raise('bad_argument', { name: 'party', method: 'get_sale', expected: 'a party id' });
  }
  const chosen =
    (party as number | null) ?? shop.guestParty ?? webShopErrors.raise('no_party', { shop: shop.name });
  const Sale = env.model('sale.sale');
  const [id] = await Sale.create(env, [
    { party: chosen, company: shop.company, currency: shop.currency, web_shop: shop.id },
  ]);
  const [sale] = await Sale.read(
    env,
    [id],
    [
      'number',
      'web_id',
      'web_shop',
      'state',
      'party',
      'company',
      'currency',
      'invoice_address',
      'shipment_address',
    ],
  );
  return { ...sale, __name__: 'sale.sale' };
}
