import Decimal from 'decimal.js';

export { Decimal };

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
