import type { Field } from '../../fields/field';
import { dependsOf, targetOf } from '../../pool/depends';
import type { ModelClass } from '../../pool/model';
import type { Pool } from '../../pool/pool';

/** What the static checks of one user know: the fields each model denies, the models it may read. */
export interface StaticRights {
  ownDenied(model: ModelClass): Set<string>;
  mayRead(model: ModelClass): boolean;
}

/**
 * The computed fields (and stored copies declaring depends) of a model that are made of something the user may not read: a step of one of
 * their depends paths is a denied field, or goes into a model the user may not read (or an internal
 * one), or is itself such a computed field. These are denied as if a field access said so.
 */
export function deniedComputed(pool: Pool, model: ModelClass, rights: StaticRights): Set<string> {
  const denied = new Set<string>();
  const own = rights.ownDenied(model);
  for (const field of Object.values(model._fields)) {
    if (!dependsOf(field).length || own.has(field.name)) continue;
    // (model, field) pairs known to be made of readable things, or being checked (cycles, e.g. trees)
    const cleared = new Set<string>([`${model.__name__}.${field.name}`]);
    if (dependsOf(field).some((path) => pathDenied(pool, model, path.split('.'), rights, cleared))) {
      denied.add(field.name);
    }
  }
  return denied;
}

function pathDenied(
  pool: Pool,
  model: ModelClass,
  path: string[],
  rights: StaticRights,
  cleared: Set<string>,
): boolean {
  const [name, ...rest] = path;
  const field: Field | undefined = model._fields[name];
  if (!field || rights.ownDenied(model).has(name)) return true;
  const key = `${model.__name__}.${name}`;
  if (dependsOf(field).length && !cleared.has(key)) {
    cleared.add(key);
    if (dependsOf(field).some((p) => pathDenied(pool, model, p.split('.'), rights, cleared))) return true;
  }
  const target = targetOf(field);
  if (!target) return false;
  const targetModel = pool.get(target);
  if (targetModel._internal || !rights.mayRead(targetModel)) return true;
  return rest.length > 0 && pathDenied(pool, targetModel, rest, rights, cleared);
}
