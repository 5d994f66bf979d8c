import { Decimal, PlainDate } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import type { TaxModel } from '../account/tax.model';
import type { SaleProductModel } from '../sale/product.extension';

export interface ShopPrice {
  /** The sale price of one sale unit, rounded to the price digits (4, half to even). */
  price: Decimal;
  /** The customer taxes of that unit, unrounded (Tryton rounds taxes once per document). */
  tax: Decimal;
}

export interface ShopPriceOptions {
  currency: number | null;
  company: number | null;
  date: PlainDate | null;
  uom?: number | null;
}

/**
 * What Tryton's Shop.get_products returns beside each product: its sale price and the tax of one
 * unit. One read of the products, one price computation and one read of the taxes for any number of
 * products. Products without a price are left out.
 */
export async function shopPrices(
  env: Env,
  ids: number[],
  options: ShopPriceOptions,
): Promise<Map<number, ShopPrice>> {
  const result = new Map<number, ShopPrice>();
  if (!ids.length) return result;
  const Product = env.model('product.product') as SaleProductModel;
  const root = env.withoutChecks();
  const products = await Product.read(root, ids, ['customer_taxes']);
  const prices = await Product.getSalePrices(env, ids, {
    uom: options.uom ?? null,
    currency: options.currency,
    company: options.company,
    date: options.date ?? PlainDate.today(),
  });
  const Tax = env.model('account.tax') as TaxModel;
  const taxIds = [...new Set(products.flatMap((p) => (p.customer_taxes as number[] | undefined) ?? []))];
  const definitions = await Tax.definitions(env, taxIds);
  for (const product of products) {
    const raw = prices.get(product.id);
    if (!(raw instanceof Decimal)) continue;
    const price = raw.toDecimalPlaces(4, Decimal.ROUND_HALF_EVEN);
    const taxes = ((product.customer_taxes as number[] | undefined) ?? [])
      .map((t) => definitions.get(t))
      .filter((t) => t !== undefined);
    const tax = Tax.compute(taxes, price, new Decimal(1)).reduce(
      (sum, t) => sum.plus(t.amount),
      new Decimal(0),
    );
    result.set(product.id, { price, tax });
  }
  return result;
}
