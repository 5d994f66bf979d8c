import { Decimal, PlainDate, PlainDateTime } from '../fields/values';
import { isPysonNode, PysonNode } from './pyson';

/** What an expression is evaluated against: the record's values, `_parent_<field>` objects, `context`. */
export type PysonEnv = Record<string, unknown>;

export class PysonError extends Error {}

/** Python's truth value (Tryton evaluates PYSON with Python's semantics): empty and zero are false. */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (Decimal.isDecimal(value)) return !(value as Decimal).isZero();
  if (value instanceof PlainDate || value instanceof PlainDateTime) return true;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function isDict(value: unknown): value is Record<string, unknown> {
  return (
    !!value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !Decimal.isDecimal(value) &&
    !(value instanceof PlainDate) &&
    !(value instanceof PlainDateTime)
  );
}

/** Python's `==`: numbers of any kind compare by value, lists and dicts deeply, dates by value. */
export function pyEqual(a: unknown, b: unknown): boolean {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== null && nb !== null) return na.equals(nb);
  if (
    a instanceof PlainDate ||
    a instanceof PlainDateTime ||
    b instanceof PlainDate ||
    b instanceof PlainDateTime
  ) {
    return (a as object)?.constructor === (b as object)?.constructor && String(a) === String(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => pyEqual(x, b[i]))
    );
  }
  if (isDict(a) && isDict(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && pyEqual(a[k], b[k]));
  }
  return (a ?? null) === (b ?? null);
}

/** int, float, bool and Decimal as one exact number (True == 1 in Python); null for anything else. */
function asNumber(value: unknown): Decimal | null {
  if (typeof value === 'number' && Number.isFinite(value)) return new Decimal(value);
  if (typeof value === 'boolean') return new Decimal(value ? 1 : 0);
  if (Decimal.isDecimal(value)) return value as Decimal;
  return null;
}

/** Greater/Less convert both sides to float (None is 0.0, dates their timestamp), as Tryton does. */
function asFloat(value: unknown): number {
  if (value === null || value === undefined) return 0;
  const n = asNumber(value);
  if (n) return n.toNumber();
  if (value instanceof PlainDate) return Date.UTC(value.year, value.month - 1, value.day) / 1000;
  if (value instanceof PlainDateTime) {
    const { year, month, day, hour, minute, second, microsecond } = value;
    return Date.UTC(year, month - 1, day, hour, minute, second) / 1000 + microsecond / 1e6;
  }
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  throw new PysonError(`Cannot compare ${JSON.stringify(value)} as a number`);
}

function evalName(name: string, fallback: unknown, env: unknown): unknown {
  const scope = isDict(env) ? env : {};
  if (Object.prototype.hasOwnProperty.call(scope, name)) return scope[name];
  const dot = name.indexOf('.');
  if (dot > 0) return evalName(name.slice(dot + 1), fallback, scope[name.slice(0, dot)] ?? {});
  return fallback;
}

const intOr = (value: unknown, what: string): number | null => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw new PysonError(`${what} must be an integer`);
};

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** dateutil's relativedelta: absolute parts replace, then years and months are added (day clipped), then the rest. */
function shiftDate(
  base: { year: number; month: number; day: number },
  node: PysonNode,
  env: PysonEnv,
): { year: number; month: number; day: number; extraDays: number } {
  const part = (key: string) => intOr(evaluate(node[key] as never, env), `Date.${key}`);
  let year = part('y') ?? base.year;
  let month = part('M') ?? base.month;
  const day = part('d') ?? base.day;
  const months = year * 12 + (month - 1) + (part('dy') ?? 0) * 12 + (part('dM') ?? 0);
  year = Math.floor(months / 12);
  month = (months % 12) + 1;
  return { year, month, day: Math.min(day, daysIn(year, month)), extraDays: part('dd') ?? 0 };
}

function addDays(date: { year: number; month: number; day: number }, days: number): Date {
  return new Date(Date.UTC(date.year, date.month - 1, date.day + days));
}

