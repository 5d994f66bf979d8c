import { Field, FieldOptions, typeError } from './field';
import { Decimal, decimalFromText, decimalText } from './values';

export interface NumericOptions extends FieldOptions {
  /** [total digits, decimals], as Tryton's digits. */
  digits?: [number, number];
}

/** A decimal number; never a binary float anywhere on its path. */
export class NumericField extends Field<NumericOptions> {
  readonly type = 'numeric' as const;
  sqlType(): string {
    return 'NUMERIC';
  }
  coerce(value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (value instanceof Decimal) return value;
    // A JSON number is accepted through its shortest decimal text (what the client wrote).
    if (typeof value === 'number' && Number.isFinite(value)) return decimalFromText(String(value));
    if (typeof value === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value.trim())) {
      return decimalFromText(value.trim());
    }
    throw typeError(this, value, 'a decimal number');
  }
  override fromDb(raw: unknown): unknown {
    return raw === null ? null : decimalFromText(raw as string);
  }
  override toDb(value: unknown): unknown {
    return value === null ? null : decimalText(value as Decimal);
  }
  private bounds?: { digits: [number, number]; bound: Decimal };
  /** 10 ** (total digits - decimals): the smallest value with too many digits. */
  private bound(digits: [number, number]): Decimal {
    if (this.bounds?.digits !== digits)
      this.bounds = { digits, bound: new Decimal(10).pow(digits[0] - digits[1]) };
    return this.bounds.bound;
  }
  override validate(value: unknown): string | null {
    const digits = this.options.digits;
    if (!digits || !(value instanceof Decimal)) return null;
    if (value.decimalPlaces() > digits[1]) {
      return `The value "${value.toString()}" of "${this.string}" on "${this.modelName}" has more than ${digits[1]} decimals.`;
    }
    if (value.abs().gte(this.bound(digits))) {
      return `The value "${value.toString()}" of "${this.string}" on "${this.modelName}" has too many digits.`;
    }
    return null;
  }
}

export const numeric = (options: NumericOptions = {}) => new NumericField(options);
