import { compileDomain, CompileScope, newScope } from '../domain/compiler';
import { tableSource } from '../domain/table-source';
import { and, clause, DomainInput, DomainNode, mentionsActive, parseDomain } from '../domain/domain';
import { compileOrder } from '../domain/order';
import { col } from '../domain/sql';
import type { AccessMode, Env } from '../pool/env';
import type { ModelClass, OrderSpec } from '../pool/model';

export interface SearchQueryOptions {
  offset?: number;
  limit?: number | null;
  order?: OrderSpec | null;
  /** Apply the implicit `active = true` filter (default: unless the domain mentions active or context says no). */
  activeTest?: boolean;
  /** Skip ORDER BY (counts, subqueries). */
  noOrder?: boolean;
}

export interface BuiltQuery {
  text: string;
  params: unknown[];
  /** Every model whose rows shaped the result. */
  models: Set<string>;
}

export function toNode(domain: DomainInput | DomainNode): DomainNode {
  return Array.isArray(domain) ? parseDomain(domain) : domain;
}

/** The record rules of the user for `mode`, as a domain node (null when none applies). */
export async function ruleNode(env: Env, model: ModelClass, mode: AccessMode): Promise<DomainNode | null> {
  if (!env.checking) return null;
  const rule = await env.access.ruleDomain(env, model, mode);
  if (!rule) return null;
  // The access control hands out the same domain object while the rules hold: parsed once.
  if (typeof rule !== 'object') return parseDomain(rule);
  let node = parsedRules.get(rule);
  if (!node) parsedRules.set(rule, (node = parseDomain(rule)));
  return node;
}

const parsedRules = new WeakMap<object, DomainNode>();

/** The full WHERE of a search: the domain, the implicit active filter and the record rules. */
export async function searchWhere(
  scope: CompileScope,
  model: ModelClass,
  domain: DomainNode,
  alias: string,
  options: SearchQueryOptions = {},
): Promise<string> {
  const env = scope.env;
  const activeTest =
    options.activeTest ?? (env.context.active_test !== false && model._active && !mentionsActive(domain));
  const parts: DomainNode[] = [domain];
  if (activeTest && model._active) parts.push(clause('active', '=', true));
  const where = await compileDomain(scope, model, and(...parts), alias);
  const rule = await ruleNode(env, model, 'read');
  if (!rule) return where;
  // Rules are evaluated without the user's own access checks (as Tryton does): they are the admin's domain.
  const ruleScope: CompileScope = { ...scope, env: env.withoutChecks() };
  const ruleSql = await compileDomain(ruleScope, model, rule, alias);
  return where === 'TRUE' ? ruleSql : `(${where} AND ${ruleSql})`;
}

/** SELECT <columns> FROM model WHERE <domain + active + rules> ORDER BY ... LIMIT ... OFFSET ... */
export async function buildSearchQuery(
  env: Env,
  model: ModelClass,
  domain: DomainInput | DomainNode,
  options: SearchQueryOptions = {},
  columns: string[] = ['id'],
): Promise<BuiltQuery> {
  const scope = newScope(env);
  const alias = 'a';
  const where = await searchWhere(scope, model, toNode(domain), alias, options);
  let joins = '';
  let orderBy = '';
  if (!options.noOrder) {
    const order = await compileOrder(scope, model, options.order, alias);
    joins = order.joins.length ? ' ' + order.joins.join(' ') : '';
    orderBy = ` ORDER BY ${order.terms.join(', ')}`;
  }
  let text = `SELECT ${columns.map((c) => col(alias, c)).join(', ')} FROM ${tableSource(env, model)} AS "a"${joins} WHERE ${where}${orderBy}`;
  if (options.limit !== undefined && options.limit !== null)
    text += ` LIMIT ${scope.params.add(options.limit)}`;
  if (options.offset) text += ` OFFSET ${scope.params.add(options.offset)}`;
  return { text, params: scope.params.values, models: scope.models };
}

export async function buildCountQuery(
  env: Env,
  model: ModelClass,
  domain: DomainInput | DomainNode,
  limit?: number,
): Promise<BuiltQuery> {
  const inner = await buildSearchQuery(env, model, domain, { noOrder: true, limit: limit ?? null });
  return { ...inner, text: `SELECT COUNT(*) AS "count" FROM (${inner.text}) AS "c"` };
}
