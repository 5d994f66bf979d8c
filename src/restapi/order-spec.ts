import { Many2OneField } from '../fields/many2one';
import type { Env } from '../pool/env';
import type { ModelClass, OrderSpec } from '../pool/model';
import { ownField, tableFieldNames } from './table-fields';

/** pyDAL's default order once a limit applies. */
export const DEFAULT_ORDER: OrderSpec = [['id', 'ASC']];

/**
 * `@order=~strength,name`: `~` for descending; items that are not plain columns of the model are
 * dropped silently, as pyDAL does (and so are columns the user may not read: sorting on them would
 * leak them). A reference sorts by its raw id, as in pyDAL, not by the target's name as Tryton does.
 * NULLs come first ascending, as in SQLite, pyDAL's reference database.
 */
export async function orderSpec(env: Env, model: ModelClass, items: string[] | null): Promise<OrderSpec> {
  if (!items) return DEFAULT_ORDER;
  const hidden = env.checking ? await env.access.deniedFields(env, model, 'read') : new Set<string>();
  const columns = new Set(tableFieldNames(model));
  const spec: OrderSpec = [];
  for (const item of items) {
    const descending = item.startsWith('~');
    const name = descending ? item.slice(1) : item;
    const field = ownField(model, name);
    if (!field || !columns.has(name) || !field.stored || hidden.has(name)) continue;
    let path = name;
    if (field instanceof Many2OneField) {
      const target = env.model(field.target);
      if (env.checking && (target._internal || !(await env.access.canModel(env, target, 'read')))) continue;
      path = `${name}.id`;
    }
    spec.push([path, descending ? 'DESC NULLS LAST' : 'ASC NULLS FIRST']);
  }
  return spec.length ? spec : DEFAULT_ORDER;
}
