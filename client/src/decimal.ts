/**
 * An exact decimal number kept as a digit string and a scale (`12.30` is 1230 × 10⁻²), never as a
 * binary float. Addition, subtraction, multiplication, comparison and rounding are exact (BigInt);
 * division is left out on purpose: it needs a rounding policy, which is the caller's business
 * (`Decimal.from(x).toString()` feeds any decimal library).
 */
export class Decimal {
  /** Unscaled integer value: the number is `units / 10^scale`. */
  readonly units: bigint;
  /** Digits after the point, as written (`12.30` keeps 2, like Python's Decimal). */
  readonly scale: number;

  constructor(value: string | number | bigint | Decimal) {
    if (value instanceof Decimal) {
      this.units = value.units;
      this.scale = value.scale;
      return;
    }
    if (typeof value === 'bigint') {
      this.units = value;
      this.scale = 0;
      return;
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
      // The shortest string that round-trips (0.1 → "0.1"), not the binary expansion.
      value = String(value);
    }
    const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(value);
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`Invalid decimal: "${value}"`);
    const [, sign, int, frac = '', exp = '0'] = m;
    let digits = (int || '0') + frac;
    let scale = frac.length - Number(exp);
    if (scale < 0) {
      digits += '0'.repeat(-scale);
      scale = 0;
    }
    const units = BigInt(digits);
    this.units = sign === '-' ? -units : units;
    this.scale = scale;
  }

  static from(value: string | number | bigint | Decimal): Decimal {
    return value instanceof Decimal ? value : new Decimal(value);
  }

  private static of(units: bigint, scale: number): Decimal {
    const d = Object.create(Decimal.prototype) as { units: bigint; scale: number };
    d.units = units;
    d.scale = scale;
    return d as unknown as Decimal;
  }

  private static align(a: Decimal, b: Decimal): [bigint, bigint, number] {
    const scale = Math.max(a.scale, b.scale);
    return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
  }

  plus(other: string | number | Decimal): Decimal {
    const [a, b, scale] = Decimal.align(this, Decimal.from(other));
    return Decimal.of(a + b, scale);
  }

  minus(other: string | number | Decimal): Decimal {
    const [a, b, scale] = Decimal.align(this, Decimal.from(other));
    return Decimal.of(a - b, scale);
  }

  times(other: string | number | Decimal): Decimal {
    const o = Decimal.from(other);
    return Decimal.of(this.units * o.units, this.scale + o.scale);
  }

  negated(): Decimal {
    return Decimal.of(-this.units, this.scale);
  }

  /** -1, 0 or 1: numeric comparison (`1.0` equals `1`). */
  cmp(other: string | number | Decimal): -1 | 0 | 1 {
    const [a, b] = Decimal.align(this, Decimal.from(other));
    return a < b ? -1 : a > b ? 1 : 0;
  }

  equals(other: string | number | Decimal): boolean {
    return this.cmp(other) === 0;
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  isNegative(): boolean {
    return this.units < 0n;
  }

  /** Rounded to `places` digits after the point, half away from zero (or half to even). */
  round(places: number, mode: 'half-up' | 'half-even' = 'half-up'): Decimal {
    if (!Number.isInteger(places) || places < 0) throw new RangeError(`Invalid places: ${places}`);
    if (places >= this.scale) return Decimal.of(this.units * 10n ** BigInt(places - this.scale), places);
    const div = 10n ** BigInt(this.scale - places);
    const negative = this.units < 0n;
    const abs = negative ? -this.units : this.units;
    let q = abs / div;
    const r = abs % div;
    const twice = r * 2n;
    if (twice > div || (twice === div && (mode === 'half-up' || q % 2n === 1n))) q += 1n;
    return Decimal.of(negative ? -q : q, places);
  }

  /** The plain notation, keeping the scale: `12.30`, `-0.5`, `100`. */
  toString(): string {
    const negative = this.units < 0n;
    let digits = (negative ? -this.units : this.units).toString();
    if (this.scale > 0) {
      digits = digits.padStart(this.scale + 1, '0');
      digits = `${digits.slice(0, -this.scale)}.${digits.slice(-this.scale)}`;
    }
    return negative ? `-${digits}` : digits;
  }

  /** A binary float approximation, for display or charts only. */
  toNumber(): number {
    return Number(this.toString());
  }

  /** Fixed notation with exactly `places` digits (rounded half-up), for display. */
  toFixed(places: number): string {
    return this.round(places).toString();
  }

  /** Tryton's tagged form. */
  toJSON(): { __class__: 'Decimal'; decimal: string } {
    return { __class__: 'Decimal', decimal: this.toString() };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Decimal(${this.toString()})`;
  }
}