function evalDate(node: PysonNode, env: PysonEnv): PlainDate {
  const start = evaluate(node.start as never, env);
  const base = start instanceof PlainDate || start instanceof PlainDateTime ? start : PlainDate.today();
  const shifted = shiftDate(base, node, env);
  const d = addDays(shifted, shifted.extraDays);
  return new PlainDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

function evalDateTime(node: PysonNode, env: PysonEnv): PlainDateTime {
  const start = evaluate(node.start as never, env);
  const base =
    start instanceof PlainDateTime
      ? start
      : start instanceof PlainDate
        ? new PlainDateTime(start.year, start.month, start.day)
        : PlainDateTime.now();
  const shifted = shiftDate(base, node, env);
  const part = (key: string, fallback: number) =>
    intOr(evaluate(node[key] as never, env), `DateTime.${key}`) ?? fallback;
  const ms =
    Date.UTC(
      shifted.year,
      shifted.month - 1,
      shifted.day + shifted.extraDays,
      part('h', base.hour) + part('dh', 0),
      part('m', base.minute) + part('dm', 0),
      part('s', base.second) + part('ds', 0),
    ) *
      1000 +
    part('ms', base.microsecond) +
    part('dms', 0);
  const micro = ((ms % 1e6) + 1e6) % 1e6;
  const d = new Date((ms - micro) / 1000);
  return new PlainDateTime(
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    micro,
  );
}

/**
 * Evaluates a PYSON expression (JSON-encoded, as Tryton's PYSONEncoder writes it) with Python's
 * semantics. Plain values evaluate to themselves; lists element by element.
 */
export function evaluate(expr: unknown, env: PysonEnv): unknown {
  if (Array.isArray(expr)) return expr.map((e) => evaluate(e, env));
  if (!isPysonNode(expr)) return expr;
  const arg = (key: string) => evaluate(expr[key], env);
  switch (expr.__class__) {
    case 'Eval':
      if (typeof expr.v !== 'string') throw new PysonError('Eval needs a name');
      return evalName(expr.v, arg('d'), env);
    case 'Not':
      return !truthy(arg('v'));
    case 'Bool':
      return truthy(arg('v'));
    case 'And':
    case 'Or': {
      if (!Array.isArray(expr.s)) throw new PysonError(`${expr.__class__} needs a list`);
      const values = (expr.s as unknown[]).map((s) => truthy(evaluate(s, env)));
      return expr.__class__ === 'And' ? values.every(Boolean) : values.some(Boolean);
    }
    case 'Equal':
      return pyEqual(arg('s1'), arg('s2'));
    case 'Greater':
    case 'Less': {
      const [a, b] = [asFloat(arg('s1')), asFloat(arg('s2'))];
      const strict = expr.__class__ === 'Greater' ? a > b : a < b;
      return strict || (truthy(arg('e')) && a === b);
    }
    case 'If':
      return truthy(arg('c')) ? arg('t') : arg('e');
    case 'Get': {
      const dict = arg('v');
      const key = arg('k');
      if (!isDict(dict) || typeof key !== 'string') return arg('d');
      return Object.prototype.hasOwnProperty.call(dict, key) ? dict[key] : arg('d');
    }
    case 'In': {
      const key = arg('k');
      const container = arg('v');
      if (Array.isArray(container)) return container.some((item) => pyEqual(item, key));
      if (typeof container === 'string') return typeof key === 'string' && container.includes(key);
      if (isDict(container)) return typeof key === 'string' && key in container;
      return false;
    }
    case 'Len': {
      const value = arg('v');
      if (Array.isArray(value) || typeof value === 'string') return value.length;
      if (isDict(value)) return Object.keys(value).length;
      throw new PysonError('Len needs a list, a string or a dict');
    }
    case 'Date':
      return evalDate(expr, env);
    case 'DateTime':
      return evalDateTime(expr, env);
    default:
      throw new PysonError(`Unknown PYSON class "${expr.__class__}"`);
  }
}
