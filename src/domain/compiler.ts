import { Field, FieldValueError } from '../fields/field';
import { tableSource } from './table-source';
import { BooleanField } from '../fields/boolean';
import { CharField } from '../fields/char';
import { Many2OneField } from '../fields/many2one';
import { One2ManyField } from '../fields/one2many';
import { Many2ManyField } from '../fields/many2many';
import { ReferenceField } from '../fields/reference';
import type { Env } from '../pool/env';
import { AccessError, BadRequestError } from '../pool/errors';
import type { ModelClass } from '../pool/model';
import { DomainNode, NEGATIVE_OPERATORS, Operator, parseDomain } from './domain';
import { Aliases, col, ident, Params } from './sql';
import { translatedValueSql } from './translation-sql';

/** What one statement's compilation shares: parameters, aliases, and the models it reads. */
export interface CompileScope {
  env: Env;
  params: Params;
  aliases: Aliases;
  /** Models whose rows decide the result (for cache dependencies). */
  models: Set<string>;
}

export function newScope(env: Env): CompileScope {
  return { env, params: new Params(), aliases: new Aliases(), models: new Set() };
}

const COMPARISON: Partial<Record<Operator, string>> = {
  '=': '=',
  '!=': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  like: 'LIKE',
  'not like': 'NOT LIKE',
  ilike: 'ILIKE',
  'not ilike': 'NOT ILIKE',
};

const POSITIVE: Record<string, Operator> = {
  '!=': '=',
  'not in': 'in',
  'not like': 'like',
  'not ilike': 'ilike',
  'not child_of': 'child_of',
  'not parent_of': 'parent_of',
  'not where': 'where',
};

/** Looks a field up, refusing unknown names and fields the user may not read. */
export async function resolveField(
  env: Env,
  model: ModelClass,
  name: string,
  purpose: string,
): Promise<Field> {
  const field = Object.prototype.hasOwnProperty.call(model._fields, name) ? model._fields[name] : undefined;
  if (!field) throw new BadRequestError(`Unknown field "${name}" on model "${model.__name__}"`);
  if (env.checking) {
    const denied = await env.access.deniedFields(env, model, 'read');
    if (denied.has(name)) {
      throw new AccessError(`You are not allowed to ${purpose} field "${name}" of "${model.__name__}"`);
    }
  }
  return field;
}

/** Checks the user may read a model reached through a relation (nothing leaks through a filter). */
export async function enterModel(scope: CompileScope, target: ModelClass, purpose: string): Promise<void> {
  scope.models.add(target.__name__);
  const env = scope.env;
  if (!env.checking) return;
  if (target._internal || !(await env.access.canModel(env, target, 'read'))) {
    throw new AccessError(`You are not allowed to ${purpose} through model "${target.__name__}"`);
  }
}

/** Compiles a domain tree on `model` (aliased `alias`) into an SQL boolean expression. */
export async function compileDomain(
  scope: CompileScope,
  model: ModelClass,
  node: DomainNode,
  alias: string,
): Promise<string> {
  scope.models.add(model.__name__);
  if (node.kind === 'bool') {
    if (!node.children.length) return node.op === 'AND' ? 'TRUE' : 'FALSE';
    const parts: string[] = [];
    for (const child of node.children) parts.push(await compileDomain(scope, model, child, alias));
    if (parts.length === 1) return parts[0];
    return `(${parts.join(node.op === 'AND' ? ' AND ' : ' OR ')})`;
  }
  return compileClause(scope, model, node, alias);
}

async function compileClause(
  scope: CompileScope,
  model: ModelClass,
  node: Extract<DomainNode, { kind: 'clause' }>,
  alias: string,
): Promise<string> {
  const env = scope.env;
  const [name, ...rest] = node.path;
  const field = await resolveField(env, model, name, 'filter on');
  const { operator, value } = node;

  if (field.computed) {
    if (!field.options.searcher) {
      throw new BadRequestError(`Field "${name}" of "${model.__name__}" cannot be searched`);
    }
    const domain = await field.options.searcher(env, node.path.join('.'), operator, value, model);
    return compileDomain(scope, model, parseDomain(domain), alias);
  }

  if (rest.length) return compileRelationPath(scope, model, field, rest, node, alias);
  if (operator === 'where' || operator === 'not where') return compileWhere(scope, model, field, node, alias);
  if (operator.endsWith('child_of') || operator.endsWith('parent_of')) {
    return compileTree(scope, model, field, node, alias);
  }
  if (field instanceof Many2OneField) return compileMany2One(scope, field, operator, value, alias);
  if (field instanceof One2ManyField || field instanceof Many2ManyField) {
    return compileX2ManyValue(scope, model, field, operator, value, alias);
  }
  const column = field.translate
    ? translatedValueSql(field, alias, env.lang, scope.params)
    : col(alias, field.name);
  return compileComparison(scope, field, column, operator, value);
}

