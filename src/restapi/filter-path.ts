/**
 * Filter paths: a dotted path walked from a model, through its relation fields or pyDAL's reverse
 * form, down to the field compared.
 */
import type { Field } from '../fields/field';
import { Many2OneField } from '../fields/many2one';
import { One2ManyField } from '../fields/one2many';
import { Many2ManyField } from '../fields/many2many';
import type { Env } from '../pool/env';
import { AccessError, BadRequestError } from '../pool/errors';
import type { ModelClass } from '../pool/model';
import { keyError } from './errors';
import { pyRepr } from './python-text';
import { reverseFieldName } from './reverse-views';
import { ownField } from './table-fields';

export interface ResolvedPath {
  /** The relation fields walked (virtual reverse fields included), each on the previous model. */
  steps: string[];
  model: ModelClass;
  field: Field;
}

const isRelation = (f: Field): f is Many2OneField | One2ManyField | Many2ManyField =>
  f instanceof Many2OneField || f instanceof One2ManyField || f instanceof Many2ManyField;

/**
 * Walks a path: a field of the current model (a relation field moves on to its target), else
 * pyDAL's reverse form `<link field>.<model>` (rows of that model whose link field points here). A
 * path ending on a relation to many compares the related ids. `env` sees models through their views.
 */
export async function resolvePath(
  env: Env,
  root: ModelClass,
  path: string[],
  key: string,
): Promise<ResolvedPath> {
  const steps: string[] = [];
  let model = root;
  for (let i = 0; i < path.length; i++) {
    const name = path[i];
    const field = ownField(model, name);
    const last = i === path.length - 1;
    if (field && last) {
      if (field instanceof One2ManyField || field instanceof Many2ManyField) {
        const target = env.model(field.target);
        return { steps: [...steps, name], model: target, field: target._fields.id };
      }
      return { steps, model, field };
    }
    if (field) {
      if (!isRelation(field)) {
        throw new BadRequestError(
          `Field ${pyRepr(name)} of ${model.__name__} is not a reference in ${pyRepr(key)}`,
        );
      }
      steps.push(name);
      model = env.model(field.target);
      continue;
    }
    // Not a field: pyDAL's reverse form, which needs a field of the other model after it.
    if (i + 2 >= path.length) throw keyError(name);
    model = await reverseStep(env, model, name, path[i + 1]);
    steps.push(reverseFieldName(name, path[i + 1]));
    i++;
  }
  throw keyError(path[path.length - 1]);
}

/** Validates `<link>.<other>`: a plain-named model whose many2one `link` points at `model`. */
export async function reverseStep(
  env: Env,
  model: ModelClass,
  link: string,
  other: string,
): Promise<ModelClass> {
  if (other.includes('.') || !env.pool.has(other) || env.pool.get(other)._internal) throw keyError(other);
  const target = env.model(other);
  const field = ownField(target, link);
  if (!field) throw keyError(link);
  if (!(field instanceof Many2OneField) || field.target !== model.__name__) {
    throw new BadRequestError(`Field ${other}.${link} does not reference ${model.__name__}`);
  }
  // The compiler reads the link column directly: check it is readable here.
  if (env.checking && (await env.access.deniedFields(env, target, 'read')).has(link)) {
    throw new AccessError(`You are not allowed to filter on field "${link}" of "${other}"`);
  }
  return target;
}
