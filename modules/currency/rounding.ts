import { Decimal, decimalScale, withScale } from 'nest-tryton';

/**
 * Rounds to a multiple of `rounding`, half to even (banker's rounding), as Tryton's Currency.round:
 * divide, quantize to an integer, multiply back (works for roundings that are not powers of ten).
 */
export function roundHalfEven(amount: Decimal, rounding: Decimal | null): Decimal {
  if (!rounding || rounding.isZero()) return amount;
  // The result has the rounding's scale, as Python's quantize gives it (0.01: "20.00").
  const rounded = amount.div(rounding).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).times(rounding);
  return withScale(rounded, decimalScale(rounding));
}
