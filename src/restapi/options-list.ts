import type { Env } from '../pool/env';
import { Model, ModelClass } from '../pool/model';
import { hiddenIngredients } from '../storage/ingredients';

/**
 * Whether a model has what pyDAL calls a `format`: a record name its own code declares (`_recName`
 * or `getRecName` set by the model or an extension). Tryton's inherited default (`name`) does not
 * count, so a model defined like a pyDAL table without a format answers ids, as pyDAL does.
 */
export function declaresRecordName(model: ModelClass): boolean {
  for (let cls: unknown = model; cls && cls !== Model; cls = Object.getPrototypeOf(cls)) {
    const own = (key: string) => Object.prototype.hasOwnProperty.call(cls, key);
    if (own('_recName') || own('getRecName')) return true;
  }
  return false;
}

/** `@options_list`: the page as `{value: id, text: label}`, the label being the record name or the id. */
export async function optionsList(
  env: Env,
  model: ModelClass,
  ids: number[],
): Promise<{ value: number; text: string }[]> {
  let names: Map<number, string> | null = null;
  let hidden = new Set<number>();
  if (ids.length && declaresRecordName(model)) {
    // The record name is read as rec_name is: not at all when the user may not read what it is
    // made of, and not for records whose name comes from a record the user's rules hide.
    const denied = env.checking ? await env.access.deniedFields(env, model, 'read') : new Set();
    if (!denied.has('rec_name')) {
      names = await model.getRecName(env, ids);
      hidden = await hiddenIngredients(env, model, ids, model._fields.rec_name);
    }
  }
  return ids.map((id) => ({ value: id, text: hidden.has(id) ? String(id) : (names?.get(id) ?? String(id)) }));
}
