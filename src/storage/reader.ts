import { Field } from '../fields/field';
import { tableSource } from '../domain/table-source';
import { Many2OneField } from '../fields/many2one';
import { One2ManyField } from '../fields/one2many';
import { Many2ManyField } from '../fields/many2many';
import { newScope } from '../domain/compiler';
import { compileOrder } from '../domain/order';
import { col, ident } from '../domain/sql';
import { languageChain } from '../domain/translation-sql';
import type { Env } from '../pool/env';
import { BinaryField } from '../fields/binary';
import type { Transaction } from './transaction';
import { BadRequestError } from '../pool/errors';
import type { ModelClass, RecordValues } from '../pool/model';
import { ruleNode } from './query';
import { compileDomain } from '../domain/compiler';
import { hiddenIngredients, visibleIds } from './ingredients';
import { dependsModels, dependsOf } from '../pool/depends';
import { settleAll } from './settle';

/** Field paths as a tree: `lines.product.code` -> lines: { product: { code: null } }. */
export type PathTree = Map<string, PathTree | null>;

export function pathTree(paths: string[]): PathTree {
  const root: PathTree = new Map();
  for (const path of paths) {
    let node = root;
    const parts = path.split('.');
    parts.forEach((part, i) => {
      if (!part) throw new BadRequestError(`Invalid field path "${path}"`);
      const last = i === parts.length - 1;
      let child = node.get(part);
      if (last) {
        if (child === undefined) node.set(part, null);
        return;
      }
      if (!child) {
        child = new Map();
        node.set(part, child);
      }
      node = child;
    });
  }
  return root;
}

/** Checks every path against the models (unknown field or a step through a non-relation: 400). */
export function validatePaths(env: Env, model: ModelClass, tree: PathTree): void {
  for (const [name, sub] of tree) {
    const field = model._fields[name];
    if (!field || !Object.prototype.hasOwnProperty.call(model._fields, name)) {
      throw new BadRequestError(`Unknown field "${name}" on model "${model.__name__}"`);
    }
    if (sub) {
      const target = (field as { target?: string }).target;
      if (!target) throw new BadRequestError(`Field "${name}" of "${model.__name__}" is not a relation`);
      validatePaths(env, env.model(target), sub);
    }
  }
}

export interface ReadOptions {
  /** Add `__name__` to every record, at every level (the Tryton dialect). */
  withModelName?: boolean;
  /**
   * Leave out the records (of the first level) that the user's read rules hide, in the same query
   * that reads them: what filterByRules then readTree do in two round trips. Deeper levels always
   * apply the rules (visibleIds for many2one, the x2many query itself).
   */
  readRules?: boolean;
  /**
   * The caller found the ids with the user's read rules applied (a search, a relation's visible
   * targets): the walks of computed fields' ingredients may take them as visible.
   */
  visible?: boolean;
}

/**
 * Reads records and the given field paths with one query per relation level per batch (plus one per
 * translated level and per x2many field), never one per record. Fields the user may not read, and
 * relations into models the user may not read, are silently left out.
 */
