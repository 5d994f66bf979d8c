import type { Field } from '../fields/field';
import { Many2ManyField } from '../fields/many2many';
import { Many2OneField } from '../fields/many2one';
import { One2ManyField } from '../fields/one2many';
import { compileDomain, newScope } from '../domain/compiler';
import { col, ident } from '../domain/sql';
import { tableSource } from '../domain/table-source';
import { dependsOf, targetOf } from '../pool/depends';
import type { Env } from '../pool/env';
import type { ModelClass } from '../pool/model';
import { ruleNode } from './query';
import { settleAll } from './settle';

/** Deeper than this (a computed field made of computed fields, a tree's rec_name): the value is null. */
const MAX_DEPTH = 64;

/** The ids among `ids` that the user's read rules let through (all of them when no rule applies). */
export async function visibleIds(env: Env, model: ModelClass, ids: number[]): Promise<number[]> {
  if (!ids.length) return ids;
  const rule = await ruleNode(env, model, 'read');
  if (!rule) return ids;
  const scope = newScope(env.withoutChecks());
  const idParam = scope.params.add(ids);
  const where = await compileDomain(scope, model, rule, 'a');
  const rows = await env.tx.query(
    `SELECT "a"."id" FROM ${tableSource(env, model)} AS "a" WHERE "a"."id" = ANY(${idParam}) AND ${where}`,
    scope.params.values,
  );
  return rows.map((r) => r.id as number);
}

/** Records of one level, each with the ids of the records being read that it went into. */
type Reach = Map<number, Set<number>>;

interface Walk {
  env: Env;
  /** The ids (of the records being read) whose value is made of a hidden record. */
  tainted: Set<number>;
  /** Per model: whether it, or a model its paths reach, has a read rule for the user. */
  ruled: Map<string, boolean>;
  /**
   * Many2one values this walk has learnt, by `model.field`: a one2many step reads its targets by
   * their reverse many2one, so each target's value of it is its owner (a sale line's `sale`).
   */
  known: Map<string, Map<number, number>>;
  /** Per model: ids the user's read rules let through, as this walk's queries told. */
  shown: Map<string, Set<number>>;
  /** The model read and the ids of it that its reader vouches the user's rules let through. */
  vouched: { model: string; ids: Promise<ReadonlySet<number>> } | null;
}

/**
 * The records among `ids` whose computed field is made, along its depends paths, of a record that
 * the user's read rules hide (a hidden party in an address's full_address, a hidden parent in a
 * category's rec_name): their value must read as null. One query per relation step for the whole
 * batch, and none at all through models without rules.
 */
export async function hiddenIngredients(
  env: Env,
  model: ModelClass,
  ids: number[],
  field: Field,
  /**
   * The ids among `ids` that the user's read rules let through, when the reader knows (it found them
   * with the rules applied): a step back to one of them (a sale line's `sale`) needs no query.
   */
  visible?: Promise<ReadonlySet<number>>,
): Promise<Set<number>> {
  const walk: Walk = {
    env,
    tainted: new Set(),
    ruled: new Map(),
    known: new Map(),
    shown: new Map(),
    vouched: visible ? { model: model.__name__, ids: visible } : null,
  };
  if (!env.checking || !ids.length) return walk.tainted;
  const reach: Reach = new Map(ids.map((id) => [id, new Set([id])]));
  // The paths are walked together: their first steps' statements share a round trip.
  await settleAll(dependsOf(field).map((path) => step(walk, model, reach, path.split('.'), 0)));
  return walk.tainted;
}

function taint(walk: Walk, reach: Reach, ids: Iterable<number>): void {
  for (const id of ids) reach.get(id)?.forEach((origin) => walk.tainted.add(origin));
}

