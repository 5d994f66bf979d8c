import { addDecimals, Decimal } from 'nest-tryton';
import type { TaxLine } from '../account/tax-computation';

/** The money arithmetic of a sale, free of storage: what the getters, the cache and the demo share. */
export interface AmountLine {
  type: string;
  quantity: Decimal | null;
  unitPrice: Decimal | null;
  /** The unrounded tax lines of this line (Tax.compute on unit price and quantity). */
  taxLines: TaxLine[];
}

export interface SaleAmounts {
  untaxed: Decimal;
  tax: Decimal;
  total: Decimal;
}

type Round = (amount: Decimal) => Decimal;

const ZERO = new Decimal(0);

/** A line's amount: quantity × unit price, rounded once to the currency (0 for non-`line` types). */
export function lineAmount(line: Pick<AmountLine, 'type' | 'quantity' | 'unitPrice'>, round: Round): Decimal {
  if (line.type !== 'line') return ZERO;
  return round((line.quantity ?? ZERO).times(line.unitPrice ?? ZERO));
}

/**
 * Amounts of a sale (Tryton's get_amount with tax rounding "document"): untaxed is the sum of the rounded
 * line amounts; each tax is summed unrounded over the lines and rounded once for the document.
 */
export function saleAmounts(lines: AmountLine[], round: Round): SaleAmounts {
  let untaxed = ZERO;
  const perTax = new Map<number, Decimal>();
  for (const line of lines) {
    if (line.type !== 'line') continue;
    untaxed = addDecimals(untaxed, lineAmount(line, round));
    for (const taxLine of line.taxLines) {
      perTax.set(taxLine.tax, addDecimals(perTax.get(taxLine.tax) ?? ZERO, taxLine.amount));
    }
  }
  let tax = ZERO;
  for (const amount of perTax.values()) tax = addDecimals(tax, round(amount));
  return { untaxed, tax, total: addDecimals(untaxed, tax) };
}

/**
 * Amounts of `subtotal` lines: the sum of the `line` amounts since the previous subtotal, in the
 * order of the sale's lines.
 */
export function subtotals(
  lines: { id: number; type: string; quantity: Decimal | null; unitPrice: Decimal | null }[],
  round: Round,
): Map<number, Decimal> {
  const result = new Map<number, Decimal>();
  let running = ZERO;
  for (const line of lines) {
    if (line.type === 'line') running = addDecimals(running, lineAmount(line, round));
    else if (line.type === 'subtotal') {
      result.set(line.id, running);
      running = ZERO;
    }
  }
  return result;
}