export async function readTree(
  env: Env,
  model: ModelClass,
  ids: number[],
  tree: PathTree,
  options: ReadOptions = {},
  preloaded?: Map<number, Record<string, unknown>>,
): Promise<Map<number, RecordValues>> {
  const out = new Map<number, RecordValues>();
  if (!ids.length) return out;
  env.reads.add(model.__name__);
  const denied = env.checking ? await env.access.deniedFields(env, model, 'read') : new Set<string>();
  const wanted: [string, Field, PathTree | null][] = [];
  for (const [name, sub] of tree) {
    if (denied.has(name) || name === 'id') continue;
    const field = model._fields[name];
    if (!field) throw new BadRequestError(`Unknown field "${name}" on model "${model.__name__}"`);
    const target = (field as { target?: string }).target;
    if (target && env.checking) {
      const targetModel = env.model(target);
      if (targetModel._internal || !(await env.access.canModel(env, targetModel, 'read'))) continue;
    }
    wanted.push([name, field, sub]);
  }
  const stored = wanted.filter(([, f]) => f.stored);
  const columns = ['id', ...stored.map(([n]) => n)];
  const rule = options.readRules ? await ruleNode(env, model, 'read') : null;
  // The reads that need only the ids (each x2many's ids, the walks of what computed fields are made
  // of): when the rows themselves must be queried, asked with that query (one round trip less for a
  // record read by id); their answers about ids that turn out not to exist, or to be hidden, are
  // dropped with those ids.
  const prefetched = new Map<string, Map<number, Record<string, unknown>>>();
  let early: Map<string, Promise<unknown>> | null = null;
  // The ids the user's rules let through: those the caller vouches for, or those the rows' query
  // (with the rules, or without any rule for the user) finds.
  let visible: Promise<ReadonlySet<number>> | undefined;
  // The one2many fields read that a walk steps through first (a sale's lines for its total): their
  // query tells the walk's first step too (one statement less).
  const walked = new Set<string>();
  if (env.checking)
    for (const [, field] of wanted)
      for (const path of dependsOf(field)) {
        const first = path.split('.')[0];
        if (model._fields[first] instanceof One2ManyField) walked.add(first);
      }
  /** The stored columns of an x2many's targets the next level reads, fetched with their ids. */
  const prefetchOf = (name: string, field: One2ManyField | Many2ManyField, sub: PathTree | null) => {
    if (!sub) return undefined;
    const target = env.model(field.target);
    const prefetch = {
      columns: [...sub.keys()].filter((n) => target._fields[n]?.stored && n !== 'id'),
      rows: new Map<number, Record<string, unknown>>(),
    };
    prefetched.set(name, prefetch.rows);
    return prefetch;
  };
  const idTasks = (of: number[]) => {
    const started = new Map<string, Promise<unknown>>();
    const ownLinks = new Map<string, Promise<OwnLinks>>();
    for (const [name, field, sub] of wanted) {
      if (!(field instanceof One2ManyField) || field.computed || !walked.has(name)) continue;
      const prefetch = prefetchOf(name, field, sub);
      const links: OwnLinks = { links: [], shown: new Set() };
      const read = readX2ManyIds(env, model, field, of, prefetch, links);
      started.set(`x2many:${name}`, read);
      const told = read.then(() => links);
      // (observed here too: a walk that ends before this step leaves it unawaited)
      told.catch(() => undefined);
      ownLinks.set(name, told);
    }
    for (const [name, field, sub] of wanted) {
      if (dependsOf(field).length)
        started.set(`walk:${name}`, hiddenIngredients(env, model, of, field, visible, ownLinks));
      if (started.has(`x2many:${name}`)) continue;
      if ((field instanceof One2ManyField || field instanceof Many2ManyField) && !field.computed) {
        started.set(`x2many:${name}`, readX2ManyIds(env, model, field, of, prefetchOf(name, field, sub)));
      }
    }
    // Nothing is left unobserved if the row query fails first (settleAll waits for every task).
    for (const task of started.values()) task.catch(() => undefined);
    return started;
  };
  let rows: Record<string, unknown>[];
  if (!rule && preloaded && ids.every((id) => preloaded.has(id))) {
    // The columns of records reached through an x2many came with the query that found them.
    rows = ids.map((id) => preloaded.get(id)!);
  } else {
    const source = tableSource(env, model);
    const cache = rowCache(env, model, source, columns);
    if (cache && !rule && ids.every((id) => cache.rows.has(id))) {
      // Every row was read already by this read-only transaction (another level, a getter's read).
      rows = ids.map((id) => cache.rows.get(id)).filter((r): r is Record<string, unknown> => !!r);
    } else {
      const scope = newScope(env.withoutChecks());
      const idParam = scope.params.add(ids);
      const ruleSql = rule ? ` AND ${await compileDomain(scope, model, rule, 'a')}` : '';
      const select = cache && ids.length <= MAX_CACHED_READ ? cache.columns : columns;
      const joined = select === cache?.columns ? prefetchJoins(env, model) : [];
      const extra = joined.map((j) => j.select).join('');
      const joins = joined.map((j) => j.join).join('');
      const query = env.tx.query(
        `SELECT ${selectList(select)}${extra} FROM ${source} AS "a"${joins} WHERE "a"."id" = ANY(${idParam})${ruleSql}`,
        scope.params.values,
      );
      if (options.readRules || options.visible)
        visible = query.then(
          (found) => new Set(found.map((r) => r.id as number)),
          () => new Set<number>(),
        );
      early = idTasks(ids);
      try {
        rows = await query;
      } catch (e) {
        await settleAll([...early.values()]).catch(() => undefined);
        throw e;
      }
      if (cache && select === cache.columns) keepRows(env, cache.rows, ids, rows, !rule);
      for (const j of joined) j.keep(rows);
    }
  }
  // (a column whose field keeps the driver's value as it is is copied without a call)
  const names = stored.map(([name]) => name);
  const converted = stored.map(([, field]) => (field.fromDb === Field.prototype.fromDb ? null : field));
  for (const row of rows) {
    const record: RecordValues = { id: row.id as number };
    if (options.withModelName) record.__name__ = model.__name__;
    for (let i = 0; i < names.length; i++) {
      const field = converted[i];
      record[names[i]] = field === null ? row[names[i]] : field.fromDb(row[names[i]]);
    }
    out.set(record.id, record);
  }
  const found = [...out.keys()];
  if (!found.length) {
    if (early) await settleAll([...early.values()]).catch(() => undefined);
    return out;
  }
  if (!early && (options.readRules || options.visible)) visible = Promise.resolve(new Set(found));
  const byId = early ?? idTasks(found);
  const idTask = <T>(key: string) => byId.get(key) as Promise<T>;

  // What follows depends only on the rows just read, not on each other: the translations, each
  // computed field (its getter and the check of what it is made of), each x2many's ids. They are
  // asked together, so that on a pipelining connection their statements share round trips (a sale's
  // lines, the walk of its total's ingredients and its lines' ids leave and come back together).
  // Each task writes its own field into `out`.
  const tasks: Promise<void>[] = [
    applyTranslations(
      env,
      model,
      found,
      stored.filter(([, f]) => f.translate).map(([, f]) => f),
      out,
    ),
  ];
  // The members keep the order they had when these were asked one after the other: the computed
  // fields, then the x2many fields, each in the order asked (whichever answer comes first).
  const later = [
    ...wanted.filter(([, f]) => f.computed),
    ...wanted.filter(([, f]) => !f.computed && (f instanceof One2ManyField || f instanceof Many2ManyField)),
  ].map(([name]) => name);
  for (const record of out.values()) for (const name of later) record[name] = undefined;
  // The tasks that set each field's values: a nested level starts once its own field's are set, not
  // once every field of this level is (a sale's products are read while its total is computed).
  const settingTasks = new Map<string, Promise<void>[]>();
  const setting = (name: string, task: Promise<void>) => {
    tasks.push(task);
    const list = settingTasks.get(name);
    if (list) list.push(task);
    else settingTasks.set(name, [task]);
  };
  for (const [name, field] of wanted) {
    if (!field.computed && dependsOf(field).length) {
      // A stored copy of other values (see FieldOptions.depends): as a computed field would read.
      setting(
        name,
        idTask<Set<number>>(`walk:${name}`).then((hidden) => {
          for (const id of hidden) {
            const record = out.get(id);
            if (record) record[name] = null;
          }
        }),
      );
    }
    if (field.computed) {
      setting(
        name,
        Promise.all([
          field.options.getter!(env, found, name, model),
          // Made of a record the user's rules hide: null, as the hidden record itself reads.
          dependsOf(field).length ? idTask<Set<number>>(`walk:${name}`) : new Set<number>(),
        ]).then(([values, hidden]) => {
          dependsModels(env.pool, model, field).forEach((m) => env.reads.add(m));
          for (const [id, record] of out) {
            record[name] = values.has(id) && !hidden.has(id) ? values.get(id) : null;
          }
        }),
      );
    }
    // A computed x2many (e.g. a variant's proxy of its template's categories) got its ids from its getter.
    if ((field instanceof One2ManyField || field instanceof Many2ManyField) && !field.computed) {
      setting(
        name,
        idTask<Map<number, number[]>>(`x2many:${name}`).then((lists) => {
          for (const [id, record] of out) record[name] = lists.get(id) ?? [];
        }),
      );
    }
  }

  // Nested levels: one read per relation field, for all records of this level at once (the fields'
  // reads together, as above), each as soon as its field's values are known.
  const nestedTasks: Promise<void>[] = [];
  for (const [name, field, sub] of wanted) {
    if (!sub) continue;
    const target = env.model((field as unknown as { target: string }).target);
    const own = settingTasks.get(name);
    nestedTasks.push(
      (async () => {
        if (own) await settleAll(own);
        const targetIds = new Set<number>();
        for (const record of out.values()) {
          const v = record[name];
          if (Array.isArray(v)) v.forEach((i) => targetIds.add(i as number));
          else if (typeof v === 'number') targetIds.add(v);
        }
        // Records the user's rules hide are not read through a relation either (they read as null).
        const visible =
          field instanceof Many2OneField ? await visibleIds(env, target, [...targetIds]) : [...targetIds];
        const nested = await readTree(
          env,
          target,
          visible,
          sub,
          { ...options, readRules: false, visible: true },
          prefetched.get(name),
        );
        for (const record of out.values()) {
          const v = record[name];
          if (Array.isArray(v)) {
            const list: RecordValues[] = [];
            for (const i of v) {
              const target = nested.get(i as number);
              if (target) list.push(target);
            }
            record[name] = list;
          } else if (typeof v === 'number') record[name] = nested.get(v) ?? null;
        }
      })(),
    );
  }
  // (the id tasks of fields no task above waits for are waited for too)
  await settleAll([...tasks, ...byId.values(), ...nestedTasks]);
  return out;
}