async function step(
  walk: Walk,
  model: ModelClass,
  reach: Reach,
  path: string[],
  depth: number,
): Promise<void> {
  if (!reach.size || !path.length) return;
  if (depth > MAX_DEPTH) return taint(walk, reach, reach.keys());
  const [name, ...rest] = path;
  const field = model._fields[name];
  const target = targetOf(field);
  if (field.computed || dependsOf(field).length) {
    await settleAll(dependsOf(field).map((dep) => step(walk, model, reach, dep.split('.'), depth + 1)));
    if (!field.computed) return;
    if (!rest.length || !target || !(await mayHide(walk, model, path))) return;
    // A computed relation (a variant's template categories): follow its value as root computes it.
    const values = await field.options.getter!(walk.env.withoutChecks(), [...reach.keys()], name, model);
    const links: [number, number][] = [];
    for (const [id, value] of values) {
      for (const t of Array.isArray(value) ? value : [value]) if (typeof t === 'number') links.push([id, t]);
    }
    return follow(walk, walk.env.model(target), reach, links, rest, depth);
  }
  if (!target || !(await mayHide(walk, model, path))) return;
  const targetModel = walk.env.model(target);
  const ids = [...reach.keys()];
  if (field instanceof Many2OneField) {
    const learnt = await knownLinks(walk, model, name, targetModel, ids);
    if (learnt) return follow(walk, targetModel, reach, learnt.links, rest, depth, learnt.shown);
  }
  // Each link comes with whether the user's rules let its target through ("v"): one query per step.
  const rule = await ruleNode(walk.env, targetModel, 'read');
  const scope = newScope(walk.env.withoutChecks());
  // (a one2many on a reference: its column holds "model,id")
  const idParam = scope.params.add(field instanceof One2ManyField ? field.ownerValues(ids) : ids);
  // Whether the rules let a target through, as a LEFT JOIN to the targets they let through: in the
  // WHERE of a subquery the planner turns the rule's IN (SELECT ...) into index lookups, where in the
  // select list it hashes every row the rule admits (24 ms for a sale's lines among 20,000 sales).
  const condition = rule ? await compileDomain(scope, targetModel, rule, 'b') : null;
  const visibleJoin = (on: string) =>
    condition === null
      ? ''
      : ` LEFT JOIN (SELECT "b"."id" FROM ${tableSource(walk.env, targetModel)} AS "b" WHERE ${condition}) AS "vis" ON "vis"."id" = ${on}`;
  const visible = condition === null ? 'TRUE' : '("vis"."id" IS NOT NULL)';
  let text: string;
  if (field instanceof Many2OneField) {
    text = `SELECT "a"."id" AS "id", "a".${ident(name)} AS "t", ${visible} AS "v" FROM ${tableSource(walk.env, model)} AS "a"${visibleJoin(`"a".${ident(name)}`)} WHERE "a"."id" = ANY(${idParam}) AND "a".${ident(name)} IS NOT NULL`;
  } else if (field instanceof One2ManyField) {
    // The target is the row itself: its rule applies to "b", the same row.
    text = `SELECT "b"."id" AS "t", ${field.ownerSql('b')} AS "id", ${visible} AS "v" FROM ${tableSource(walk.env, targetModel)} AS "b"${visibleJoin('"b"."id"')} WHERE ${col('b', field.reverse)} = ANY(${idParam})`;
  } else if (field instanceof Many2ManyField) {
    const relation = walk.env.model(field.relation);
    const link = field.linkCondition(relation, 'r');
    text = `SELECT "r".${ident(field.origin)} AS "id", "r".${ident(field.targetField)} AS "t", ${visible} AS "v" FROM ${ident(relation._table)} AS "r"${visibleJoin(`"r".${ident(field.targetField)}`)} WHERE "r".${ident(field.origin)} = ANY(${idParam})${link ? ` AND ${link}` : ''}`;
  } else {
    return;
  }
  const rows = await walk.env.tx.query(text, scope.params.values);
  const links: [number, number][] = rows.map((r) => [r.id as number, r.t as number]);
  const shown = new Set<number>();
  for (const r of rows) if (r.v) shown.add(r.t as number);
  if (field instanceof One2ManyField && field.referenceOwner === null) {
    const reverse = targetModel._fields[field.reverse];
    if (reverse instanceof Many2OneField && reverse.target === model.__name__) {
      const key = `${targetModel.__name__}.${field.reverse}`;
      let values = walk.known.get(key);
      if (!values) walk.known.set(key, (values = new Map()));
      for (const [owner, t] of links) values.set(t, owner);
    }
  }
  return follow(walk, targetModel, reach, links, rest, depth, shown);
}

