import type { Field } from '../fields/field';
import type { Env } from '../pool/env';
import { UserError } from '../pool/errors';
import type { ModelClass, Values } from '../pool/model';
import { evalNames, evaluate, PysonEnv, stateRule, truthy } from '../pyson';
import { PathTree, pathTree, readTree } from './reader';

const PARENT = '_parent_';

/** The keys of each values object a caller gave (see Env.callerFields). */
export function callerKeys(vlist: Values[]): string[][] {
  return vlist.map((v) => (v && typeof v === 'object' ? Object.keys(v) : []));
}

/**
 * The fields given per record: what the caller of the model's create/write gave (Env.callerFields)
 * that the records still carry, else (a call that did not come through the pool's composed model)
 * every field the records carry.
 */
function givenFields(env: Env, model: ModelClass, perRecord: Values[]): string[][] {
  const given = env.callerFields;
  if (given?.model === model.__name__ && given.keys.length === perRecord.length) {
    return given.keys.map((keys, i) => keys.filter((k) => k in perRecord[i]));
  }
  return perRecord.map((v) => Object.keys(v));
}

const stateRules = new WeakMap<Field, unknown>();

/**
 * What is enforced of the field's read-only rule: the part that reads the record's state (see
 * stateRule), or null. The rest of a rule (a party's code while a sequence numbers parties, a sale's
 * party once it has lines) is what Tryton's client shows; Tryton's server accepts those writes.
 */
function readonlyRule(field: Field | undefined): unknown {
  if (!field) return null;
  if (!stateRules.has(field)) {
    const rule = field.options.states?.readonly;
    stateRules.set(field, rule === undefined || rule === false ? null : stateRule(rule));
  }
  return stateRules.get(field);
}

/**
 * The field paths to read so that the names a rule evaluates are known: fields of the record
 * (`state`), fields of a parent (`_parent_sale.state` reads `sale.state`). `id` and `context` are not
 * read; a name that is no field of the model keeps the rule's default.
 */
function pathsFor(model: ModelClass, names: Set<string>): string[] {
  const paths = new Set<string>();
  for (const name of names) {
    if (name.startsWith(PARENT)) {
      const [parent, ...rest] = name.slice(PARENT.length).split('.');
      const field = model._fields[parent] as (Field & { target?: string }) | undefined;
      if (field?.type === 'many2one' && rest.length) paths.add(`${parent}.${rest[0]}`);
      continue;
    }
    const head = name.split('.')[0];
    if (head !== 'id' && head !== 'context' && Object.prototype.hasOwnProperty.call(model._fields, head)) {
      paths.add(head);
    }
  }
  return [...paths];
}

/** The user's preferences under the request's context: what Tryton's client evaluates `context` with. */
async function ruleContext(env: Env, names: Set<string>): Promise<Record<string, unknown>> {
  if (![...names].some((n) => n === 'context' || n.startsWith('context.'))) return env.context;
  const User = env.model('res.user') as ModelClass & {
    get_preferences?: (env: Env) => Promise<Record<string, unknown>>;
  };
  const preferences = User.get_preferences ? await User.get_preferences(env.withoutChecks()) : {};
  return { ...preferences, ...env.context };
}

/**
 * The record as the rules see it: its values, `_parent_<field>` objects, `id` and `context`. A name
 * that is a field of Tryton's model but not of ours is null here, as an unset field is in Tryton's
 * client (its default would apply only to a field the client did not load).
 */
function ruleEnv(
  model: ModelClass,
  record: Record<string, unknown>,
  names: Set<string>,
  context: unknown,
  id: number,
): PysonEnv {
  const values: PysonEnv = { id, context };
  for (const name of names) {
    const head = name.split('.')[0];
    if (head !== 'id' && head !== 'context' && !head.startsWith(PARENT)) values[head] = null;
  }
  Object.assign(values, record, { id, context });
  for (const [name, field] of Object.entries(model._fields)) {
    const value = record[name];
    if (field.type === 'many2one' && value && typeof value === 'object') {
      values[`${PARENT}${name}`] = value;
      values[name] = (value as { id: number }).id;
    }
  }
  return values;
}