/** Reads of more rows than this are not widened to every column nor kept. */
const MAX_CACHED_READ = 1000;
/** Rows a read-only transaction keeps at most (a long streamed list stops keeping, it never grows). */
const MAX_CACHED_ROWS = 5000;

interface RowCache {
  /** Every stored column of the model but binaries: what a row in `rows` holds. */
  columns: string[];
  /** By id; null: no such row. */
  rows: Map<number, Record<string, unknown> | null>;
}

const rowCaches = new WeakMap<Transaction, { sources: Map<string, RowCache>; kept: number }>();
const cacheColumns = new WeakMap<ModelClass, string[]>();

/**
 * The rows of `source` a read-only transaction has read, when `columns` are among those it keeps
 * (Tryton reads every plain column of a record at once for the same reason): the getters and levels
 * that read the same records again (a product's code and template for its rec_name) cost no query.
 * One snapshot, no writes: a row read once is the row. Which records the user may see is still
 * decided by each read (rules, visibleIds); the cache only holds column values.
 */
function rowCache(env: Env, model: ModelClass, source: string, columns: string[]): RowCache | null {
  if (!env.tx.readOnly) return null;
  const all = keptColumns(model);
  if (!columns.every((c) => all.includes(c))) return null;
  let caches = rowCaches.get(env.tx);
  if (!caches) rowCaches.set(env.tx, (caches = { sources: new Map(), kept: 0 }));
  let cache = caches.sources.get(source);
  if (!cache) caches.sources.set(source, (cache = { columns: all, rows: new Map() }));
  return cache;
}

