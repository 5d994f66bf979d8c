import { Eval, Not, Or } from '../pyson/pyson';
import type { ModelClass } from './model';

/**
 * Tryton's DeactivableMixin: on a model with a stored `active` field, every other field is read-only while
 * the record is inactive (`~Eval('active', True)` ORed into its `readonly` state). Fields are the
 * composed model's own clones, so the base definitions are left as declared.
 */
export function applyDeactivable(model: ModelClass): void {
  const active = model._fields.active;
  // A computed `active` (an employee or a membership between dates) is not the mixin's.
  if (!active || active.type !== 'boolean' || !active.stored) return;
  const inactive = Not(Eval('active', true));
  for (const [name, field] of Object.entries(model._fields)) {
    if (name === 'active') continue;
    const states = { ...field.options.states };
    const readonly = states.readonly;
    states.readonly = readonly === undefined || readonly === false ? inactive : Or(readonly, inactive);
    field.options.states = states;
  }
}
