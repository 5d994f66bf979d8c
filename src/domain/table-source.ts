import type { Env } from '../pool/env';
import type { ModelClass } from '../pool/model';
import { ident } from './sql';

/**
 * A model built from a query rather than a table (Tryton's table_query: reporting views). The SQL must
 * give `id` and every stored field as columns; values it takes from the context are written into it as
 * validated literals. `models` are the models its rows come from (cache dependencies).
 */
export interface TableQuery {
  sql: string;
  models: string[];
}

/** What a FROM or JOIN names for a model: its table, or its query as a derived table. */
export function tableSource(env: Env, model: ModelClass): string {
  if (!model._tableQuery) return ident(model._table);
  const query = model._tableQuery(env);
  for (const name of query.models) env.reads.add(name);
  return `(${query.sql})`;
}
