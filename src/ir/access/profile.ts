import { createHash } from 'node:crypto';
import type { AccessTables } from './access-tables';
import { ownRuleDomain } from './rule-domain';
import type { UserRights } from './user-rights';

/**
 * A fingerprint of what shapes a user's answers: the access tables, the effective groups and the
 * evaluated read rules of every model that has some. Equal for users with identical rights: a rule
 * naming the user himself (`user.id`) is taken as written, and the answers that read its model are
 * not cached at all (see perUserRuleModels).
 */
export function accessProfile(tables: AccessTables, rights: UserRights): string {
  const anyone = { ...rights, user: -1 };
  const rules: [string, unknown][] = [];
  for (const model of [...tables.ruleGroups.keys()].sort()) {
    rules.push([model, ownRuleDomain(tables, anyone, model, 'read')]);
  }
  return createHash('sha256')
    .update(JSON.stringify([tables.fingerprint, rights.groups, rules]))
    .digest('base64url');
}

/** The models whose read rules, for these rights, change with the user's own id. */
export function perUserRuleModels(tables: AccessTables, rights: UserRights): Set<string> {
  const models = new Set<string>();
  for (const model of tables.ruleGroups.keys()) {
    const a = ownRuleDomain(tables, { ...rights, user: -1 }, model, 'read');
    const b = ownRuleDomain(tables, { ...rights, user: -2 }, model, 'read');
    if (JSON.stringify(a) !== JSON.stringify(b)) models.add(model);
  }
  return models;
}
