import { CharField } from '../fields/char';
import type { Field } from '../fields/field';
import { Many2OneField } from '../fields/many2one';
import { existingVisible } from '../storage/references';
import { SelectionField } from '../fields/selection';
import { Decimal, PlainDate, PlainDateTime, PlainTime } from '../fields/values';
import { col, ident } from '../domain/sql';
import type { Env } from '../pool/env';
import type { ModelClass, Values } from '../pool/model';
import type { Body } from './body';
import { parsePyFloat, parsePyInt } from './python-text';
import { writableFields } from './table-fields';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** pyDAL's validator messages, by field type. */
const TYPE_ERRORS: Record<string, string> = {
  integer: 'Enter an integer',
  float: 'Enter a number',
  numeric: 'Enter a number',
  timedelta: 'Enter a number',
  date: 'Enter date as YYYY-MM-DD',
  datetime: 'Enter date and time as YYYY-MM-DD HH:MM:SS',
  time: 'Enter time as hh:mm:ss (seconds, am, pm optional)',
  many2one: 'Value not in database',
  selection: 'Value not allowed',
};
export const UNIQUE_ERROR = 'Value already in database or empty';
const REQUIRED_ERROR = 'Enter a value';

class Invalid {
  constructor(readonly message: string) {}
}

function number(raw: unknown, parse: (text: string) => number | null): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  return typeof raw === 'string' ? parse(raw) : null;
}

/** A value as a form (text) or JSON gives it, converted for the field; Invalid when it cannot be. */
function convert(field: Field, raw: unknown): unknown {
  const type = field.type;
  if (raw === null || raw === undefined) return null;
  if (raw === '' && type !== 'char' && type !== 'text') return null;
  const invalid = new Invalid(TYPE_ERRORS[type] ?? 'invalid');
  switch (type) {
    case 'char':
    case 'text':
      return typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'
        ? String(raw)
        : invalid;
    case 'selection':
      return typeof raw === 'string' && (field as SelectionField).selection.some(([k]) => k === raw)
        ? raw
        : invalid;
    case 'integer':
    case 'many2one': {
      const value = number(raw, parsePyInt);
      if (value === null || !Number.isInteger(value)) return invalid;
      if (value < INT_MIN || value > INT_MAX || (type === 'many2one' && value < 1)) {
        return type === 'integer'
          ? new Invalid(`Enter an integer between ${INT_MIN} and ${INT_MAX}`)
          : invalid;
      }
      return value;
    }
    case 'float':
    case 'timedelta':
      return number(raw, parsePyFloat) ?? invalid;
    case 'numeric': {
      const value = typeof raw === 'string' ? parsePyFloat(raw) : number(raw, parsePyFloat);
      if (value === null) return invalid;
      return new Decimal(typeof raw === 'string' ? raw.trim().replace(/_/g, '') : String(raw));
    }
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'number') return raw !== 0;
      return typeof raw === 'string' ? !'Ff0'.includes(raw[0]) : invalid;
    case 'date':
      return (typeof raw === 'string' && PlainDate.parse(raw.trim())) || invalid;
    case 'datetime':
      return (typeof raw === 'string' && PlainDateTime.parse(raw.trim())) || invalid;
    case 'time':
      return (typeof raw === 'string' && PlainTime.parse(raw.trim())) || invalid;
    case 'binary':
      return typeof raw === 'string' && /^[A-Za-z0-9+/_-]*={0,2}$/.test(raw)
        ? Buffer.from(raw, 'base64')
        : invalid;
    default:
      // Relations to many take Tryton's action lists; the storage layer checks them.
      return raw;
  }
}

async function exists(env: Env, model: ModelClass, column: string, value: unknown, except: number | null) {
  const params: unknown[] = [value];
  let sql = `SELECT 1 FROM ${ident(model._table)} AS "a" WHERE ${col('a', column)} = $1`;
  if (except !== null) sql += ` AND "a"."id" <> $${params.push(except)}`;
  return (await env.tx.query(`${sql} LIMIT 1`, params)).length > 0;
}

/**
 * pyDAL's `validate_and_insert` / `validate_and_update` checks, with its messages: the id and
 * fields that cannot be written are "invalid", values must parse, required fields need a value,
 * references must exist, single-column unique constraints hold. Returns the values for the core's
 * create/write and the errors by field (a 422 when there are some).
 */
export async function convertValues(
  env: Env,
  model: ModelClass,
  body: Body,
  recordId: number | null,
  creating: boolean,
): Promise<{ values: Values; errors: Record<string, string> }> {
  const writable = new Set((await writableFields(env, model)).filter((name) => name !== 'id'));
  const values: Values = {};
  const errors: Record<string, string> = {};
  const root = env.sudo();
  for (const [name, raw] of Object.entries(body)) {
    if (!writable.has(name)) {
      errors[name] = 'invalid';
      continue;
    }
    const field = model._fields[name];
    const value = convert(field, raw);
    if (value instanceof Invalid) errors[name] = value.message;
    else if (field.required && (value === null || value === '')) errors[name] = REQUIRED_ERROR;
    else if (
      field instanceof CharField &&
      field.options.size !== undefined &&
      String(value ?? '').length > field.options.size
    ) {
      errors[name] = `Enter from 0 to ${field.options.size} characters`;
    } else if (
      field instanceof Many2OneField &&
      value !== null &&
      // a record the caller's rules hide is "not in database", as a missing one
      !(await existingVisible(env, env.model(field.target), [value as number])).has(value as number)
    ) {
      errors[name] = TYPE_ERRORS.many2one;
    } else if (
      value !== null &&
      model._constraints.some((c) => c.columns.length === 1 && c.columns[0] === name) &&
      (await exists(root, model, name, field.toDb(value), recordId))
    ) {
      errors[name] = UNIQUE_ERROR;
    } else values[name] = value;
  }
  if (creating) {
    for (const name of writable) {
      const field = model._fields[name];
      if (field.required && field.stored && !(name in body) && field.options.default === undefined) {
        errors[name] = REQUIRED_ERROR;
      }
    }
  }
  return { values, errors };
}