/** Every stored column of the model but binaries (one array per model: see selectList). */
function keptColumns(model: ModelClass): string[] {
  let all = cacheColumns.get(model);
  if (!all) {
    all = [
      'id',
      ...Object.values(model._fields)
        .filter((f) => f.stored && !(f instanceof BinaryField) && f.name !== 'id')
        .map((f) => f.name),
    ];
    cacheColumns.set(model, all);
    keptArrays.add(all);
  }
  return all;
}

const keptArrays = new WeakSet<string[]>();
const selectLists = new WeakMap<string[], string>();

/** `"a"."id", "a"."name", ...`: written once for a model's kept columns (every read by id asks them). */
function selectList(columns: string[]): string {
  const known = selectLists.get(columns);
  if (known !== undefined) return known;
  const text = columns.map((c) => col('a', c)).join(', ');
  if (keptArrays.has(columns)) selectLists.set(columns, text);
  return text;
}

interface PrefetchJoin {
  select: string;
  join: string;
  /** Puts the joined rows into their model's row cache. */
  keep(rows: Record<string, unknown>[]): void;
}

/** What a `_prefetch` many2one's LEFT JOIN selects and joins: the same for every read of the model. */
interface JoinShape {
  target: ModelClass;
  source: string;
  select: string;
  join: string;
  /** The aliases of the target's kept columns, `p<i>.<column>`, in their order. */
  names: string[];
}

