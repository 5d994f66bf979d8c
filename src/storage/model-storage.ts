import type { DatabaseError } from 'pg';
import { tableSource } from '../domain/table-source';
import { Field, FieldValueError } from '../fields/field';
import { Many2OneField } from '../fields/many2one';
import { One2ManyField } from '../fields/one2many';
import { Many2ManyField } from '../fields/many2many';
import { PlainDateTime } from '../fields/values';
import { compileDomain, newScope } from '../domain/compiler';
import { DomainInput, DomainNode, parseDomain } from '../domain/domain';
import { ident } from '../domain/sql';
import { BASE_LANGUAGE } from '../domain/translation-sql';
import type { Env } from '../pool/env';
import { AccessError, BadRequestError, NotFoundError, UserError } from '../pool/errors';
import type { ModelClass, RecordValues, SearchOptions, Values } from '../pool/model';
import { buildCountQuery, buildSearchQuery, ruleNode } from './query';
import { pathTree, readTree, validatePaths } from './reader';
import { checkReferences, foreignKeyError } from './references';
import { checkReadonlyStates, stateColumns } from './field-states';
import { applyX2ManyActions } from './x2many';

const AUTOMATIC = new Set(['id', 'create_uid', 'create_date', 'write_uid', 'write_date', 'rec_name']);

export async function search(
  env: Env,
  model: ModelClass,
  domain: DomainInput | DomainNode,
  options: SearchOptions = {},
): Promise<number[]> {
  if (env.checking) await env.access.checkModel(env, model, 'read');
  const query = await buildSearchQuery(env, model, domain, options);
  query.models.forEach((m) => env.reads.add(m));
  const rows = await env.tx.query(query.text, query.params);
  return rows.map((r) => r.id as number);
}

export async function searchCount(
  env: Env,
  model: ModelClass,
  domain: DomainInput | DomainNode,
  limit?: number,
): Promise<number> {
  if (env.checking) await env.access.checkModel(env, model, 'read');
  const query = await buildCountQuery(env, model, domain, limit);
  query.models.forEach((m) => env.reads.add(m));
  const rows = await env.tx.query(query.text, query.params);
  return Number(rows[0].count);
}

/** Reads records in the order of `ids`; ids that do not exist (or are hidden by rules) are left out. */
export async function read(
  env: Env,
  model: ModelClass,
  ids: number[],
  paths: string[],
): Promise<RecordValues[]> {
  if (env.checking) await env.access.checkModel(env, model, 'read');
  const tree = pathTree(paths);
  validatePaths(env, model, tree);
  // Rows hidden by the record rules are left out by the query that reads the others.
  const records = await readTree(env, model, ids, tree, { readRules: true });
  return ids.map((id) => records.get(id)).filter((r): r is RecordValues => !!r);
}

/** The ids among `ids` that exist and that the record rules let the user see (or change). */
export async function filterByRules(
  env: Env,
  model: ModelClass,
  ids: number[],
  mode: 'read' | 'write' | 'delete',
): Promise<number[]> {
  const rule = await ruleNode(env, model, mode);
  if (!rule || !ids.length) return ids;
  const scope = newScope(env.withoutChecks());
  const idParam = scope.params.add(ids);
  const where = await compileDomain(scope, model, rule, 'a');
  const rows = await env.tx.query(
    `SELECT "a"."id" FROM ${tableSource(env, model)} AS "a" WHERE "a"."id" = ANY(${idParam}) AND ${where}`,
    scope.params.values,
  );
  const allowed = new Set(rows.map((r) => r.id as number));
  return ids.filter((id) => allowed.has(id));
}

async function checkRules(
  env: Env,
  model: ModelClass,
  ids: number[],
  mode: 'write' | 'delete',
): Promise<void> {
  if (!env.checking) return;
  const allowed = await filterByRules(env, model, ids, mode);
  if (allowed.length !== new Set(ids).size) {
    throw new AccessError(
      `You are not allowed to ${mode} these records of "${model.__name__}" (record rules)`,
    );
  }
}

export async function defaultGet(env: Env, model: ModelClass, names: string[]): Promise<Values> {
  const values: Values = {};
  for (const name of names) {
    const field = model._fields[name];
    const def = field?.options.default;
    if (def === undefined) continue;
    values[name] = typeof def === 'function' ? await (def as (e: Env) => unknown)(env) : def;
  }
  return values;
}

