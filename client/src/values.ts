import { Decimal } from './decimal';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function checkInt(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`Invalid ${name}: ${value}`);
  }
}

function checkDay(year: number, month: number, day: number): void {
  checkInt('year', year, 1, 9999);
  checkInt('month', month, 1, 12);
  checkInt('day', day, 1, new Date(Date.UTC(year, month, 0)).getUTCDate());
}

function checkClock(hour: number, minute: number, second: number, microsecond: number): void {
  checkInt('hour', hour, 0, 23);
  checkInt('minute', minute, 0, 59);
  checkInt('second', second, 0, 59);
  checkInt('microsecond', microsecond, 0, 999_999);
}

/** A calendar date without time zone (Tryton's `date`). */
export class PlainDate {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
  ) {
    checkDay(year, month, day);
  }

  /** `2026-12-01` */
  static parse(text: string): PlainDate {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) throw new RangeError(`Invalid date: "${text}"`);
    return new PlainDate(Number(m[1]), Number(m[2]), Number(m[3]));
  }

  /** The UTC calendar date of a JS Date. */
  static fromDate(date: Date): PlainDate {
    return new PlainDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
  }

  /** Midnight UTC of that day. */
  toDate(): Date {
    return new Date(Date.UTC(this.year, this.month - 1, this.day));
  }

  equals(other: unknown): boolean {
    return other instanceof PlainDate && other.toString() === this.toString();
  }

  toString(): string {
    return `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}`;
  }

  toJSON(): { __class__: 'date'; year: number; month: number; day: number } {
    return { __class__: 'date', year: this.year, month: this.month, day: this.day };
  }
}

/** A date and time without time zone, to the microsecond (Tryton's `datetime`, UTC by convention). */
export class PlainDateTime {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    readonly hour = 0,
    readonly minute = 0,
    readonly second = 0,
    readonly microsecond = 0,
  ) {
    checkDay(year, month, day);
    checkClock(hour, minute, second, microsecond);
  }

  /** `2026-12-01T13:05:00`, `2026-12-01 13:05:00.123456` */
  static parse(text: string): PlainDateTime {
    const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/.exec(text);
    if (!m) throw new RangeError(`Invalid datetime: "${text}"`);
    const [, y, mo, d, h, mi, s = '0', us = '0'] = m;
    return new PlainDateTime(+y, +mo, +d, +h, +mi, +s, Number(us.padEnd(6, '0')));
  }

  /** The UTC wall time of a JS Date (millisecond precision). */
  static fromDate(date: Date): PlainDateTime {
    return new PlainDateTime(
      date.getUTCFullYear(),
      date.getUTCMonth() + 1,
      date.getUTCDate(),
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds() * 1000,
    );
  }

  /** As a JS Date, reading the value as UTC (microseconds truncated to milliseconds). */
  toDate(): Date {
    return new Date(
      Date.UTC(
        this.year,
        this.month - 1,
        this.day,
        this.hour,
        this.minute,
        this.second,
        Math.floor(this.microsecond / 1000),
      ),
    );
  }

  equals(other: unknown): boolean {
    return other instanceof PlainDateTime && other.toString() === this.toString();
  }

  toString(): string {
    const us = this.microsecond ? `.${pad(this.microsecond, 6)}` : '';
    return `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}T${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}${us}`;
  }

  toJSON() {
    return {
      __class__: 'datetime' as const,
      year: this.year,
      month: this.month,
      day: this.day,
      hour: this.hour,
      minute: this.minute,
      second: this.second,
      microsecond: this.microsecond,
    };
  }
}

/** A time of day (Tryton's `time`). */
export class PlainTime {
  constructor(
    readonly hour = 0,
    readonly minute = 0,
    readonly second = 0,
    readonly microsecond = 0,
  ) {
    checkClock(hour, minute, second, microsecond);
  }

  /** `13:05`, `13:05:00.5` */
  static parse(text: string): PlainTime {
    const m = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/.exec(text);
    if (!m) throw new RangeError(`Invalid time: "${text}"`);
    const [, h, mi, s = '0', us = '0'] = m;
    return new PlainTime(+h, +mi, +s, Number(us.padEnd(6, '0')));
  }

