import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  Decimal,
  PlainDate,
  PlainDateTime,
  PlainTime,
  TimeDelta,
  parseTagged,
  stringifyTagged,
} from '../src';

describe(Decimal.name, () => {
  it('keeps the digits and the scale as written', () => {
    assert.equal(new Decimal('12.30').toString(), '12.30');
    assert.equal(new Decimal('-0.05').toString(), '-0.05');
    assert.equal(new Decimal('1e3').toString(), '1000');
    assert.equal(new Decimal('1.5E-3').toString(), '0.0015');
    assert.equal(new Decimal(0.1).toString(), '0.1');
    assert.equal(new Decimal(7n).toString(), '7');
    assert.throws(() => new Decimal('1,5'), RangeError);
    assert.throws(() => new Decimal(NaN), RangeError);
    assert.throws(() => new Decimal('.'), RangeError);
  });

  it('adds, subtracts and multiplies exactly', () => {
    assert.equal(new Decimal('0.1').plus('0.2').toString(), '0.3');
    assert.equal(new Decimal('10').minus('0.01').toString(), '9.99');
    assert.equal(new Decimal('19.99').times(3).toString(), '59.97');
    assert.equal(new Decimal('1.10').times('1.1').toString(), '1.210');
    assert.equal(new Decimal('2').negated().toString(), '-2');
  });

  it('compares numerically and rounds half-up or half-even', () => {
    assert.ok(new Decimal('1.0').equals('1'));
    assert.equal(new Decimal('2.5').cmp('10'), -1);
    assert.equal(new Decimal('-1').cmp('-2'), 1);
    assert.equal(new Decimal('2.345').round(2).toString(), '2.35');
    assert.equal(new Decimal('2.345').round(2, 'half-even').toString(), '2.34');
    assert.equal(new Decimal('2.355').round(2, 'half-even').toString(), '2.36');
    assert.equal(new Decimal('-2.345').round(2).toString(), '-2.35');
    assert.equal(new Decimal('1.5').toFixed(3), '1.500');
    assert.ok(new Decimal('0.00').isZero());
    assert.ok(new Decimal('-0.01').isNegative());
  });

  it('travels as a tagged Decimal, never as a float', () => {
    const text = stringifyTagged({ price: new Decimal('0.30') });
    assert.equal(text, '{"price":{"__class__":"Decimal","decimal":"0.30"}}');
    const back = parseTagged(text) as { price: Decimal };
    assert.ok(back.price instanceof Decimal);
    assert.equal(back.price.toString(), '0.30');
    // Far beyond a double's 15-17 digits.
    const big = '12345678901234567890.123456789';
    assert.equal((parseTagged(stringifyTagged(new Decimal(big))) as Decimal).toString(), big);
  });
});

describe('tagged values', () => {
  it('date, datetime, time, timedelta and bytes round-trip', () => {
    const values = {
      date: new PlainDate(2024, 2, 29),
      datetime: new PlainDateTime(2026, 12, 1, 13, 5, 7, 123456),
      time: new PlainTime(23, 59, 58, 5),
      timedelta: TimeDelta.of({ days: 1, hours: 2, seconds: 0.5 }),
      bytes: Buffer.from([0, 1, 2, 250, 255]),
      nested: [{ when: new PlainDate(1999, 12, 31) }],
    };
    const text = stringifyTagged(values);
    const json = JSON.parse(text);
    assert.deepEqual(json.date, { __class__: 'date', year: 2024, month: 2, day: 29 });
    assert.deepEqual(json.timedelta, { __class__: 'timedelta', seconds: 93600.5 });
    assert.deepEqual(json.bytes, { __class__: 'bytes', base64: 'AAEC+v8=' });
    const back = parseTagged(text) as typeof values;
    assert.ok(back.date.equals(values.date));
    assert.ok(back.datetime.equals(values.datetime));
    assert.equal(back.datetime.toString(), '2026-12-01T13:05:07.123456');
    assert.ok(back.time.equals(values.time));
    assert.ok(back.timedelta.equals(values.timedelta));
    assert.deepEqual([...back.bytes], [0, 1, 2, 250, 255]);
    assert.ok(back.nested[0].when.equals(new PlainDate(1999, 12, 31)));
  });

  it('JS Dates go as UTC datetimes; values convert to and from Dates and text', () => {
    const date = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
    assert.deepEqual(JSON.parse(stringifyTagged(date)), {
      __class__: 'datetime',
      year: 2026,
      month: 1,
      day: 2,
      hour: 3,
      minute: 4,
      second: 5,
      microsecond: 678000,
    });
    assert.equal(PlainDateTime.fromDate(date).toDate().getTime(), date.getTime());
    assert.equal(PlainDate.parse('2026-03-01').toDate().toISOString(), '2026-03-01T00:00:00.000Z');
    assert.equal(PlainDateTime.parse('2026-03-01 10:00:00.5').microsecond, 500000);
    assert.equal(PlainTime.parse('08:30').toString(), '08:30:00');
  });

  it('refuses impossible values', () => {
    assert.throws(() => new PlainDate(2023, 2, 29), RangeError);
    assert.throws(() => new PlainTime(24, 0), RangeError);
    assert.throws(() => PlainDate.parse('01/02/2026'), RangeError);
    assert.throws(() => new TimeDelta(Infinity), RangeError);
  });
});
