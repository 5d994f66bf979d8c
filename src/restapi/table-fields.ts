import type { Field } from '../fields/field';
import type { Env } from '../pool/env';
import type { ModelClass } from '../pool/model';
import type { ModelPolicy } from './policy';

/** Columns every model has for Tryton's sake; pyDAL tables have none of them. */
const BUILTIN = new Set(['create_uid', 'create_date', 'write_uid', 'write_date', 'rec_name', 'xml_id']);

export function ownField(model: ModelClass, name: string): Field | undefined {
  return Object.prototype.hasOwnProperty.call(model._fields, name) ? model._fields[name] : undefined;
}

/**
 * The model seen as a pyDAL table: `id`, then the model's own fields in declaration order (the
 * virtual reverse fields of a view, named `field.model`, are not columns).
 */
export function tableFieldNames(model: ModelClass): string[] {
  return Object.keys(model._fields).filter((name) => !BUILTIN.has(name) && !name.includes('.'));
}

async function denied(env: Env, model: ModelClass, mode: 'read' | 'write'): Promise<Set<string>> {
  return env.checking ? env.access.deniedFields(env, model, mode) : new Set();
}

/** pyDAL's "readable" fields: the table's fields the user may read (field access rights). */
export async function readableFields(env: Env, model: ModelClass): Promise<string[]> {
  const hidden = await denied(env, model, 'read');
  return tableFieldNames(model).filter((name) => !hidden.has(name));
}

/** pyDAL's "writable" fields: `id` (pyDAL lists it; writing it is then a validation error) and the rest. */
export async function writableFields(env: Env, model: ModelClass): Promise<string[]> {
  const hidden = await denied(env, model, 'write');
  return tableFieldNames(model).filter(
    (name) => name === 'id' || (!model._fields[name].readonly && !hidden.has(name)),
  );
}

/**
 * The fields a method may use on a model: the policy's `fields` narrowed to what the access rights
 * allow (a policy never widens), or every readable / writable field.
 */
export async function allowedFields(
  env: Env,
  entry: ModelPolicy,
  model: ModelClass,
  method: 'GET' | 'POST' | 'PUT',
): Promise<string[]> {
  const possible = method === 'GET' ? await readableFields(env, model) : await writableFields(env, model);
  const listed = entry[method].fields;
  if (!listed) return possible;
  const allowed = new Set(possible);
  return listed.filter((name) => allowed.has(name));
}

/**
 * The fields a GET answers when no `model[f1,f2]` list is given: the policy's list, or the readable
 * columns (relations to many and computed fields only when asked for: a pyDAL table has none).
 */
export async function defaultSelection(env: Env, entry: ModelPolicy, model: ModelClass): Promise<string[]> {
  const allowed = await allowedFields(env, entry, model, 'GET');
  if (entry.GET.fields) return allowed;
  return allowed.filter((name) => model._fields[name].stored);
}