function checkWritable(env: Env, model: ModelClass, values: Values, denied: Set<string>): void {
  for (const name of Object.keys(values)) {
    const field = Object.prototype.hasOwnProperty.call(model._fields, name) ? model._fields[name] : undefined;
    if (!field) throw new BadRequestError(`Unknown field "${name}" on model "${model.__name__}"`);
    if (AUTOMATIC.has(name) || (field.computed && !field.options.setter)) {
      throw new BadRequestError(`Field "${name}" of "${model.__name__}" is read-only`);
    }
    if (denied.has(name)) {
      throw new AccessError(`You are not allowed to write field "${name}" of "${model.__name__}"`);
    }
  }
}

/**
 * Longest text (UTF-8 bytes) stored in an indexed column: a btree entry holds at most about 2,700
 * bytes, so a longer value would fail inside PostgreSQL (54000) instead of being refused by name.
 */
export const MAX_INDEXED_BYTES = 2000;

function isIndexed(model: ModelClass, field: Field): boolean {
  return !!field.options.select || model._constraints.some((c) => c.columns.includes(field.name));
}

function coerceValue(model: ModelClass, field: Field, value: unknown): unknown {
  try {
    const coerced = field.coerce(value);
    const problem = field.validate(coerced);
    if (problem) throw new UserError(problem, 'validation');
    if (
      typeof coerced === 'string' &&
      coerced.length > MAX_INDEXED_BYTES / 4 &&
      Buffer.byteLength(coerced) > MAX_INDEXED_BYTES &&
      isIndexed(model, field)
    ) {
      throw new BadRequestError(
        `The value of "${field.string}" on "${model.__name__}" is longer than ${MAX_INDEXED_BYTES} bytes (the limit of an indexed field)`,
      );
    }
    return coerced;
  } catch (e) {
    if (e instanceof FieldValueError) throw new BadRequestError(e.message);
    throw e;
  }
}

function requiredError(model: ModelClass, field: Field): UserError {
  return new UserError(
    `A value is required for field "${field.string}" in "${model.description || model.__name__}".`,
    'required',
  );
}

/** Maps constraint violations to the model's declared messages (400, never 500). */
export function translateDbError(model: ModelClass, e: unknown): unknown {
  const err = e as DatabaseError;
  if (!err || typeof err.code !== 'string') return e;
  if (err.code === '23505') {
    const constraint = [...model._constraints].find((c) => err.constraint === `${model._table}_${c.name}`);
    return new UserError(
      constraint?.message ?? `A record with the same values already exists (${err.constraint}).`,
      'unique',
    );
  }
  if (err.code === '23503') return foreignKeyError(err.constraint);
  if (err.code === '23502') return new UserError(`A required value is missing (${err.column}).`, 'required');
  if (err.code === '22003' || err.code === '22P02' || err.code === '22007' || err.code === '22008') {
    return new BadRequestError(`Invalid value: ${err.message}`);
  }
  return e;
}

async function withDbErrors<T>(model: ModelClass, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw translateDbError(model, e);
  }
}

async function notify(
  env: Env,
  operation: 'create' | 'write' | 'delete',
  model: ModelClass,
  ids: number[],
  fields: string[],
) {
  env.touched.add(model.__name__);
  for (const listener of env.pool.listeners)
    await listener(env, { operation, model: model.__name__, ids, fields });
}

/** Models read from a query (reporting views) are read-only. */
function refuseQueryModel(model: ModelClass): void {
  if (model._tableQuery) throw new BadRequestError(`"${model.__name__}" is a report: it cannot be written`);
}

