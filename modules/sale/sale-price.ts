import { Decimal, PlainDate, withScale } from 'nest-tryton';
import type { Env, ModelClass } from 'nest-tryton';
import type { CompanyModel } from '../company/company.model';
import type { CurrencyModel } from '../currency/currency.model';
import type { UomModel } from '../product/uom.model';

export interface SalePriceOptions {
  /** Price per this unit (when in the product's unit category), else per the product's sale unit. */
  uom?: number | null;
  /** Price in this currency (converted from the company's at the rate of `date`). */
  currency?: number | null;
  company?: number | null;
  date?: PlainDate | null;
}

/** Tryton's round_price: prices keep 4 decimals (price_digits), half to even. */
export function roundPrice(price: Decimal): Decimal {
  return withScale(price.toDecimalPlaces(4, Decimal.ROUND_HALF_EVEN), 4);
}

/**
 * Tryton's Product.get_sale_price: the list price per the requested (or the sale) unit, in the
 * requested currency; unrounded. One read of the products, one of the units, one of the rates.
 */
export async function salePrices(
  env: Env,
  model: ModelClass,
  ids: number[],
  options: SalePriceOptions,
): Promise<Map<number, Decimal | null>> {
  // List prices are per company: those of the company the price is asked for.
  const root = (options.company ? env.withContext({ company: options.company }) : env).withoutChecks();
  const products = await model.read(root, ids, ['list_price', 'default_uom', 'sale_uom']);
  const Uom = env.model('product.uom') as UomModel;
  const uomIds = new Set<number>();
  for (const p of products)
    [p.default_uom, p.sale_uom].forEach((u) => typeof u === 'number' && uomIds.add(u));
  if (options.uom) uomIds.add(options.uom);
  const ratios = await Uom.ratios(env, [...uomIds]);
  const requested = options.uom ? ratios.get(options.uom) : undefined;
  const prices = new Map<number, Decimal | null>();
  for (const p of products) {
    const listPrice = p.list_price as Decimal | null;
    const from = ratios.get(p.default_uom as number);
    if (listPrice === null || !from) {
      prices.set(p.id, listPrice);
      continue;
    }
    const to =
      requested && requested.category === from.category ? requested : ratios.get(p.sale_uom as number);
    prices.set(p.id, to ? Uom.computePrice(from, listPrice, to) : listPrice);
  }
  if (options.currency && options.company) {
    const Company = env.model('company.company') as CompanyModel;
    const base = (await Company.currencies(env, [options.company])).get(options.company);
    if (base && base !== options.currency) {
      const Currency = env.model('currency.currency') as CurrencyModel;
      const keys = [...prices.keys()].filter((k) => prices.get(k) !== null);
      const converted = await Currency.compute(
        env,
        base,
        keys.map((k) => prices.get(k)!),
        options.currency,
        { round: false, date: options.date ?? PlainDate.today() },
      );
      keys.forEach((k, i) => prices.set(k, converted[i]));
    }
  }
  // Tryton rounds every sale price to the price digits (round_price): "131.2" is "131.2000".
  for (const [k, price] of prices) if (price !== null) prices.set(k, roundPrice(price));
  return prices;
}
