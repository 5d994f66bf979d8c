import type { Field } from '../fields/field';
import { Many2OneField } from '../fields/many2one';
import { SelectionField } from '../fields/selection';
import type { Env } from '../pool/env';
import type { ModelClass } from '../pool/model';
import type { LookupScope } from './lookup-target';
import type { ModelPolicy } from './policy';
import { mayGet } from './policy-check';
import { pyLabel } from './python-text';
import { pydalValue } from './row-reader';
import { allowedFields } from './table-fields';

/** pyDAL's field type names, first word only. */
const TYPES: Record<string, string> = {
  char: 'string',
  text: 'text',
  selection: 'string',
  integer: 'integer',
  float: 'double',
  numeric: 'decimal',
  boolean: 'boolean',
  date: 'date',
  datetime: 'datetime',
  time: 'time',
  timedelta: 'double',
  binary: 'blob',
  many2one: 'reference',
  one2many: 'list:reference',
  many2many: 'list:reference',
};

/** pyDAL's DEFAULT_REGEX, by pyDAL type. */
const REGEX: Record<string, string> = {
  id: '[1-9]\\d*',
  decimal: '\\d{1,10}\\.\\d{2}',
  integer: '[+-]?\\d*',
  double: '[+-]?\\d*(\\.\\d*)?',
  date: '\\d{4}\\-\\d{2}\\-\\d{2}',
  time: '\\d{2}\\:\\d{2}(\\:\\d{2}(\\.\\d*)?)?',
  datetime: '\\d{4}\\-\\d{2}\\-\\d{2} \\d{2}\\:\\d{2}(\\:\\d{2}(\\.\\d*)?)?',
};

export function pydalType(field: Field): string {
  return field.name === 'id' ? 'id' : (TYPES[field.type] ?? field.type);
}

async function defaultValue(env: Env, model: ModelClass, field: Field): Promise<unknown> {
  if (field.name === 'id' || field.options.default === undefined) return null;
  const values = await model.defaultGet(env, [field.name]);
  return pydalValue(values[field.name]);
}

/** `table.field` of every many2one pointing here from a model the policy and the rights let one read. */
async function referencedBy(scope: LookupScope, model: ModelClass): Promise<string[]> {
  const env = scope.env;
  const names: string[] = [];
  for (const other of env.pool.all()) {
    if (other._internal) continue;
    const links = Object.values(other._fields).filter(
      (f) =>
        f instanceof Many2OneField &&
        f.target === model.__name__ &&
        f.name !== 'create_uid' &&
        f.name !== 'write_uid',
    );
    if (!links.length) continue;
    const request = { ...scope.request, model: other.__name__, method: 'GET', id: null, query: {}, body: {} };
    if (!(await mayGet(scope.policy, request))) continue;
    if (env.checking && !(await env.access.canModel(env, other, 'read'))) continue;
    const hidden = env.checking ? await env.access.deniedFields(env, other, 'read') : new Set<string>();
    for (const link of links) if (!hidden.has(link.name)) names.push(`${other.__name__}.${link.name}`);
  }
  return names;
}

/**
 * `@model`: pyDAL's description of each selected field the policy allows, in the allowed order:
 * name, label, default, type (and `references`), regex, required, unique, whether POST / PUT may
 * write it, options, and on `id` the `table.field` references pointing here.
 */
export async function describeModel(
  scope: LookupScope,
  entry: ModelPolicy,
  model: ModelClass,
  selected: string[],
): Promise<Record<string, unknown>[]> {
  const env = scope.env;
  const post = new Set(await allowedFields(env, entry, model, 'POST'));
  const put = new Set(await allowedFields(env, entry, model, 'PUT'));
  const items: Record<string, unknown>[] = [];
  for (const name of await allowedFields(env, entry, model, 'GET')) {
    if (!selected.includes(name)) continue;
    const field = model._fields[name];
    const type = pydalType(field);
    const item: Record<string, unknown> = {
      name,
      label: name === 'id' || !field.options.string ? pyLabel(name) : field.options.string,
      default: await defaultValue(env, model, field),
      type,
    };
    const target = (field as { target?: string }).target;
    if (target) item.references = target;
    Object.assign(item, {
      regex: REGEX[type] ?? null,
      required: field.required,
      unique: model._constraints.some((c) => c.columns.length === 1 && c.columns[0] === name),
      post_writable: post.has(name),
      put_writable: put.has(name),
      options: field instanceof SelectionField ? field.selection : null,
    });
    if (name === 'id') item.referenced_by = await referencedBy(scope, model);
    items.push(item);
  }
  return items;
}
