import { Field, FieldOptions, typeError } from './field';
import { PlainDateTime } from './values';

export interface DateTimeOptions extends FieldOptions {
  /** Tryton's fields.Timestamp (create_date, write_date, ...): the same values, `timestamp` in ir.model.field. */
  timestamp?: boolean;
}

export class DateTimeField extends Field<DateTimeOptions> {
  readonly type = 'datetime' as const;
  override get ttype(): string {
    return this.options.timestamp ? 'timestamp' : 'datetime';
  }
  sqlType(): string {
    return 'TIMESTAMP(6)';
  }
  coerce(value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (value instanceof PlainDateTime) {
      if (value.isValid()) return value;
    } else if (typeof value === 'string') {
      const parsed = PlainDateTime.parse(value);
      if (parsed) return parsed;
    }
    throw typeError(this, value, 'a datetime');
  }
  override fromDb(raw: unknown): unknown {
    return raw === null ? null : PlainDateTime.parse(raw as string);
  }
  override toDb(value: unknown): unknown {
    return value === null ? null : String(value);
  }
}

export const datetime = (options: DateTimeOptions = {}) => new DateTimeField(options);
