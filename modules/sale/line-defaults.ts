import { Decimal, PlainDate } from 'nest-tryton';
import type { Env, Values } from 'nest-tryton';
import type { SaleProductModel } from './product.extension';
import { roundPrice } from './sale-price';

const idOf = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null);

interface SaleContext {
  currency: number | null;
  company: number | null;
  date: PlainDate | null;
}

/**
 * Tryton's sale.line on_change_product + on_change_quantity, on the server: a line sent with a product
 * gets the product's customer taxes, its sale unit, and its sale price in the sale's currency for that
 * unit. Whatever the consumer sent is kept. Products, sales and prices are read once per batch.
 */
export async function completeLines(env: Env, vlist: Values[]): Promise<Values[]> {
  const needs = (v: Values) =>
    idOf(v.product) !== null && (!('unit' in v) || !('unit_price' in v) || !('taxes' in v));
  const pending = vlist.filter(needs);
  if (!pending.length) return vlist;
  const root = env.withoutChecks();
  const Product = env.model('product.product') as SaleProductModel;
  const productIds = [...new Set(pending.map((v) => idOf(v.product)!))];
  const products = new Map(
    (await Product.read(root, productIds, ['sale_uom', 'default_uom', 'customer_taxes'])).map((p) => [
      p.id,
      p,
    ]),
  );
  const saleIds = [...new Set(pending.map((v) => idOf(v.sale)).filter((s): s is number => s !== null))];
  const sales = new Map<number, SaleContext>(
    (await env.model('sale.sale').read(root, saleIds, ['currency', 'company', 'sale_date'])).map((s) => [
      s.id,
      {
        currency: s.currency as number | null,
        company: s.company as number | null,
        date: s.sale_date as PlainDate | null,
      },
    ]),
  );

  // First the unit and taxes, then the prices grouped by (sale, unit): one price computation per group.
  const lines = pending.map((values) => {
    const product = products.get(idOf(values.product)!);
    const out: Values = { ...values };
    if (!product) return { values, out };
    if (!('taxes' in values)) {
      const taxes = (product.customer_taxes as number[]) ?? [];
      out.taxes = taxes.length ? [['add', taxes]] : [];
    }
    if (!('unit' in values)) out.unit = product.sale_uom ?? product.default_uom;
    return { values, out };
  });
  const groups = new Map<string, { sale: SaleContext | undefined; unit: number | null; lines: Values[] }>();
  for (const { values, out } of lines) {
    if ('unit_price' in values || !products.has(idOf(values.product)!)) continue;
    const saleId = idOf(values.sale);
    const unit = idOf(out.unit);
    const key = `${saleId}:${unit}`;
    if (!groups.has(key)) groups.set(key, { sale: saleId ? sales.get(saleId) : undefined, unit, lines: [] });
    groups.get(key)!.lines.push(out);
  }
  for (const group of groups.values()) {
    const ids = [...new Set(group.lines.map((l) => idOf(l.product)!))];
    const prices = await Product.getSalePrices(env, ids, {
      uom: group.unit,
      currency: group.sale?.currency ?? null,
      company: group.sale?.company ?? null,
      date: group.sale?.date ?? null,
    });
    for (const line of group.lines) {
      const price = prices.get(idOf(line.product)!);
      line.unit_price = price instanceof Decimal ? roundPrice(price) : null;
    }
  }
  const completed = new Map(lines.map(({ values, out }) => [values, out]));
  return vlist.map((v) => completed.get(v) ?? v);
}
