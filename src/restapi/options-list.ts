import type { Env } from '../pool/env';
import { Model, ModelClass } from '../pool/model';

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
  if (ids.length && declaresRecordName(model)) {
    const recName = model._recName;
    // The record name is read without checks: only when the user may read the field it comes from.
    const hidden = env.checking && recName ? await env.access.deniedFields(env, model, 'read') : new Set();
    if (!recName || !hidden.has(recName)) names = await model.getRecName(env, ids);
  }
  return ids.map((id) => ({ value: id, text: names?.get(id) ?? String(id) }));
}