export async function create(env: Env, model: ModelClass, vlist: Values[]): Promise<number[]> {
  refuseQueryModel(model);
  if (!vlist.length) return [];
  if (env.checking) await env.access.checkModel(env, model, 'create');
  const denied = env.checking ? await env.access.deniedFields(env, model, 'write') : new Set<string>();
  for (const values of vlist) {
    if (!values || typeof values !== 'object' || Array.isArray(values)) {
      throw new BadRequestError(`Values to create a "${model.__name__}" must be an object`);
    }
    checkWritable(env, model, values, denied);
  }
  await checkReferences(env, model, vlist);
  const completed = await model.complete(
    env,
    vlist.map((v) => ({ ...v })),
  );
  const stored = Object.values(model._fields).filter((f) => f.stored && !AUTOMATIC.has(f.name));
  const now = PlainDateTime.now().toString();
  const rows: unknown[][] = [];
  const x2many: Values[] = [];
  const translations: [number, Field, string][] = [];
  // As Tryton: the defaults are computed once per create, for each set of given fields.
  const fieldNames = Object.keys(model._fields).filter((n) => !AUTOMATIC.has(n));
  const relationNames = new Set(
    fieldNames.filter((name) => {
      const field = model._fields[name];
      return (
        field instanceof One2ManyField ||
        field instanceof Many2ManyField ||
        (field.computed && !!field.options.setter)
      );
    }),
  );
  const isRelation = (name: string) => relationNames.has(name);
  const defaultsCache = new Map<string, unknown>();
  /**
   * Per set of given fields: their defaults, which of them a relation or setter takes, and the row
   * as the defaults fill it (a column not given holds the same stored value in every such record, so
   * it is coerced and checked once), with the columns of the given fields to fill per record.
   */
  interface Plan {
    defaults: Values;
    relations: string[];
    row: unknown[];
    given: number[];
  }
  const plans = new Map<string, Plan>();
  const makePlan = async (values: Values, key: string): Promise<Plan> => {
    const missing = fieldNames.filter((n) => !(n in values));
    const unknown = missing.filter((n) => !defaultsCache.has(n));
    const found = unknown.length ? await model.defaultGet(env, unknown) : {};
    for (const name of unknown) if (name in found) defaultsCache.set(name, found[name]);
    const defaults: Values = {};
    for (const name of missing) if (defaultsCache.has(name)) defaults[name] = defaultsCache.get(name);
    const row: unknown[] = [];
    // the columns to fill per record, in column order; a default that fails is thrown in its turn
    const given: number[] = [];
    stored.forEach((field, j) => {
      if (Object.prototype.hasOwnProperty.call(values, field.name)) {
        given.push(j);
        row.push(undefined);
        return;
      }
      try {
        row.push(storedValue(field, defaults[field.name]));
      } catch (e) {
        given.push(j);
        row.push(new FailedDefault(e));
      }
    });
    const plan = { defaults, relations: Object.keys(defaults).filter(isRelation), row, given };
    plans.set(key, plan);
    return plan;
  };
  const storedValue = (field: Field, raw: unknown) => {
    const value = coerceValue(model, field, raw);
    if (field.required && (value === null || value === '')) throw requiredError(model, field);
    return field.toDb(value);
  };
  const written = new Set<string>();
  for (const values of completed) {
    // by the given fields in their order: records built alike share a plan without sorting
    const key = Object.keys(values).join('\0');
    const {
      defaults,
      relations: defaultRelations,
      row: filled,
      given,
    } = plans.get(key) ?? (await makePlan(values, key));
    const row = filled.slice();
    for (const j of given) {
      if (row[j] instanceof FailedDefault) throw (row[j] as FailedDefault).error;
      row[j] = storedValue(stored[j], values[stored[j].name]);
    }
    // The relations and setters in the order of the record's values: defaults first, then the given.
    const relations: Values = {};
    const take = (name: string, value: unknown) => {
      if (value === undefined) return;
      const computed = model._fields[name].computed;
      // no actions on a relation: nothing to do
      if (!computed && (value === null || (Array.isArray(value) && !value.length))) return;
      relations[name] = value;
    };
    for (const name of defaultRelations) take(name, defaults[name]);
    for (const name in values) {
      written.add(name);
      if (isRelation(name)) take(name, values[name]);
    }
    row.push(env.writerId, now);
    rows.push(row);
    x2many.push(relations);
  }
  const columns = [
    ...stored.map((f) => ({ name: f.name, type: f.sqlType()! })),
    { name: 'create_uid', type: 'INTEGER' },
    { name: 'create_date', type: 'TIMESTAMP(6)' },
  ];
  const judged = stateColumns(env, model, vlist);
  const inserted = judged ? new Map<number, Record<string, unknown>>() : undefined;
  const ids = await withDbErrors(model, () => insertRows(env, model, columns, rows, judged ?? [], inserted));
  if (env.lang !== BASE_LANGUAGE) {
    // Tryton keeps the value in the column and records it as the translation of the request language.
    stored.forEach((field, i) => {
      if (!field.translate) return;
      ids.forEach((id, r) => {
        const value = rows[r][i];
        if (typeof value === 'string' && value) translations.push([id, field, value]);
      });
    });
    await writeTranslations(env, model, translations);
  }
  await checkReadonlyStates(env, model, ids, vlist, true, inserted);
  // As Tryton: each field is set once per distinct value on every record given it, in the order the
  // fields first appear. A value is the same when it is the same primitive or the same object (a
  // default the records share).
  const toSet = new Map<string, Map<unknown, { ids: number[]; value: unknown }>>();
  for (let i = 0; i < ids.length; i++) {
    for (const [name, value] of Object.entries(x2many[i])) {
      let groups = toSet.get(name);
      if (!groups) toSet.set(name, (groups = new Map()));
      const group = groups.get(value);
      if (group) group.ids.push(ids[i]);
      else groups.set(value, { ids: [ids[i]], value });
    }
  }
  for (const [name, groups] of toSet) {
    const field = model._fields[name];
    for (const { ids: owners, value } of groups.values()) {
      if (field.computed) await field.options.setter!(env, owners, name, value);
      else await applyX2ManyActions(env, model, field as One2ManyField | Many2ManyField, owners, value);
    }
  }
  await withDbErrors(model, () => model.validate(env, ids));
  await notify(env, 'create', model, ids, [...written]);
  return ids;
}