/** `column op value` with Tryton's null semantics; the value is coerced by the field and bound. */
export function compileComparison(
  scope: CompileScope,
  field: Field,
  column: string,
  operator: Operator,
  value: unknown,
): string {
  const params = scope.params;
  if (operator === 'in' || operator === 'not in') {
    const list = value as unknown[];
    const hasNull = list.some((v) => v === null);
    const values = list.filter((v) => v !== null).map((v) => field.toDb(coerce(field, v, operator)));
    const positive = operator === 'in';
    let sql = values.length
      ? `${column} ${positive ? '=' : '!='} ${positive ? 'ANY' : 'ALL'}(${params.add(values)})`
      : positive
        ? 'FALSE'
        : 'TRUE';
    if (hasNull) sql = positive ? `(${sql} OR ${column} IS NULL)` : `(${sql} AND ${column} IS NOT NULL)`;
    return sql;
  }
  const sqlOp = COMPARISON[operator];
  if (!sqlOp) throw new BadRequestError(`Operator "${operator}" cannot be used on field "${field.name}"`);
  if (value === null || value === undefined) {
    if (operator === '=') return `${column} IS NULL`;
    if (operator === '!=') return `${column} IS NOT NULL`;
    return 'FALSE';
  }
  if (operator.includes('like')) {
    if (typeof value !== 'string') {
      throw new BadRequestError(`Operator "${operator}" on field "${field.name}" needs a string`);
    }
    if (!(field instanceof CharField)) {
      return `CAST(${column} AS VARCHAR) ${sqlOp} ${params.add(value)}`;
    }
    return `${column} ${sqlOp} ${params.add(value)}`;
  }
  if (field instanceof BooleanField && (operator === '=' || operator === '!=')) {
    const wanted = coerce(field, value, operator) === (operator === '=');
    // Tryton: a NULL boolean is false.
    return wanted ? `${column} = TRUE` : `(${column} = FALSE OR ${column} IS NULL)`;
  }
  return `${column} ${sqlOp} ${params.add(field.toDb(coerce(field, value, operator)))}`;
}

function coerce(field: Field, value: unknown, operator: string): unknown {
  try {
    return field.coerce(value);
  } catch (e) {
    if (e instanceof FieldValueError) {
      throw new BadRequestError(`Invalid value in domain for "${field.name}" ${operator}: ${e.message}`);
    }
    throw e;
  }
}

function idList(value: unknown, field: Field, operator: string): number[] | null {
  const list = Array.isArray(value) ? value : [value];
  if (list.every((v) => typeof v === 'number')) {
    if (!list.every((v) => Number.isInteger(v))) {
      throw new BadRequestError(
        `Invalid value in domain for "${field.name}" ${operator}: ids must be integers`,
      );
    }
    return list as number[];
  }
  return null;
}

/** The target model's rows (alias) that match a sub-domain, as an `id IN (...)` subquery. */
async function targetSubquery(
  scope: CompileScope,
  target: ModelClass,
  node: DomainNode,
  selectColumn = 'id',
): Promise<string> {
  const alias = scope.aliases.next();
  const where = await withTargetRules(scope, target, alias, await compileDomain(scope, target, node, alias));
  return `SELECT ${col(alias, selectColumn)} FROM ${tableSource(scope.env, target)} AS ${ident(alias)} WHERE ${where}`;
}

/**
 * ANDs the user's read rules of a model reached through a relation into its subquery, so that a
 * filter cannot match (and so reveal) related records the rules hide. Rules are compiled without the
 * user's own access checks: they are the administrator's domains.
 */
export async function withTargetRules(
  scope: CompileScope,
  target: ModelClass,
  alias: string,
  where: string,
): Promise<string> {
  const env = scope.env;
  if (!env.checking) return where;
  const rule = await env.access.ruleDomain(env, target, 'read');
  if (!rule) return where;
  const ruleSql = await compileDomain(
    { ...scope, env: env.withoutChecks() },
    target,
    parseDomain(rule),
    alias,
  );
  return where === 'TRUE' ? ruleSql : `(${where} AND ${ruleSql})`;
}

async function compileMany2One(
  scope: CompileScope,
  field: Many2OneField,
  operator: Operator,
  value: unknown,
  alias: string,
): Promise<string> {
  const column = col(alias, field.name);
  const ids = value === null ? null : idList(value, field, operator);
  if (value === null || ids) return compileComparison(scope, field, column, operator, value);
  // A name: search the target's rec_name (its own rule).
  const target = scope.env.model(field.target);
  await enterModel(scope, target, 'filter');
  const sub = await targetSubquery(scope, target, { kind: 'clause', path: ['rec_name'], operator, value });
  return `${column} IN (${sub})`;
}

