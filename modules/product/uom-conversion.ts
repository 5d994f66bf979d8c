import { Decimal } from 'nest-tryton';

/** What converting quantities and prices needs to know about a unit. */
export interface UomRatio {
  id: number;
  name: string;
  category: number;
  rate: Decimal;
  factor: Decimal;
  rounding: Decimal;
}

/** Tryton's _accurate_operator: the one of rate and factor written with fewer characters (rate on ties). */
function accurateField(uom: UomRatio): 'rate' | 'factor' {
  return uom.factor.toString().length < uom.rate.toString().length ? 'factor' : 'rate';
}

/** Rounds a quantity to the unit's rounding, half to even. */
export function roundQuantity(uom: UomRatio, quantity: Decimal): Decimal {
  if (uom.rounding.isZero()) return quantity;
  return quantity.div(uom.rounding).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).times(uom.rounding);
}

/** A quantity in `from` expressed in `to` (same category), optionally rounded to `to` (Uom.compute_qty). */
export function convertQuantity(from: UomRatio, quantity: Decimal, to: UomRatio, round = true): Decimal {
  if (quantity.isZero() || from.id === to.id) return quantity;
  const base = accurateField(from) === 'factor' ? quantity.times(from.factor) : quantity.div(from.rate);
  const amount = accurateField(to) === 'factor' ? base.div(to.factor) : base.times(to.rate);
  return round ? roundQuantity(to, amount) : amount;
}

/** A price per `from` expressed per `to` (same category) (Uom.compute_price). */
export function convertPrice(from: UomRatio, price: Decimal, to: UomRatio): Decimal {
  if (price.isZero() || from.id === to.id) return price;
  const base = accurateField(from) === 'factor' ? price.div(from.factor) : price.times(from.rate);
  return accurateField(to) === 'factor' ? base.times(to.factor) : base.div(to.rate);
}