const joinShapes = new WeakMap<ModelClass, JoinShape[]>();

/** The join shapes of a model's prefetch many2ones into tables (a table query's SQL depends on the request). */
function joinShapesOf(env: Env, model: ModelClass): JoinShape[] {
  let shapes = joinShapes.get(model);
  if (shapes) return shapes;
  shapes = [];
  let constant = true;
  model._prefetch.forEach((name, i) => {
    const field = model._fields[name];
    if (!(field instanceof Many2OneField) || !field.stored) return;
    const target = env.model(field.target);
    if (target._tableQuery) constant = false;
    const source = tableSource(env, target);
    const columns = keptColumns(target);
    const alias = `p${i}`;
    const names = columns.map((c) => `${alias}.${c}`);
    shapes!.push({
      target,
      source,
      select: columns.map((c, k) => `, ${col(alias, c)} AS ${ident(names[k])}`).join(''),
      join: ` LEFT JOIN ${source} AS ${ident(alias)} ON ${col(alias, 'id')} = ${col('a', name)}`,
      names,
    });
  });
  if (constant) joinShapes.set(model, shapes);
  return shapes;
}

/** The LEFT JOINs of a model's `_prefetch` many2ones, their columns aliased `p<i>.<column>`. */
function prefetchJoins(env: Env, model: ModelClass): PrefetchJoin[] {
  if (!model._prefetch.length) return [];
  const out: PrefetchJoin[] = [];
  for (const { target, source, select, join, names } of joinShapesOf(env, model)) {
    const cache = rowCache(env, target, source, ['id']);
    if (!cache) continue;
    out.push({
      select,
      join,
      keep: (rows) => {
        const found: Record<string, unknown>[] = [];
        const seen = new Set<number>();
        for (const row of rows) {
          const id = row[names[0]] as number | null;
          if (id === null || seen.has(id) || cache.rows.has(id)) continue;
          seen.add(id);
          const target: Record<string, unknown> = {};
          cache.columns.forEach((c, k) => (target[c] = row[names[k]]));
          found.push(target);
        }
        if (found.length)
          keepRows(
            env,
            cache.rows,
            found.map((r) => r.id as number),
            found,
            false,
          );
      },
    });
  }
  return out;
}

function keepRows(
  env: Env,
  rows: Map<number, Record<string, unknown> | null>,
  ids: number[],
  found: Record<string, unknown>[],
  complete: boolean,
): void {
  const caches = rowCaches.get(env.tx)!;
  if (caches.kept + ids.length > MAX_CACHED_ROWS) return;
  caches.kept += ids.length;
  for (const row of found) rows.set(row.id as number, row);
  // Without a rule, an id the query did not find does not exist (with one, it may only be hidden).
  if (complete) for (const id of ids) if (!rows.has(id)) rows.set(id, null);
}

async function applyTranslations(
  env: Env,
  model: ModelClass,
  ids: number[],
  fields: Field[],
  out: Map<number, RecordValues>,
): Promise<void> {
  const chain = languageChain(env.lang);
  if (!fields.length || !chain.length) return;
  env.reads.add('ir.translation');
  const names = fields.map((f) => `${model.__name__},${f.name}`);
  const rows = await env.tx.query(
    `SELECT "name", "res_id", "lang", "value" FROM "ir_translation" WHERE "type" = 'model' AND "name" = ANY($1) AND "res_id" = ANY($2) AND "lang" = ANY($3) AND "value" <> ''`,
    [names, ids, chain],
  );
  // The most specific language wins: apply the chain from the least specific.
  const rank = new Map(chain.map((c, i) => [c, i]));
  rows.sort((a, b) => rank.get(b.lang)! - rank.get(a.lang)!);
  for (const row of rows) {
    const record = out.get(row.res_id);
    if (record) record[(row.name as string).slice(model.__name__.length + 1)] = row.value;
  }
}

