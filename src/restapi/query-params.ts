import type { Request } from 'express';
import { BadRequestError } from '../pool/errors';
import { invalidInteger } from './errors';
import { parsePyInt, pyFlag } from './python-text';

/** pyDAL's defaults: 100 rows unless `@limit` says otherwise (then capped by the policy limit). */
export const DEFAULT_LIMIT = 100;

export interface GetParams {
  offset: number;
  limit: number;
  /** `@order` items as written (`~name` for descending); null when absent. */
  order: string[] | null;
  /** The `@lookup` value, or null. */
  lookup: string | null;
  model: boolean;
  optionsList: boolean;
  /** `@count=true`: count even past the first page. */
  count: boolean;
}

/** The query string as ordered (key, value) pairs; a repeated key keeps its last value (bottle's way). */
export function queryEntries(req: Request): [string, string][] {
  const query = (req.query ?? {}) as Record<string, unknown>;
  return Object.keys(query).map((key) => {
    const raw = query[key];
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    return [key, typeof value === 'string' ? value : String(value ?? '')];
  });
}

/** Python's int(), at most `cap`; negative values are a 400 (pyDAL let `@limit=-1` bypass its cap). */
function nonNegative(name: string, text: string, cap = Number.MAX_SAFE_INTEGER): number {
  const value = parsePyInt(text);
  if (value === null) throw invalidInteger(text);
  if (value < 0) throw new BadRequestError(`${name} must not be negative: ${text.trim()}`);
  return Math.min(value, cap);
}

export function emptyParams(): GetParams {
  return {
    offset: 0,
    limit: DEFAULT_LIMIT,
    order: null,
    lookup: null,
    model: false,
    optionsList: false,
    count: false,
  };
}

/** Applies an `@` modifier to the params; false when the key is not one (then it is a filter). */
export function applyModifier(params: GetParams, key: string, value: string, policyLimit: number): boolean {
  switch (key) {
    case '@offset':
      params.offset = nonNegative('@offset', value);
      return true;
    case '@limit':
      params.limit = nonNegative('@limit', value, policyLimit);
      return true;
    case '@order':
      params.order = value.split(',');
      return true;
    case '@lookup':
      params.lookup = value;
      return true;
    case '@model':
      params.model = pyFlag(value);
      return true;
    case '@options_list':
      params.optionsList = pyFlag(value);
      return true;
    case '@count':
      params.count = pyFlag(value);
      return true;
    default:
      return false;
  }
}