/** A default value that its field refuses, raised when a record that takes it is stored. */
class FailedDefault {
  constructor(readonly error: unknown) {}
}

/** Rows per INSERT: bounds the size of one statement's arrays (and of its answer). */
const INSERT_CHUNK = 10_000;

/**
 * One INSERT per chunk of rows, each column sent as one array parameter and unnested: the statement
 * stays small whatever the number of rows (a VALUES list has a parameter per value, which PostgreSQL
 * parses and plans one by one), and costs about what COPY does. The ids come back in row order: the
 * rows are inserted in their ordinality, each taking the id sequence's next value, so ascending ids
 * are the rows in order.
 */
async function insertRows(
  env: Env,
  model: ModelClass,
  columns: { name: string; type: string }[],
  rows: unknown[][],
  returning: string[] = [],
  inserted?: Map<number, Record<string, unknown>>,
): Promise<number[]> {
  const ids: number[] = [];
  const names = columns.map((c) => ident(c.name)).join(', ');
  const arrays = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  const text =
    `INSERT INTO ${ident(model._table)} (${names}) SELECT ${columns.map((_, i) => `"t"."c${i}"`).join(', ')}` +
    ` FROM UNNEST(${arrays}) WITH ORDINALITY AS "t"(${columns.map((_, i) => `"c${i}"`).join(', ')}, "n")` +
    ` ORDER BY "t"."n" RETURNING ${['id', ...returning].map(ident).join(', ')}`;
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK);
    const result = await env.tx.query(
      text,
      columns.map((_, i) => arrayLiteral(chunk, i)),
    );
    ids.push(...result.map((r) => r.id as number).sort((a, b) => a - b));
    if (inserted) for (const row of result) inserted.set(row.id as number, row);
  }
  return ids;
}

const ARRAY_SPECIAL = /["\\]/g;

/**
 * The text of a PostgreSQL array of column `i` of the rows (what pg would send for a JavaScript
 * array, without its per-element type dispatch): NULL, numbers and booleans bare, text quoted with
 * `"` and `\` escaped, bytes as `\x` hex, other objects as JSON (as pg sends them).
 */
function arrayLiteral(rows: unknown[][], i: number): string {
  const parts = new Array<string>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const v = rows[r][i];
    if (v === null || v === undefined) parts[r] = 'NULL';
    else if (typeof v === 'number') parts[r] = Number.isFinite(v) ? String(v) : `"${String(v)}"`;
    else if (typeof v === 'boolean') parts[r] = v ? 't' : 'f';
    else {
      const text =
        typeof v === 'string' ? v : Buffer.isBuffer(v) ? `\\x${v.toString('hex')}` : JSON.stringify(v);
      parts[r] = `"${text.replace(ARRAY_SPECIAL, '\\$&')}"`;
    }
  }
  return `{${parts.join(',')}}`;
}

async function writeTranslations(
  env: Env,
  model: ModelClass,
  entries: [number, Field, string][],
): Promise<void> {
  if (!entries.length) return;
  env.touched.add('ir.translation');
  const names = entries.map(([, f]) => `${model.__name__},${f.name}`);
  await env.tx.query(
    `INSERT INTO "ir_translation" ("name", "res_id", "lang", "type", "src", "value", "fuzzy", "create_uid", "create_date")
     SELECT n, r, $3, 'model', v, v, FALSE, $4, NOW() AT TIME ZONE 'UTC' FROM UNNEST($1::varchar[], $2::int[], $5::text[]) AS t(n, r, v)
     ON CONFLICT ("name", "res_id", "lang", "type") DO UPDATE SET "value" = EXCLUDED."value", "write_uid" = $4, "write_date" = NOW() AT TIME ZONE 'UTC'`,
    [names, entries.map(([id]) => id), env.lang, env.writerId, entries.map(([, , v]) => v)],
  );
}

