import type { Pool } from '../pool/pool';

/**
 * Models whose rows decide what a user may see: access rights, field access, record rules, buttons,
 * groups and their members, XML ids naming groups, and what the company module adds to users. A
 * committed change to any of them makes cached access profiles stale, and every cached answer too
 * (an answer is shaped by the rights it was computed under, whether or not its route listed them).
 */
const ACCESS_MODELS = [
  'ir.model.access',
  'ir.model.field.access',
  'ir.rule.group',
  'ir.rule',
  'ir.rule.group-res.group',
  'ir.model.button',
  'ir.model.button-res.group',
  'ir.model.data',
  'res.group',
  'res.user-res.group',
  'res.user',
  'company.company',
  'company.employee',
];

/** The access models, plus every relation table hanging off res.user (companies, employees...). */
export function accessModels(pool: Pool): string[] {
  const names = new Set(ACCESS_MODELS);
  for (const model of pool.all()) if (model.__name__.startsWith('res.user-')) names.add(model.__name__);
  return [...names].sort();
}
