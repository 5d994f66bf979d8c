import { Field, FieldOptions, typeError } from './field';

export class BinaryField extends Field {
  readonly type = 'binary' as const;
  sqlType(): string {
    return 'BYTEA';
  }
  coerce(value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (Buffer.isBuffer(value)) return value;
    throw typeError(this, value, 'bytes');
  }
}

export const binary = (options: FieldOptions = {}) => new BinaryField(options);
