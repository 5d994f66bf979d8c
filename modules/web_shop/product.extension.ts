import { Bool, computed, Eval, extend, many2many, Not, numeric, PlainDate, text } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import type { CompanyModel } from '../company/company.model';
import type { ProductModel } from '../product/product.model';
import { ShopPrice, shopPrices } from './shop-prices';

/** Templates carry the text a shop shows (translatable). */
export const templateExtension = extend(
  'product.template',
  (Base) =>
    class extends Base {
      static override fields = {
        web_shop_description: text({ string: 'Web Shop Description', translate: true }),
      };
    },
);

const idOf = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null);

/** The shop prices of products in the context's company, currency, unit and date (as sale_price_uom). */
async function contextPrices(env: Env, ids: number[]): Promise<Map<number, ShopPrice>> {
  const sale = env.context.sale_date;
  return shopPrices(env, ids, {
    company: await (env.model('company.company') as CompanyModel).current(env),
    currency: idOf(env.context.currency),
    uom: idOf(env.context.uom),
    date: typeof sale === 'string' ? PlainDate.parse(sale) : null,
  });
}

const shopPrice = (string: string, help: string, value: (p: ShopPrice) => unknown) =>
  computed(
    numeric({ string, help, digits: [16, 4] }),
    async (env, ids) => {
      const prices = await contextPrices(env, ids);
      return new Map(ids.map((id) => [id, prices.has(id) ? value(prices.get(id)!) : null]));
    },
    { depends: ['sale_price_uom', 'customer_taxes'] },
  );

/**
 * Variants know the shops that publish them, and show what a shop displays: its description, the
 * tax of one sale unit and the price with it, in the context's currency (X-Tryton-Context as Tryton's
 * Shop.get_context gives it: company, currency), so a front end never computes a price.
 */
export const productExtension = extend(
  'product.product',
  (Base) =>
    class extends Base {
      static override fields = {
        web_shop_description: (Base as ProductModel).templateField(
          'web_shop_description',
          text({ string: 'Web Shop Description', translate: true }),
        ),
        web_shops: many2many('web.shop-product.product', 'product', 'shop', 'web.shop', {
          string: 'Web Shops',
          help: 'The list of web shops on which the product is published.',
          states: { invisible: Not(Bool(Eval('salable'))) },
        }),
        sale_price_tax: shopPrice(
          'Sale Price Tax',
          'The customer taxes of one sale unit at the sale price, in the context currency.',
          (p) => p.tax,
        ),
        sale_price_taxed: shopPrice(
          'Sale Price Taxed',
          'The sale price of one sale unit (rounded to 4 digits) with its customer taxes.',
          (p) => p.price.plus(p.tax),
        ),
      };
    },
);

export const categoryExtension = extend(
  'product.category',
  (Base) =>
    class extends Base {
      static override fields = {
        web_shops: many2many('web.shop-product.category', 'category', 'shop', 'web.shop', {
          string: 'Web Shops',
          help: 'The list of web shops on which the category is published.',
        }),
      };
    },
);