export async function write(env: Env, model: ModelClass, ids: number[], values: Values): Promise<void> {
  refuseQueryModel(model);
  if (!ids.length) return;
  if (!values || typeof values !== 'object' || Array.isArray(values)) {
    throw new BadRequestError(`Values to write on "${model.__name__}" must be an object`);
  }
  if (env.checking) await env.access.checkModel(env, model, 'write');
  const denied = env.checking ? await env.access.deniedFields(env, model, 'write') : new Set<string>();
  checkWritable(env, model, values, denied);
  await checkRules(env, model, ids, 'write');
  await checkReadonlyStates(env, model, ids, values, false);
  await checkReferences(env, model, [values]);
  const sets: string[] = [];
  const params: unknown[] = [ids];
  const translations: [number, Field, string][] = [];
  const relations: [string, unknown][] = [];
  for (const [name, raw] of Object.entries(values)) {
    const field = model._fields[name];
    if (field instanceof One2ManyField || field instanceof Many2ManyField || field.computed) {
      relations.push([name, raw]);
      continue;
    }
    const value = coerceValue(model, field, raw);
    if (field.required && (value === null || value === '')) throw requiredError(model, field);
    if (field.translate && env.lang !== BASE_LANGUAGE) {
      for (const id of ids) translations.push([id, field, value as string]);
      continue;
    }
    params.push(field.toDb(value));
    sets.push(`${ident(name)} = $${params.length}`);
  }
  params.push(env.writerId);
  sets.push(`"write_uid" = $${params.length}`, `"write_date" = NOW() AT TIME ZONE 'UTC'`);
  await withDbErrors(model, () =>
    env.tx.query(`UPDATE ${ident(model._table)} SET ${sets.join(', ')} WHERE "id" = ANY($1)`, params),
  );
  await writeTranslations(env, model, translations);
  for (const [name, value] of relations) {
    const field = model._fields[name];
    if (field.computed) await field.options.setter!(env, ids, name, value);
    else await applyX2ManyActions(env, model, field as One2ManyField | Many2ManyField, ids, value);
  }
  // A write must not move a record outside the user's rules.
  await checkRules(env, model, ids, 'write');
  if (model._parent && model._parent in values) await checkRecursion(env, model, ids);
  await withDbErrors(model, () => model.validate(env, ids));
  await notify(env, 'write', model, ids, Object.keys(values));
}

export async function remove(env: Env, model: ModelClass, ids: number[]): Promise<void> {
  refuseQueryModel(model);
  if (!ids.length) return;
  if (env.checking) await env.access.checkModel(env, model, 'delete');
  await checkRules(env, model, ids, 'delete');
  // Rows removed or changed by ON DELETE CASCADE / SET NULL also change their models' data.
  for (const other of env.pool.all()) {
    for (const field of Object.values(other._fields)) {
      if (
        field instanceof Many2OneField &&
        field.target === model.__name__ &&
        field.name !== 'create_uid' &&
        field.name !== 'write_uid'
      ) {
        env.touched.add(other.__name__);
      }
    }
  }
  await withDbErrors(model, () =>
    env.tx.query(`DELETE FROM ${ident(model._table)} WHERE "id" = ANY($1)`, [ids]),
  );
  await env.tx.query(
    `DELETE FROM "ir_translation" WHERE "type" = 'model' AND "name" LIKE $1 AND "res_id" = ANY($2)`,
    [`${model.__name__},%`, ids],
  );
  await notify(env, 'delete', model, ids, []);
}

/** Deepest tree walked when checking for a cycle (a deeper tree is refused as if it were one). */
const MAX_TREE_DEPTH = 10_000;

/** Whether `node` is one of `ids` or lies below one of them in the tree of `parent`. */
async function inSubtrees(
  env: Env,
  model: ModelClass,
  parent: string,
  ids: number[],
  node: number,
): Promise<boolean> {
  if (ids.includes(node)) return true;
  const table = ident(model._table);
  const rows = await env.tx.query(
    `WITH RECURSIVE "up"("id", "depth") AS (
       SELECT ${ident(parent)}, 1 FROM ${table} WHERE "id" = $1
       UNION
       SELECT "t".${ident(parent)}, "up"."depth" + 1 FROM ${table} AS "t" JOIN "up" ON "t"."id" = "up"."id"
       WHERE "up"."depth" < ${MAX_TREE_DEPTH}
     ) SELECT 1 FROM "up" WHERE "id" = ANY($2) LIMIT 1`,
    [node, ids],
  );
  return rows.length > 0;
}

