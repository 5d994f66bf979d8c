import { Field, FieldOptions, typeError } from './field';

export class IntegerField extends Field {
  readonly type = 'integer' as const;
  sqlType(): string {
    return 'INTEGER';
  }
  coerce(value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 2147483647) return value;
    throw typeError(this, value, 'an integer');
  }
}

export const integer = (options: FieldOptions = {}) => new IntegerField(options);
