import { Field, FieldOptions, typeError } from './field';
import { TimeDelta } from './values';

export class TimeDeltaField extends Field {
  readonly type = 'timedelta' as const;
  sqlType(): string {
    return 'INTERVAL';
  }
  coerce(value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (value instanceof TimeDelta) return value;
    if (typeof value === 'number' && Number.isFinite(value)) return new TimeDelta(value);
    throw typeError(this, value, 'a timedelta');
  }
  override fromDb(raw: unknown): unknown {
    if (raw === null) return null;
    // pg parses INTERVAL into an object of parts (postgres-interval); Tryton's intervals are plain durations.
    const p = raw as Record<string, number | undefined>;
    const seconds =
      ((p.years ?? 0) * 365 + (p.months ?? 0) * 30 + (p.days ?? 0)) * 86400 +
      (p.hours ?? 0) * 3600 +
      (p.minutes ?? 0) * 60 +
      (p.seconds ?? 0) +
      (p.milliseconds ?? 0) / 1000;
    return new TimeDelta(seconds);
  }
  override toDb(value: unknown): unknown {
    return value === null ? null : `${(value as TimeDelta).seconds} seconds`;
  }
}

export const timedelta = (options: FieldOptions = {}) => new TimeDeltaField(options);
