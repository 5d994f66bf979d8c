import { BadRequestError } from '../pool/errors';
import type { ModelClass } from '../pool/model';
import type { Pool } from '../pool/pool';
import { pyRepr } from './python-text';

/** The `:model` path segment: a model name and, pyDAL-style, an optional `[f1,f2]` field list. */
export interface TableRef {
  name: string;
  /** The bracketed list, or null when none was given. */
  fields: string[] | null;
}

/**
 * pyDAL's parse_table_and_fields, quirks included: the last character before the end is dropped
 * whatever it is (`superhero[name` lists `nam`), `superhero[]` lists `''`, two brackets are malformed.
 */
export function parseTableAndFields(text: string): TableRef {
  if (!/^[\p{L}\p{N}_]/u.test(text)) throw new BadRequestError(`Invalid table name: ${text}`);
  const parts = text.split('[');
  if (parts.length === 1) return { name: text, fields: null };
  if (parts.length > 2) throw new BadRequestError(`Malformed table-and-fields: ${pyRepr(text)}`);
  return { name: parts[0], fields: [...new Set(parts[1].slice(0, -1).split(','))] };
}

/** A model the API may name: registered and not internal (root-only models do not exist here). */
export function resolveTable(pool: Pool, name: string): ModelClass {
  if (!pool.has(name) || pool.get(name)._internal) throw new BadRequestError(`Invalid table name: ${name}`);
  return pool.get(name);
}