/** Rows of the x2many's far side as `(owner id)` subquery: SELECT owner FROM ... WHERE cond(target alias). */
async function x2manyOwners(
  scope: CompileScope,
  model: ModelClass,
  field: One2ManyField | Many2ManyField,
  condition: (target: ModelClass, targetAlias: string) => Promise<string>,
): Promise<string> {
  const env = scope.env;
  const target = env.model(field.target);
  await enterModel(scope, target, 'filter');
  if (field instanceof One2ManyField) {
    const alias = scope.aliases.next();
    const where = await withTargetRules(scope, target, alias, await condition(target, alias));
    const linked = field.ownerLinked(alias, (v) => scope.params.add(v));
    return `SELECT ${field.ownerSql(alias)} FROM ${tableSource(env, target)} AS ${ident(alias)} WHERE ${linked} AND ${where}`;
  }
  const relation = env.model(field.relation);
  scope.models.add(relation.__name__);
  const rel = scope.aliases.next();
  const alias = scope.aliases.next();
  const where = await withTargetRules(scope, target, alias, await condition(target, alias));
  const link = field.linkCondition(relation, rel);
  return `SELECT ${col(rel, field.origin)} FROM ${ident(relation._table)} AS ${ident(rel)} JOIN ${tableSource(env, target)} AS ${ident(alias)} ON ${col(alias, 'id')} = ${col(rel, field.targetField)} WHERE ${link ? `${link} AND ` : ''}${where}`;
}

/** Existential x2many semantics: some related row matches; a negative operator also matches no rows. */
async function existential(
  scope: CompileScope,
  model: ModelClass,
  field: One2ManyField | Many2ManyField,
  negative: boolean,
  condition: (target: ModelClass, targetAlias: string) => Promise<string>,
  alias: string,
): Promise<string> {
  const some = `${col(alias, 'id')} IN (${await x2manyOwners(scope, model, field, condition)})`;
  if (!negative) return some;
  const any = await x2manyOwners(scope, model, field, async () => 'TRUE');
  return `(${some} OR ${col(alias, 'id')} NOT IN (${any}))`;
}

async function compileX2ManyValue(
  scope: CompileScope,
  model: ModelClass,
  field: One2ManyField | Many2ManyField,
  operator: Operator,
  value: unknown,
  alias: string,
): Promise<string> {
  if (value === null && (operator === '=' || operator === '!=')) {
    // `= null`: no related rows; `!= null`: some related rows.
    const owners = await x2manyOwners(scope, model, field, async () => 'TRUE');
    return `${col(alias, 'id')} ${operator === '=' ? 'NOT IN' : 'IN'} (${owners})`;
  }
  const ids = idList(value, field, operator);
  const negative = NEGATIVE_OPERATORS.has(operator);
  return existential(
    scope,
    model,
    field,
    negative,
    async (target, targetAlias) => {
      if (ids) return compileComparison(scope, target._fields.id, col(targetAlias, 'id'), operator, value);
      return compileDomain(
        scope,
        target,
        { kind: 'clause', path: ['rec_name'], operator, value },
        targetAlias,
      );
    },
    alias,
  );
}

async function compileRelationPath(
  scope: CompileScope,
  model: ModelClass,
  field: Field,
  rest: string[],
  node: Extract<DomainNode, { kind: 'clause' }>,
  alias: string,
): Promise<string> {
  const sub: DomainNode = { ...node, path: rest };
  if (field instanceof Many2OneField) {
    const target = scope.env.model(field.target);
    await enterModel(scope, target, 'filter');
    return `${col(alias, field.name)} IN (${await targetSubquery(scope, target, sub)})`;
  }
  if (field instanceof One2ManyField || field instanceof Many2ManyField) {
    return existential(
      scope,
      model,
      field,
      NEGATIVE_OPERATORS.has(node.operator),
      (target, targetAlias) => compileDomain(scope, target, sub, targetAlias),
      alias,
    );
  }
  if (field instanceof ReferenceField) {
    const sql = await referenceTargets(scope, model, field, node, { ...sub, extra: undefined }, alias);
    return sql;
  }
  throw new BadRequestError(
    `Field "${field.name}" of "${model.__name__}" is not a relation: "${node.path.join('.')}"`,
  );
}

