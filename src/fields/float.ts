import { Field, FieldOptions, typeError } from './field';
import { Decimal } from './values';

export interface FloatOptions extends FieldOptions {
  /**
   * Tryton's digits: [total digits, decimals] (either may be null: no limit), or the name of a many2one
   * whose target carries a `digits` field (Tryton's `digits='unit'`), checked by the model.
   */
  digits?: [number | null, number | null] | string;
}

/** A binary floating-point number (Tryton's fields.Float): a JSON number on the wire, never a tagged Decimal. */
export class FloatField extends Field<FloatOptions> {
  readonly type = 'float' as const;
  sqlType(): string {
    return 'DOUBLE PRECISION';
  }
  coerce(value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (value instanceof Decimal) return value.toNumber();
    throw typeError(this, value, 'a number');
  }
  override fromDb(raw: unknown): unknown {
    return raw === null ? null : Number(raw);
  }
  /** Tryton refuses a float that rounding to its decimals would change (only when both digits are set). */
  override validate(value: unknown): string | null {
    const digits = this.options.digits;
    if (!Array.isArray(digits) || digits.some((d) => d === null) || typeof value !== 'number') return null;
    const decimals = digits[1]!;
    if (new Decimal(value).decimalPlaces() > decimals) {
      return `The value "${value}" of "${this.string}" on "${this.modelName}" has more than ${decimals} decimals.`;
    }
    return null;
  }
}

export const float = (options: FloatOptions = {}) => new FloatField(options);
