import type { DomainNode } from '../domain/domain';
import { Decimal, TimeDelta } from '../fields/values';
import type { Env } from '../pool/env';
import type { ModelClass, OrderSpec } from '../pool/model';
import { buildCountQuery, buildSearchQuery } from '../storage/query';
import { pathTree, readTree } from '../storage/reader';

export type Row = Record<string, unknown>;

export interface RowQuery {
  domain: DomainNode;
  order?: OrderSpec | null;
  noOrder?: boolean;
  limit?: number | null;
  offset?: number;
  /** Tryton's implicit `active = true`; lookups read the rows they point to whatever their state. */
  activeTest?: boolean;
}

/** A value as pyDAL's `as_dict()` gives it: decimals as numbers, bytes as base64, dates as text. */
export function pydalValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (value instanceof Decimal) return value.toNumber();
  if (value instanceof TimeDelta) return value.seconds;
  return value;
}

/**
 * The rows of a search with the given fields, keys in that order, in one query: the search selects
 * the stored columns itself. Translated, computed and x2many fields (only when asked for) add the
 * reader's batch queries for the whole page. Record rules apply through the search.
 */
export async function readRows(
  env: Env,
  model: ModelClass,
  query: RowQuery,
  fields: string[],
): Promise<{ ids: number[]; rows: Row[] }> {
  const columns = fields.filter((n) => n !== 'id' && model._fields[n].stored && !model._fields[n].translate);
  const others = fields.filter((n) => n !== 'id' && !columns.includes(n));
  const built = await buildSearchQuery(
    env,
    model,
    query.domain,
    {
      order: query.order,
      noOrder: query.noOrder,
      limit: query.limit,
      offset: query.offset,
      activeTest: query.activeTest,
    },
    ['id', ...columns],
  );
  built.models.forEach((m) => env.reads.add(m));
  const result = await env.tx.query(built.text, built.params);
  const ids = result.map((r) => r.id as number);
  const extra = others.length && ids.length ? await readTree(env, model, ids, pathTree(others)) : new Map();
  const rows = result.map((raw) => {
    const row: Row = {};
    for (const name of fields) {
      if (name === 'id') row.id = raw.id;
      else if (columns.includes(name)) row[name] = pydalValue(model._fields[name].fromDb(raw[name]));
      else row[name] = pydalValue(extra.get(raw.id)?.[name]);
    }
    return row;
  });
  return { ids, rows };
}

/** COUNT(*) over the whole filtered search (rules and policy query included), paging ignored. */
export async function countRows(env: Env, model: ModelClass, domain: DomainNode): Promise<number> {
  const built = await buildCountQuery(env, model, domain);
  built.models.forEach((m) => env.reads.add(m));
  const [row] = await env.tx.query(built.text, built.params);
  return Number(row.count);
}