/** What the state is, for the message: the record names the rule reads (`sale_state: "confirmed"`). */
function describeState(names: Set<string>, values: PysonEnv): string {
  const parts = [...names]
    .filter((n) => n !== 'context' && !n.startsWith('context.') && n !== 'id')
    .map((n) => {
      const value = evaluate({ __class__: 'Eval', v: n, d: null }, values);
      return `${n}: ${JSON.stringify(value ?? null)}`;
    });
  return parts.length ? parts.join(', ') : 'this state';
}

/** The read-only rules to judge for these records: the names they read, and the fields given per record. */
function statesOf(
  env: Env,
  model: ModelClass,
  count: number,
  given: Values[] | Values,
): { names: Set<string>; tree: PathTree; keysOf: (i: number) => string[] } | null {
  const fieldsOf = givenFields(env, model, Array.isArray(given) ? given : [given]);
  const keysOf = (i: number) => (Array.isArray(given) ? fieldsOf[i] : fieldsOf[0]);
  const ruled = new Set<string>();
  for (let i = 0; i < count; i++) {
    for (const name of keysOf(i)) if (readonlyRule(model._fields[name]) !== null) ruled.add(name);
  }
  if (!ruled.size) return null;
  const names = new Set<string>();
  for (const name of ruled) evalNames(readonlyRule(model._fields[name]), names);
  return { names, tree: pathTree(pathsFor(model, names)), keysOf };
}

/**
 * The columns that checkReadonlyStates reads of records about to be created from `vlist` (none when
 * nothing is judged: null): their INSERT returns them, so that the check costs no statement of its own.
 */
export function stateColumns(env: Env, model: ModelClass, vlist: Values[]): string[] | null {
  if (!env.checking || !vlist.length) return null;
  const rules = statesOf(env, model, vlist.length, vlist);
  if (!rules) return null;
  return [...rules.tree.keys()].filter((name) => name !== 'id' && model._fields[name]?.stored);
}

/**
 * Tryton's field `states`, enforced on writes made through the API (an Env that checks access):
 * a field whose `readonly` rule is true for the record may not be given. On write the rule sees
 * the record as stored before the write; on create it sees the new record as inserted, before its
 * one2many/many2many actions run, with a negative id (as Tryton's client gives new records) and the
 * given fields at their defaults.
 * Workflow steps and buttons write without checks and are not subject to it.
 */
export async function checkReadonlyStates(
  env: Env,
  model: ModelClass,
  ids: number[],
  given: Values[] | Values,
  creating: boolean,
  inserted?: Map<number, Record<string, unknown>>,
): Promise<void> {
  if (!env.checking || !ids.length) return;
  const rules = statesOf(env, model, ids.length, given);
  if (!rules) return;
  const { names, keysOf } = rules;
  const root = env.withoutChecks();
  // A new record's columns came back from its INSERT (see stateColumns): the reader starts from them.
  const records = await readTree(root, model, ids, rules.tree, {}, inserted);
  const context = await ruleContext(env, names);
  const defaults = creating
    ? await model.defaultGet(
        root,
        [...names].filter((n) => model._fields[n]?.stored),
      )
    : {};
  for (const [i, id] of ids.entries()) {
    const record = records.get(id);
    if (!record) continue;
    if (creating) {
      // A new record is judged as it stood before the caller filled it in: the stored fields it was
      // given hold their defaults (computed ones, such as a line's sale_state, follow the parent).
      for (const name of keysOf(i)) {
        if (!names.has(name) || !model._fields[name]?.stored) continue;
        const value = record[name];
        if (value && typeof value === 'object') record[`${PARENT}${name}`] = value;
        record[name] = defaults[name] ?? null;
      }
    }
    const values = ruleEnv(model, record, names, context, creating ? -1 - i : id);
    for (const name of keysOf(i)) {
      const field = model._fields[name];
      const rule = readonlyRule(field);
      if (rule === null || !truthy(evaluate(rule, values))) continue;
      const ruleNames = evalNames(rule);
      throw new UserError(
        `The field "${field.string}" (${name}) of "${model.description || model.__name__}" is read-only in this state (${describeState(ruleNames, values)}).`,
        'readonly_state',
      );
    }
  }
}