/**
 * The links of a many2one step and the targets the rules let through, when the walk knows them
 * already: every record's value came with a one2many step (the reverse of this many2one), and every
 * target was found visible by this walk or is vouched for by the reader. Else null (a query asks).
 */
async function knownLinks(
  walk: Walk,
  model: ModelClass,
  name: string,
  target: ModelClass,
  ids: number[],
): Promise<{ links: [number, number][]; shown: Set<number> } | null> {
  const values = walk.known.get(`${model.__name__}.${name}`);
  if (!values) return null;
  const links: [number, number][] = [];
  for (const id of ids) {
    const value = values.get(id);
    if (value === undefined) return null;
    links.push([id, value]);
  }
  const seen = walk.shown.get(target.__name__);
  const vouched = walk.vouched?.model === target.__name__ ? await walk.vouched.ids : null;
  const shown = new Set<number>();
  for (const [, t] of links) {
    if (!seen?.has(t) && !vouched?.has(t)) return null;
    shown.add(t);
  }
  return { links, shown };
}

/** Taints what reaches a hidden target, then goes on from the visible ones. */
async function follow(
  walk: Walk,
  target: ModelClass,
  reach: Reach,
  links: [number, number][],
  rest: string[],
  depth: number,
  /** The targets the user's rules let through, when the links' query told already. */
  shown?: Set<number>,
) {
  const visible = shown ?? new Set(await visibleIds(walk.env, target, [...new Set(links.map(([, t]) => t))]));
  let seen = walk.shown.get(target.__name__);
  if (!seen) walk.shown.set(target.__name__, (seen = new Set()));
  for (const id of visible) seen.add(id);
  const next: Reach = new Map();
  for (const [from, to] of links) {
    if (!visible.has(to)) {
      taint(walk, reach, [from]);
      continue;
    }
    let origins = next.get(to);
    if (!origins) next.set(to, (origins = new Set()));
    reach.get(from)?.forEach((o) => origins.add(o));
  }
  for (const id of [...next.keys()]) {
    // Nothing more to learn from records whose origins are all tainted already.
    if ([...next.get(id)!].every((o) => walk.tainted.has(o))) next.delete(id);
  }
  await step(walk, target, next, rest, depth + 1);
}

/**
 * Whether following `path` from `model` can meet a record the user's rules hide: its relation step
 * leads to a model with a read rule, or to one from which the rest of the path (or a computed
 * step's depends) can. Answered from the rules alone, so paths through rule-free models cost nothing.
 */
async function mayHide(
  walk: Walk,
  model: ModelClass,
  path: string[],
  seen = new Set<string>(),
): Promise<boolean> {
  const [name, ...rest] = path;
  const field = model._fields[name];
  // (a computed relation's depends continued by the rest of the path may not be a path: be safe)
  if (!field) return true;
  const key = `${model.__name__}.${path.join('.')}`;
  if (seen.has(key)) return false;
  seen.add(key);
  if (field.computed || dependsOf(field).length) {
    for (const dep of dependsOf(field)) {
      if (await mayHide(walk, model, [...dep.split('.'), ...rest], seen)) return true;
    }
    if (!targetOf(field) || !rest.length) return false;
  }
  const target = targetOf(field);
  if (!target) return false;
  const targetModel = walk.env.model(target);
  if (await hasRule(walk, targetModel)) return true;
  return rest.length > 0 && mayHide(walk, targetModel, rest, seen);
}

async function hasRule(walk: Walk, model: ModelClass): Promise<boolean> {
  let known = walk.ruled.get(model.__name__);
  if (known === undefined) {
    known = (await ruleNode(walk.env, model, 'read')) !== null;
    walk.ruled.set(model.__name__, known);
  }
  return known;
}
