import { Field, FieldOptions, typeError } from './field';

export class BooleanField extends Field {
  readonly type = 'boolean' as const;
  sqlType(): string {
    return 'BOOLEAN';
  }
  coerce(value: unknown): unknown {
    if (value === null || value === undefined) return false;
    if (typeof value === 'boolean') return value;
    throw typeError(this, value, 'a boolean');
  }
  override fromDb(raw: unknown): unknown {
    return !!raw;
  }
}

export const boolean = (options: FieldOptions = {}) => new BooleanField(options);