async function compileWhere(
  scope: CompileScope,
  model: ModelClass,
  field: Field,
  node: Extract<DomainNode, { kind: 'clause' }>,
  alias: string,
): Promise<string> {
  const sub = node.value as DomainNode;
  const negative = node.operator === 'not where';
  if (field instanceof Many2OneField) {
    const target = scope.env.model(field.target);
    await enterModel(scope, target, 'filter');
    const query = `${col(alias, field.name)} IN (${await targetSubquery(scope, target, sub)})`;
    return negative ? `(${col(alias, field.name)} IS NULL OR NOT ${query})` : query;
  }
  if (field instanceof One2ManyField || field instanceof Many2ManyField) {
    const owners = await x2manyOwners(scope, model, field, (target, a) =>
      compileDomain(scope, target, sub, a),
    );
    return `${col(alias, 'id')} ${negative ? 'NOT IN' : 'IN'} (${owners})`;
  }
  if (field instanceof ReferenceField) {
    const query = await referenceTargets(scope, model, field, node, sub, alias);
    return negative ? `(${col(alias, field.name)} IS NULL OR NOT ${query})` : query;
  }
  throw new BadRequestError(`Operator "${node.operator}" needs a relation field, not "${field.name}"`);
}

/**
 * Tryton's clause on a reference through one of its models, the model as 4th element:
 * `["resource.party.name", "ilike", "a%", "sale.sale"]`, `["resource", "where", [...], "sale.sale"]`:
 * the rows whose reference points to a record of that model matching the sub-domain.
 */
async function referenceTargets(
  scope: CompileScope,
  model: ModelClass,
  field: ReferenceField,
  node: Extract<DomainNode, { kind: 'clause' }>,
  sub: DomainNode,
  alias: string,
): Promise<string> {
  const name = node.extra;
  if (!name || !field.selection.some(([m]) => m === name) || !scope.env.pool.has(name)) {
    throw new BadRequestError(
      `A clause through the reference "${field.name}" of "${model.__name__}" needs one of its models as 4th element: "${node.path.join('.')}"`,
    );
  }
  const target = scope.env.model(name);
  await enterModel(scope, target, 'filter');
  const column = col(alias, field.name);
  const prefix = scope.params.add(`${name.replace(/[\\%_]/g, '\\$&')},%`);
  return `(${column} LIKE ${prefix} AND CAST(SPLIT_PART(${column}, ',', 2) AS INTEGER) IN (${await targetSubquery(scope, target, sub)}))`;
}

/** Ids of a subtree (descendants, or ancestors for parent_of), the starting records included. */
function treeSql(
  scope: CompileScope,
  target: ModelClass,
  parent: string,
  ids: number[],
  up: boolean,
): string {
  const table = tableSource(scope.env, target);
  const start = `SELECT "id" FROM ${table} WHERE "id" = ANY(${scope.params.add(ids)})`;
  const step = up
    ? `SELECT "c".${ident(parent)} FROM ${table} AS "c" JOIN "tree" ON "c"."id" = "tree"."id" WHERE "c".${ident(parent)} IS NOT NULL`
    : `SELECT "c"."id" FROM ${table} AS "c" JOIN "tree" ON "c".${ident(parent)} = "tree"."id"`;
  return `WITH RECURSIVE "tree"("id") AS (${start} UNION ${step}) SELECT "id" FROM "tree"`;
}

async function compileTree(
  scope: CompileScope,
  model: ModelClass,
  field: Field,
  node: Extract<DomainNode, { kind: 'clause' }>,
  alias: string,
): Promise<string> {
  const env = scope.env;
  const ids = node.value === null ? [] : idList(node.value, field, node.operator);
  if (!ids) throw new BadRequestError(`Operator "${node.operator}" needs record ids`);
  const positive = (POSITIVE[node.operator] ?? node.operator) as Operator;
  const negative = positive !== node.operator;
  const up = positive === 'parent_of';
  let sql: string;
  if (field instanceof Many2OneField && field.target === model.__name__ && !node.extra) {
    // A recursive many2one is the tree itself: the records below (or above) the given ones.
    sql = `${col(alias, 'id')} IN (${treeSql(scope, model, field.name, ids, up)})`;
  } else if (
    field instanceof Many2OneField ||
    field instanceof One2ManyField ||
    field instanceof Many2ManyField
  ) {
    const target = env.model(field.target);
    await enterModel(scope, target, 'filter');
    const parent = node.extra ?? target._parent ?? 'parent';
    if (!(target._fields[parent] instanceof Many2OneField)) {
      throw new BadRequestError(`Model "${target.__name__}" has no tree field "${parent}"`);
    }
    const tree = treeSql(scope, target, parent, ids, up);
    if (field instanceof Many2OneField) {
      sql = `${col(alias, field.name)} IN (${tree})`;
    } else {
      const owners = await x2manyOwners(scope, model, field, async (_t, a) => `${col(a, 'id')} IN (${tree})`);
      sql = `${col(alias, 'id')} IN (${owners})`;
    }
  } else if (field.name === 'id' && model._parent) {
    sql = `${col(alias, 'id')} IN (${treeSql(scope, model, node.extra ?? model._parent, ids, up)})`;
  } else {
    throw new BadRequestError(`Operator "${node.operator}" cannot be used on field "${field.name}"`);
  }
  return negative ? `NOT ${sql}` : sql;
}
