import { ACCESS_MODELS } from '../ir/access/security-listeners';
import type { Pool } from '../pool/pool';

/**
 * Models whose rows decide what a user may see: the security tables (access rights, field access,
 * record rules, buttons, groups and their members, XML ids naming groups) and the company module's. A
 * committed change to any of them makes cached access profiles stale, and every cached answer too
 * (an answer is shaped by the rights it was computed under, whether or not its route listed them).
 */
const PROFILE_MODELS = [...ACCESS_MODELS, 'company.company', 'company.employee'];

/** The access models, plus every relation table hanging off res.user (companies, employees...). */
export function accessModels(pool: Pool): string[] {
  const names = new Set(PROFILE_MODELS);
  for (const model of pool.all()) if (model.__name__.startsWith('res.user-')) names.add(model.__name__);
  return [...names].sort();
}
