import { Field, FieldOptions, typeError } from './field';
import { Decimal } from './values';

export class FloatField extends Field {
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
}

export const float = (options: FieldOptions = {}) => new FloatField(options);