  equals(other: unknown): boolean {
    return other instanceof PlainTime && other.toString() === this.toString();
  }

  toString(): string {
    const us = this.microsecond ? `.${pad(this.microsecond, 6)}` : '';
    return `${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}${us}`;
  }

  toJSON() {
    return {
      __class__: 'time' as const,
      hour: this.hour,
      minute: this.minute,
      second: this.second,
      microsecond: this.microsecond,
    };
  }
}

/** A duration in seconds (Tryton's `timedelta`; fractional seconds allowed). */
export class TimeDelta {
  constructor(readonly seconds: number) {
    if (!Number.isFinite(seconds)) throw new RangeError(`Invalid timedelta: ${seconds}`);
  }

  static of(parts: { days?: number; hours?: number; minutes?: number; seconds?: number }): TimeDelta {
    const { days = 0, hours = 0, minutes = 0, seconds = 0 } = parts;
    return new TimeDelta(((days * 24 + hours) * 60 + minutes) * 60 + seconds);
  }

  get milliseconds(): number {
    return this.seconds * 1000;
  }

  equals(other: unknown): boolean {
    return other instanceof TimeDelta && other.seconds === this.seconds;
  }

  toString(): string {
    return `${this.seconds}s`;
  }

  toJSON(): { __class__: 'timedelta'; seconds: number } {
    return { __class__: 'timedelta', seconds: this.seconds };
  }
}

/** Any value the client reads or writes: JSON plus Tryton's tagged classes. */
export type TrytonValue =
  | null
  | boolean
  | number
  | string
  | Decimal
  | PlainDate
  | PlainDateTime
  | PlainTime
  | TimeDelta
  | Uint8Array
  | TrytonValue[]
  | { [key: string]: TrytonValue };

/**
 * A value in tagged JSON form, ready for JSON.stringify. JS Dates go as datetimes (their UTC wall
 * time), Uint8Arrays (Buffers) as bytes; objects with a toJSON (Records, the value classes) use it.
 */
export function toTagged(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') {
    if (typeof value === 'bigint') return new Decimal(value).toJSON();
    return value;
  }
  if (value instanceof Uint8Array) {
    return {
      __class__: 'bytes',
      base64: Buffer.from(value.buffer, value.byteOffset, value.length).toString('base64'),
    };
  }
  if (value instanceof Date) return PlainDateTime.fromDate(value).toJSON();
  if (Array.isArray(value)) return value.map(toTagged);
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return toTagged(json.call(value));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toTagged(v);
  return out;
}

/** JSON text of a value with Tryton's tagged values. */
export function stringifyTagged(value: unknown): string {
  return JSON.stringify(toTagged(value));
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/**
 * The value of one tagged object (`{"__class__": ...}`), or the object itself when it is not one.
 * Malformed tags throw a RangeError: the server never sends them, so one means a broken answer.
 */
export function fromTagged(value: Record<string, unknown>): unknown {
  switch (value.__class__) {
    case 'Decimal':
      return new Decimal(String(value.decimal));
    case 'date':
      return new PlainDate(num(value.year), num(value.month), num(value.day));
    case 'datetime':
      return new PlainDateTime(
        num(value.year),
        num(value.month),
        num(value.day),
        num(value.hour),
        num(value.minute),
        num(value.second),
        num(value.microsecond),
      );
    case 'time':
      return new PlainTime(num(value.hour), num(value.minute), num(value.second), num(value.microsecond));
    case 'timedelta':
      return new TimeDelta(num(value.seconds));
    case 'bytes':
      return Buffer.from(String(value.base64), 'base64');
    default:
      return value;
  }
}

/** JSON.parse reviver for tagged values. */
export function taggedReviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value) && '__class__' in value) {
    return fromTagged(value as Record<string, unknown>);
  }
  return value;
}

/** Parses JSON text, turning tagged objects into values. */
export function parseTagged(text: string): unknown {
  return text.includes('"__class__"') ? JSON.parse(text, taggedReviver) : JSON.parse(text);
}