/**
 * Tryton's check_recursion: after records of a tree got a new parent, none may be its own ancestor.
 * The walk up is bounded (UNION stops on a cycle that is already there; depth stops a runaway).
 */
async function checkRecursion(env: Env, model: ModelClass, ids: number[]): Promise<void> {
  const parent = model._parent;
  if (!parent || !ids.length) return;
  const table = ident(model._table);
  const rows = await env.tx.query(
    `WITH RECURSIVE "up"("start", "id", "depth") AS (
       SELECT "id", ${ident(parent)}, 1 FROM ${table} WHERE "id" = ANY($1)
       UNION
       SELECT "up"."start", "t".${ident(parent)}, "up"."depth" + 1
       FROM ${table} AS "t" JOIN "up" ON "t"."id" = "up"."id"
       WHERE "up"."id" <> "up"."start" AND "up"."depth" < ${MAX_TREE_DEPTH}
     ) SELECT 1 FROM "up" WHERE "id" = "start" OR "depth" >= ${MAX_TREE_DEPTH} LIMIT 1`,
    [ids],
  );
  if (rows.length)
    throw new BadRequestError(
      `Recursion error: a "${model.__name__}" record cannot be its own parent or ancestor ("${parent}")`,
    );
}

export async function copy(env: Env, model: ModelClass, ids: number[], defaults: Values): Promise<number[]> {
  const names = Object.values(model._fields)
    .filter((f) => (f.stored || (f instanceof Many2ManyField && !f.computed)) && !AUTOMATIC.has(f.name))
    .map((f) => f.name);
  const records = await read(env, model, ids, names);
  if (records.length !== ids.length) throw new NotFoundError(`Some "${model.__name__}" records do not exist`);
  const vlist = records.map((record) => {
    const values: Values = {};
    for (const name of names) {
      const field = model._fields[name];
      values[name] = field instanceof Many2ManyField ? [['add', record[name]]] : record[name];
    }
    return { ...values, ...defaults };
  });
  // A record copied under itself or one of its descendants would copy its own copy, without end.
  const parent = model._parent;
  if (parent && parent in defaults && defaults[parent] !== null && defaults[parent] !== undefined) {
    if (await inSubtrees(env, model, parent, ids, Number(defaults[parent])))
      throw new BadRequestError(
        `A "${model.__name__}" record cannot be copied into itself or one of its descendants`,
      );
  }
  // One2many children are copied with their parent (Tryton copies o2m by default): the ones that
  // exist before the copy, never the copies it makes.
  const children: [One2ManyField, ModelClass, RecordValues[]][] = [];
  for (const field of Object.values(model._fields)) {
    if (!(field instanceof One2ManyField) || field.computed || field.name in defaults) continue;
    // Attachments and notes (a one2many on a reference) stay with the original, as Tryton's resource_copy.
    if (field.referenceOwner !== null) continue;
    const target = env.model(field.target);
    const childIds = await target.search(env.withContext({ active_test: false }), [
      [field.reverse, 'in', ids],
    ]);
    if (childIds.length) children.push([field, target, await target.read(env, childIds, [field.reverse])]);
  }
  const newIds = await create(env, model, vlist);
  for (const [field, target, owners] of children) {
    for (const child of owners) {
      const index = ids.indexOf(child[field.reverse] as number);
      await target.copy(env, [child.id], { [field.reverse]: newIds[index] });
    }
  }
  return newIds;
}

/** rec_name of records: the model's rec_name field (translated), or the id as text. */
export async function recNames(env: Env, model: ModelClass, ids: number[]): Promise<Map<number, string>> {
  const result = new Map<number, string>();
  const name = model._recName;
  if (!name || !model._fields[name]) {
    ids.forEach((id) => result.set(id, String(id)));
    return result;
  }
  const records = await readTree(env.withoutChecks(), model, ids, new Map([[name, null]]));
  for (const [id, record] of records) {
    const value = record[name];
    result.set(id, value === null || value === undefined ? '' : String(value));
  }
  return result;
}

export { parseDomain };
