import type { Field } from '../fields/field';
import { PoolError } from './errors';
import { Model, ModelClass } from './model';

/** What a computed field is made of (Tryton's `depends`): field paths of its model. */
export function dependsOf(field: Field): readonly string[] {
  return field.options.depends ?? [];
}

/** The relation target of a field, if it is one. */
export function targetOf(field: Field): string | undefined {
  return (field as { target?: string }).target;
}

/**
 * Every model a computed field's value is made of, following its depends paths (and the depends of
 * computed steps): what an answer holding the value was read from, for cache invalidation.
 */
export function dependsModels(
  models: { get(name: string): ModelClass },
  model: ModelClass,
  field: Field,
  out = new Set<string>(),
  seen = new Set<string>(),
): Set<string> {
  const key = `${model.__name__}.${field.name}`;
  if (seen.has(key)) return out;
  seen.add(key);
  for (const path of dependsOf(field)) {
    let current = model;
    for (const step of path.split('.')) {
      const next = current._fields[step];
      if (!next) break;
      if (next.computed) dependsModels(models, current, next, out, seen);
      const target = targetOf(next);
      if (!target) break;
      current = models.get(target);
      out.add(current.__name__);
      const relation = (next as { relation?: string }).relation;
      if (relation) out.add(relation);
    }
  }
  return out;
}

/** Whether the model (or an extension) replaces the default record name, which reads `_recName` only. */
function overridesRecName(model: ModelClass): boolean {
  for (let cls: unknown = model; cls && cls !== Model; cls = Object.getPrototypeOf(cls)) {
    if (Object.prototype.hasOwnProperty.call(cls, 'getRecName')) return true;
  }
  return false;
}

/**
 * At boot: gives each model's rec_name its depends (`_recNameDepends`, or `_recName`), and refuses a
 * computed field that does not say what it reads, or names a path that does not exist. Access checks
 * of computed values rely on these lists, so a missing one is an error, not a default.
 */
export function checkDepends(models: Map<string, ModelClass>): void {
  for (const model of models.values()) {
    if (model._recNameDepends === null && overridesRecName(model)) {
      throw new PoolError(
        `Model "${model.__name__}" overrides getRecName: declare static _recNameDepends, the field paths it reads`,
      );
    }
    const recName = model._fields.rec_name;
    if (recName) {
      const own = model._recName && model._fields[model._recName] ? [model._recName] : [];
      recName.options.depends = model._recNameDepends ?? own;
    }
  }
  for (const model of models.values()) {
    for (const field of Object.values(model._fields)) {
      const depends = field.options.depends;
      // a stored copy of other fields (value_compact) may declare them too, and is checked the same way
      if (!field.computed && depends === undefined) continue;
      if (!Array.isArray(depends)) {
        throw new PoolError(
          `Computed field "${model.__name__}.${field.name}" declares no depends (the field paths its getter reads)`,
        );
      }
      for (const path of depends) checkPath(models, model, field, path);
    }
  }
}

function checkPath(models: Map<string, ModelClass>, model: ModelClass, field: Field, path: string): void {
  const where = `Depends "${path}" of "${model.__name__}.${field.name}"`;
  let current: ModelClass | undefined = model;
  const steps = path.split('.');
  steps.forEach((step, i) => {
    const next: Field | undefined = Object.prototype.hasOwnProperty.call(current!._fields, step)
      ? current!._fields[step]
      : undefined;
    if (!next) throw new PoolError(`${where}: unknown field "${step}" on "${current!.__name__}"`);
    if (i === steps.length - 1) return;
    const target = targetOf(next);
    if (!target) throw new PoolError(`${where}: "${step}" is not a relation`);
    current = models.get(target);
    if (!current) throw new PoolError(`${where}: unknown model "${target}"`);
  });
}
