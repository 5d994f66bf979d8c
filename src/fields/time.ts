import { Field, FieldOptions, typeError } from './field';
import { PlainTime } from './values';

export class TimeField extends Field {
  readonly type = 'time' as const;
  sqlType(): string {
    return 'TIME';
  }
  coerce(value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (value instanceof PlainTime) {
      if (value.isValid()) return value;
    } else if (typeof value === 'string') {
      const parsed = PlainTime.parse(value);
      if (parsed) return parsed;
    }
    throw typeError(this, value, 'a time');
  }
  override fromDb(raw: unknown): unknown {
    return raw === null ? null : PlainTime.parse(raw as string);
  }
  override toDb(value: unknown): unknown {
    return value === null ? null : String(value);
  }
}

export const time = (options: FieldOptions = {}) => new TimeField(options);
