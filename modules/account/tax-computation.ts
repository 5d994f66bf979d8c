import { Decimal } from 'nest-tryton';

export interface TaxDefinition {
  id: number;
  type: 'percentage' | 'fixed';
  rate: Decimal | null;
  amount: Decimal | null;
}

export interface TaxLine {
  tax: number;
  base: Decimal;
  amount: Decimal;
}

/**
 * Tryton's Tax.compute, unrounded: a percentage tax is unit price × rate, a fixed tax its amount; both
 * times the quantity. Rounding is the document's business (once per document per tax).
 */
export function computeTaxes(taxes: TaxDefinition[], unitPrice: Decimal, quantity: Decimal): TaxLine[] {
  return taxes.map((tax) => {
    const unit = tax.type === 'percentage' ? unitPrice.times(tax.rate ?? 0) : (tax.amount ?? new Decimal(0));
    return { tax: tax.id, base: unitPrice.times(quantity), amount: unit.times(quantity) };
  });
}
