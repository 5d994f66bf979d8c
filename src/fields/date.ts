import { Field, FieldOptions, typeError } from './field';
import { PlainDate } from './values';

export class DateField extends Field {
  readonly type = 'date' as const;
  sqlType(): string {
    return 'DATE';
  }
  coerce(value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (value instanceof PlainDate) {
      if (value.isValid()) return value;
    } else if (typeof value === 'string') {
      const parsed = PlainDate.parse(value);
      if (parsed) return parsed;
    }
    throw typeError(this, value, 'a date');
  }
  override fromDb(raw: unknown): unknown {
    return raw === null ? null : PlainDate.parse(raw as string);
  }
  override toDb(value: unknown): unknown {
    return value === null ? null : String(value);
  }
}

export const date = (options: FieldOptions = {}) => new DateField(options);
