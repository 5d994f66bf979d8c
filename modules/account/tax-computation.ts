import { Decimal, PlainDate } from 'nest-tryton';

export interface TaxDefinition {
  id: number;
  type: 'percentage' | 'fixed' | 'none';
  rate: Decimal | null;
  amount: Decimal | null;
  sequence?: number | null;
  /** ISO dates bounding when the tax applies (either may be absent: no bound). */
  startDate?: string | null;
  endDate?: string | null;
  /** The child taxes, computed with (or, for a tax of type none, instead of) this one. */
  children?: TaxDefinition[];
}

export interface TaxLine {
  tax: number;
  base: Decimal;
  amount: Decimal;
}

/** Tryton's sort_taxes: taxes without a sequence first, then by sequence, then by id. */
export function sortTaxes(taxes: TaxDefinition[]): TaxDefinition[] {
  const key = (t: TaxDefinition): [number, number, number] => [
    t.sequence === null || t.sequence === undefined ? 0 : 1,
    t.sequence ?? 0,
    t.id,
  ];
  return [...taxes].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
}

const applies = (tax: TaxDefinition, date: string) =>
  (!tax.startDate || tax.startDate <= date) && (!tax.endDate || date <= tax.endDate);

/** Tryton's _unit_compute: the taxes valid at the date, each followed by its children's. */
function unitCompute(taxes: TaxDefinition[], unitPrice: Decimal, date: string): TaxLine[] {
  const lines: TaxLine[] = [];
  for (const tax of taxes) {
    if (!applies(tax, date)) continue;
    if (tax.type !== 'none') {
      const amount =
        tax.type === 'percentage' ? unitPrice.times(tax.rate ?? 0) : (tax.amount ?? new Decimal(0));
      lines.push({ tax: tax.id, base: unitPrice, amount });
    }
    if (tax.children?.length) lines.push(...unitCompute(tax.children, unitPrice, date));
  }
  return lines;
}

/**
 * Tryton's Tax.compute, unrounded: the taxes valid at `date` (ISO; default today), in their order, each
 * followed by its children; a percentage tax is unit price × rate, a fixed tax its amount, a tax of type
 * none nothing (its children still count); all times the quantity. Rounding is the document's business
 * (once per document per tax).
 */
export function computeTaxes(
  taxes: TaxDefinition[],
  unitPrice: Decimal,
  quantity: Decimal,
  date: string = PlainDate.today().toString(),
): TaxLine[] {
  return unitCompute(sortTaxes(taxes), unitPrice, date).map((line) => ({
    tax: line.tax,
    base: line.base.times(quantity),
    amount: line.amount.times(quantity),
  }));
}