/** A one2many's links ([owner, target]) and the targets the user's rules let through. */
export interface OwnLinks {
  links: [number, number][];
  shown: Set<number>;
}

/** Ids of the related records of an x2many, per owner, in the target's order. Record rules apply. */
export async function readX2ManyIds(
  env: Env,
  model: ModelClass,
  field: One2ManyField | Many2ManyField,
  ids: number[],
  /** Also fetch these stored columns of the targets, into `rows` (saves the next level's query). */
  prefetch?: { columns: string[]; rows: Map<number, Record<string, unknown>> },
  /**
   * (a one2many) Also tell every target, hidden ones included, with whether the user's rules let it
   * through: what the walk of a computed field made of this one2many asks first (see OwnLinks).
   */
  links?: OwnLinks,
): Promise<Map<number, number[]>> {
  const target = env.model(field.target);
  env.reads.add(target.__name__);
  const scope = newScope(env);
  const owner = scope.params.add(field instanceof One2ManyField ? field.ownerValues(ids) : ids);
  const order = await compileOrder(scope, target, field.options.order, 'a');
  const rule = await ruleNode(env, target, 'read');
  const withLinks = links !== undefined && field instanceof One2ManyField;
  const ruleScope = { ...scope, env: env.withoutChecks() };
  const ruleSql = rule && !withLinks ? ` AND ${await compileDomain(ruleScope, target, rule, 'a')}` : '';
  const extra = (prefetch?.columns ?? []).map((c) => `, ${col('a', c)}`).join('');
  let text: string;
  if (field instanceof One2ManyField && withLinks) {
    // Every target, with whether the rules let it through ("v"), as ingredients.ts's one2many step
    // asks (a LEFT JOIN to the targets the rules let through); the hidden ones are dropped below.
    const source = tableSource(env, target);
    const visible = rule
      ? ` LEFT JOIN (SELECT "b"."id" FROM ${source} AS "b" WHERE ${await compileDomain(ruleScope, target, rule, 'b')}) AS "vis" ON "vis"."id" = "a"."id"`
      : '';
    text = `SELECT "a"."id" AS "target", ${field.ownerSql('a')} AS "owner", ${rule ? '("vis"."id" IS NOT NULL)' : 'TRUE'} AS "v"${extra} FROM ${source} AS "a"${visible} ${order.joins.join(' ')} WHERE ${col('a', field.reverse)} = ANY(${owner}) ORDER BY ${order.terms.join(', ')}`;
  } else if (field instanceof One2ManyField) {
    text = `SELECT "a"."id" AS "target", ${field.ownerSql('a')} AS "owner"${extra} FROM ${tableSource(env, target)} AS "a" ${order.joins.join(' ')} WHERE ${col('a', field.reverse)} = ANY(${owner})${ruleSql} ORDER BY ${order.terms.join(', ')}`;
  } else {
    const relation = env.model(field.relation);
    env.reads.add(relation.__name__);
    const link = field.linkCondition(relation, 'r');
    text = `SELECT "a"."id" AS "target", "r".${ident(field.origin)} AS "owner"${extra} FROM ${ident(relation._table)} AS "r" JOIN ${tableSource(env, target)} AS "a" ON "a"."id" = "r".${ident(field.targetField)} ${order.joins.join(' ')} WHERE "r".${ident(field.origin)} = ANY(${owner})${link ? ` AND ${link}` : ''}${ruleSql} ORDER BY ${order.terms.join(', ')}`;
  }
  const rows = await env.tx.query(text, scope.params.values);
  const result = new Map<number, number[]>();
  for (const row of rows) {
    if (withLinks) {
      links.links.push([row.owner, row.target]);
      if (!row.v) continue;
      links.shown.add(row.target);
    }
    let list = result.get(row.owner);
    if (!list) result.set(row.owner, (list = []));
    list.push(row.target);
    // (the row is this caller's own: Transaction.query hands out rows nobody else holds)
    if (prefetch) {
      row.id = row.target;
      prefetch.rows.set(row.target, row);
    }
  }
  return result;
}

export { Many2OneField };
