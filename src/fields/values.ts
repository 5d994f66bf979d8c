import Decimal from 'decimal.js';

export { Decimal };

/*
 * Scale, as Python's Decimal keeps it: "10.00" stays "10.00" (decimal.js would say "10"). Tryton
 * stores a numeric as given and answers it with the same digits, and its amounts carry the currency's
 * digits ("24.20"). The scale rides on the value (a property decimal.js never reads) from where it is
 * known: the client's text, the database's, a rounding; arithmetic that should keep it uses
 * addDecimals. Without a scale a Decimal is written as decimal.js writes it.
 */
type Scaled = Decimal & { _scale?: number };

/** The value with `scale` digits after the point when written (a scale below its own is ignored). */
export function withScale(value: Decimal, scale: number): Decimal {
  (value as Scaled)._scale = scale;
  return value;
}

/** Digits after the point the value is written with. */
export function decimalScale(value: Decimal): number {
  const scale = (value as Scaled)._scale;
  return scale === undefined ? value.decimalPlaces() : Math.max(scale, value.decimalPlaces());
}

/** A Decimal from decimal text, keeping its scale ("12.300" answers "12.300"). */
export function decimalFromText(text: string): Decimal {
  const value = new Decimal(text);
  // No regular expression on this path (every numeric read from the database comes through here):
  // the digits after the point are the scale, unless the text has an exponent.
  const point = text.indexOf('.');
  if (point >= 0 && !text.includes('e') && !text.includes('E'))
    (value as Scaled)._scale = text.length - point - 1;
  return value;
}

/** The text of a Decimal as Python's str() gives it: its scale kept, no exponent for plain values. */
export function decimalText(value: Decimal): string {
  const scale = (value as Scaled)._scale;
  if (scale === undefined || scale <= value.decimalPlaces() || !value.isFinite()) return value.toString();
  return value.toFixed(scale);
}

/** a + b with Python's scale: the larger of the two. */
export function addDecimals(a: Decimal, b: Decimal): Decimal {
  return withScale(a.plus(b), Math.max(decimalScale(a), decimalScale(b)));
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A calendar date without time zone (Tryton's datetime.date). */
export class PlainDate {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
  ) {}
  static parse(text: string): PlainDate | null {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) return null;
    const date = new PlainDate(+m[1], +m[2], +m[3]);
    return date.isValid() ? date : null;
  }
  static today(): PlainDate {
    const now = new Date();
    return new PlainDate(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate());
  }
  isValid(): boolean {
    const d = new Date(Date.UTC(this.year, this.month - 1, this.day));
    return (
      d.getUTCFullYear() === this.year && d.getUTCMonth() === this.month - 1 && d.getUTCDate() === this.day
    );
  }
  toString(): string {
    return `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}`;
  }
  toJSON(): string {
    return this.toString();
  }
}

/** A naive (UTC) timestamp with microseconds (Tryton's datetime.datetime). */
export class PlainDateTime {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    readonly hour = 0,
    readonly minute = 0,
    readonly second = 0,
    readonly microsecond = 0,
  ) {}
  static parse(text: string): PlainDateTime | null {
    const m =
      /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(?:Z|\+00(?::?00)?)?$/.exec(
        text,
      );
    if (!m) return null;
    const value = new PlainDateTime(
      +m[1],
      +m[2],
      +m[3],
      +m[4],
      +m[5],
      +(m[6] ?? 0),
      +(m[7] ?? '0').padEnd(6, '0'),
    );
    return value.isValid() ? value : null;
  }
  static now(): PlainDateTime {
    return PlainDateTime.fromDate(new Date());
  }
  /** The UTC wall-clock time of a Date, to the microsecond. */
  static fromDate(d: Date): PlainDateTime {
    return new PlainDateTime(
      d.getUTCFullYear(),
      d.getUTCMonth() + 1,
      d.getUTCDate(),
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds() * 1000,
    );
  }
  isValid(): boolean {
    return (
      new PlainDate(this.year, this.month, this.day).isValid() &&
      this.hour < 24 &&
      this.minute < 60 &&
      this.second < 60 &&
      this.microsecond < 1e6
    );
  }
  toString(): string {
    const base = `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)} ${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}`;
    return this.microsecond ? `${base}.${pad(this.microsecond, 6)}` : base;
  }
  toJSON(): string {
    return this.toString();
  }
}

export class PlainTime {
  constructor(
    readonly hour: number,
    readonly minute = 0,
    readonly second = 0,
    readonly microsecond = 0,
  ) {}
  static parse(text: string): PlainTime | null {
    const m = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/.exec(text);
    if (!m) return null;
    const t = new PlainTime(+m[1], +m[2], +(m[3] ?? 0), +(m[4] ?? '0').padEnd(6, '0'));
    return t.isValid() ? t : null;
  }
  isValid(): boolean {
    return this.hour < 24 && this.minute < 60 && this.second < 60 && this.microsecond < 1e6;
  }
  toString(): string {
    const base = `${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}`;
    return this.microsecond ? `${base}.${pad(this.microsecond, 6)}` : base;
  }
  toJSON(): string {
    return this.toString();
  }
}

/** A duration in seconds (Tryton's datetime.timedelta). */
export class TimeDelta {
  constructor(readonly seconds: number) {}
  toJSON(): number {
    return this.seconds;
  }
}
