import {
  boolean,
  char,
  many2many,
  many2one,
  Model,
  OrderSpec,
  RecordValues,
  selection,
  Values,
} from 'nest-tryton';
import type { Env } from 'nest-tryton';
import type { CompanyModel } from '../company/company.model';
import { webShopErrors } from './exceptions';
import { newCart, publishedCategories, publishedProducts, shopOf } from './shop-methods';
import { CART, CART_ARGUMENTS, NO_ARGUMENTS, PUBLISHED_CATEGORY, PUBLISHED_PRODUCT } from './shop-schemas';

export class Shop extends Model {
  static override __name__ = 'web.shop';
  static override description = 'Web Shop';
  static override _order: OrderSpec = [['name', 'ASC']];
  static override _constraints = [
    { name: 'name_unique', columns: ['name'], message: 'The name of the web shop must be unique.' },
  ];
  static override _rpc = {
    get_products: {
      instance: true,
      readonly: true,
      summary: "the shop's published products, with their price and the tax of one unit",
      parameters: NO_ARGUMENTS,
      result: { type: 'array', items: PUBLISHED_PRODUCT },
    },
    get_categories: {
      instance: true,
      readonly: true,
      summary: "the shop's published categories, in its language",
      parameters: NO_ARGUMENTS,
      result: { type: 'array', items: PUBLISHED_CATEGORY },
    },
    // A cart is a sale: creating it needs access to sales, reading the shop is enough here.
    get_sale: {
      instance: true,
      readonly: false,
      access: 'read' as const,
      summary: "a new cart (a draft sale) in the shop's company and currency",
      parameters: CART_ARGUMENTS,
      result: CART,
    },
  };
  static override fields = {
    name: char({ string: 'Name', required: true }),
    company: many2one('company.company', { string: 'Company', required: true }),
    currency: many2one('currency.currency', { string: 'Currency', required: true }),
    language: many2one('ir.lang', { string: 'Language' }),
    // Modules of front ends add theirs (Tryton's web_shop_vue_storefront, web_shop_shopify); a shop
    // with a type syncs with its front end, which reads what to unpublish in the *_removed fields.
    type: selection([], { string: 'Type', help: 'The front-end used for the web shop.' }),
    guest_party: many2one('party.party', { string: 'Guest Party' }),
    countries: many2many('web.shop-country.country', 'shop', 'country', 'country.country', {
      string: 'Countries',
    }),
    products: many2many('web.shop-product.product', 'shop', 'product', 'product.product', {
      string: 'Products',
      help: 'The list of products to publish.',
    }),
    products_removed: many2many('web.shop-product.product', 'shop', 'product', 'product.product', {
      string: 'Products Removed',
      help: 'The list of products to unpublish.',
      inactive: true,
    }),
    categories: many2many('web.shop-product.category', 'shop', 'category', 'product.category', {
      string: 'Categories',
      help: 'The list of categories to publish.',
    }),
    categories_removed: many2many('web.shop-product.category', 'shop', 'category', 'product.category', {
      string: 'Categories Removed',
      help: 'The list of categories to unpublish.',
      inactive: true,
    }),
    active: boolean({ string: 'Active', default: true }),
  };

  /** Tryton's default_company and default_currency. */
  static override async complete(env: Env, vlist: Values[]): Promise<Values[]> {
    let completed = await super.complete(env, vlist);
    const Company = env.model('company.company') as CompanyModel;
    if (completed.some((v) => !('company' in v))) {
      const company = await Company.current(env);
      if (company) completed = completed.map((v) => ('company' in v ? v : { ...v, company }));
    }
    const ids = [...new Set(completed.filter((v) => !('currency' in v)).map((v) => v.company))].filter(
      (c): c is number => typeof c === 'number',
    );
    if (!ids.length) return completed;
    const currencies = await Company.currencies(env, ids);
    return completed.map((v) =>
      'currency' in v ? v : { ...v, currency: currencies.get(v.company as number) },
    );
  }

  /** Tryton's copy: the copy publishes nothing yet. */
  static override async copy(env: Env, ids: number[], defaults: Values = {}): Promise<number[]> {
    return super.copy(env, ids, {
      products: [],
      products_removed: [],
      categories: [],
      categories_removed: [],
      ...defaults,
    });
  }

  /** Only salable products are published (Tryton's domain on products). */
  static override async validate(env: Env, ids: number[]): Promise<void> {
    await super.validate(env, ids);
    const shops = await this.read(env.withoutChecks(), ids, [
      'name',
      'products.salable',
      'products.rec_name',
    ]);
    for (const shop of shops) {
      const bad = (shop.products as { salable: boolean; rec_name: string }[]).find((p) => !p.salable);
      if (bad) webShopErrors.raise('product_not_salable', { product: bad.rec_name, shop: shop.name });
    }
  }

  static async get_products(
    env: Env,
    ids: number[],
    _kwargs: Record<string, unknown> = {},
  ): Promise<RecordValues[]> {
    return publishedProducts(await shopOf(env, this, ids, 'get_products'));
  }

  static async get_categories(
    env: Env,
    ids: number[],
    _kwargs: Record<string, unknown> = {},
  ): Promise<RecordValues[]> {
    return publishedCategories(await shopOf(env, this, ids, 'get_categories'));
  }

  static async get_sale(
    env: Env,
    ids: number[],
    kwargs: Record<string, unknown> = {},
  ): Promise<RecordValues> {
    return newCart(env, await shopOf(env, this, ids, 'get_sale'), kwargs ?? {});
  }
}
