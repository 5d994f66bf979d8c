import {
  Decimal,
  decimalFromText,
  decimalText,
  PlainDate,
  PlainDateTime,
  PlainTime,
  TimeDelta,
} from '../fields/values';
import { BadRequestError } from '../pool/errors';
import { MAX_JSON_DEPTH, tooDeep } from './json-depth';

/**
 * Tryton's tagged JSON: Decimal, date, datetime, time, timedelta and bytes travel as objects with a
 * `__class__` key, both ways. Numbers with decimals are never sent as binary floats.
 */
export function toTagged(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return value;
  if (value instanceof Decimal) return { __class__: 'Decimal', decimal: decimalText(value) };
  if (value instanceof PlainDate)
    return { __class__: 'date', year: value.year, month: value.month, day: value.day };
  if (value instanceof PlainDateTime) {
    return {
      __class__: 'datetime',
      year: value.year,
      month: value.month,
      day: value.day,
      hour: value.hour,
      minute: value.minute,
      second: value.second,
      microsecond: value.microsecond,
    };
  }
  if (value instanceof PlainTime) {
    return {
      __class__: 'time',
      hour: value.hour,
      minute: value.minute,
      second: value.second,
      microsecond: value.microsecond,
    };
  }
  if (value instanceof TimeDelta) return { __class__: 'timedelta', seconds: value.seconds };
  if (Buffer.isBuffer(value)) return { __class__: 'bytes', base64: value.toString('base64') };
  if (Array.isArray(value)) return value.map(toTagged);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = toTagged(v);
  return out;
}

/**
 * The tagged form of a value without copying what is JSON already: the same JSON text as toTagged's
 * copy, but a plain object or array none of whose values needs a tag (a page of names, codes and
 * ids) is the value itself, and only the objects on the way to a tagged value are copied. Objects
 * that are not plain (class instances, boxed values, a JS Date) are copied as toTagged copies them:
 * JSON.stringify then never meets a prototype's toJSON that toTagged's copy would not have had.
 */
export function taggedView(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item = value[i] as unknown;
      const tagged = taggedView(item);
      if (copy) copy.push(tagged);
      else if (tagged !== item) (copy = value.slice(0, i)).push(tagged);
    }
    return copy ?? value;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return toTagged(value);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let copy: Record<string, unknown> | null = null;
  for (let i = 0; i < keys.length; i++) {
    const item = record[keys[i]];
    const tagged = taggedView(item);
    if (copy) copy[keys[i]] = tagged;
    else if (tagged !== item) {
      copy = {};
      for (let j = 0; j < i; j++) copy[keys[j]] = record[keys[j]];
      copy[keys[i]] = tagged;
    }
  }
  return copy ?? value;
}

/**
 * JSON text of a value in tagged form: the bytes of `JSON.stringify(toTagged(value))`, from the
 * copy-on-write view (V8's JSON.stringify then does the writing, which no JavaScript writer matches).
 */
export function stringifyTagged(value: unknown): string {
  return JSON.stringify(taggedView(value));
}

const int = (v: unknown, name: string): number => {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new BadRequestError(`Invalid tagged value: "${name}" must be an integer`);
  return v;
};

/** JSON.parse reviver turning tagged objects into values; malformed tags are 400s. */
export function taggedReviver(_key: string, value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const tagged = value as Record<string, unknown>;
  const cls = tagged.__class__;
  if (typeof cls !== 'string') return value;
  switch (cls) {
    case 'Decimal': {
      const text = tagged.decimal;
      if (typeof text !== 'string' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim())) {
        throw new BadRequestError('Invalid Decimal value');
      }
      return decimalFromText(text.trim());
    }
    case 'date': {
      const d = new PlainDate(int(tagged.year, 'year'), int(tagged.month, 'month'), int(tagged.day, 'day'));
      if (!d.isValid()) throw new BadRequestError('Invalid date value');
      return d;
    }
    case 'datetime': {
      const d = new PlainDateTime(
        int(tagged.year, 'year'),
        int(tagged.month, 'month'),
        int(tagged.day, 'day'),
        int(tagged.hour, 'hour'),
        int(tagged.minute, 'minute'),
        int(tagged.second, 'second'),
        int(tagged.microsecond, 'microsecond'),
      );
      if (!d.isValid()) throw new BadRequestError('Invalid datetime value');
      return d;
    }
    case 'time': {
      const t = new PlainTime(
        int(tagged.hour, 'hour'),
        int(tagged.minute, 'minute'),
        int(tagged.second, 'second'),
        int(tagged.microsecond, 'microsecond'),
      );
      if (!t.isValid()) throw new BadRequestError('Invalid time value');
      return t;
    }
    case 'timedelta': {
      if (typeof tagged.seconds !== 'number' || !Number.isFinite(tagged.seconds)) {
        throw new BadRequestError('Invalid timedelta value');
      }
      return new TimeDelta(tagged.seconds);
    }
    case 'bytes': {
      if (typeof tagged.base64 !== 'string' || !/^[A-Za-z0-9+/=_-]*$/.test(tagged.base64)) {
        throw new BadRequestError('Invalid bytes value');
      }
      return Buffer.from(tagged.base64, 'base64');
    }
    default:
      return value;
  }
}

/** Parses JSON with tagged values; any syntax error is a 400 naming what was being read. */
export function parseTagged(text: string, what: string): unknown {
  if (tooDeep(text))
    throw new BadRequestError(`Invalid ${what}: JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text, taggedReviver);
  } catch (e) {
    if (e instanceof BadRequestError) throw new BadRequestError(`Invalid ${what}: ${e.message}`);
    throw new BadRequestError(`Invalid ${what}: malformed JSON`);
  }
}
