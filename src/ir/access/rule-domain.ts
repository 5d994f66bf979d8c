import type { AccessMode } from '../../pool/env';
import type { AccessTables } from './access-tables';
import type { UserRights } from './user-rights';

/** Matches no record: what a malformed rule, or one naming an unknown value, stands for. */
const NOTHING = [['id', '=', -1]];

class UnknownEval extends Error {}

/** Replaces {"__eval__": "user.id" | "user.groups" | "user.companies" | "user.company"} by the user's values. */
export function evaluateRuleValue(value: unknown, rights: UserRights): unknown {
  if (Array.isArray(value)) return value.map((v) => evaluateRuleValue(v, rights));
  if (value && typeof value === 'object') {
    const expression = (value as { __eval__?: unknown }).__eval__;
    if (expression !== undefined) {
      switch (expression) {
        case 'user.id':
          return rights.user;
        case 'user.groups':
          return rights.groups;
        case 'user.companies':
          return rights.companies;
        case 'user.company':
          return rights.company;
        default:
          throw new UnknownEval(String(expression));
      }
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluateRuleValue(v, rights)]));
  }
  return value;
}

function evaluated(domain: unknown[] | null, rights: UserRights): unknown[] {
  if (!domain) return NOTHING;
  try {
    return evaluateRuleValue(domain, rights) as unknown[];
  } catch (e) {
    if (e instanceof UnknownEval) return NOTHING;
    throw e;
  }
}

/**
 * The record rules of `model` for the user and mode, Tryton's way: within a rule group its rules
 * are ORed; global groups are ANDed; the groups the user belongs to (through any group, inherited
 * ones included) and the default groups are ORed together, and a group of the user without any rule
 * lifts that restriction. Null when nothing restricts.
 */
export function ownRuleDomain(
  tables: AccessTables,
  rights: UserRights,
  model: string,
  mode: AccessMode,
): unknown[] | null {
  const globals: unknown[] = [];
  const specific: unknown[] = [];
  let unrestricted = false;
  for (const group of tables.ruleGroups.get(model) ?? []) {
    if (!group.perms[mode]) continue;
    const ored = () => ['OR', ...group.domains.map((d) => evaluated(d, rights))];
    if (group.global) {
      if (group.domains.length) globals.push(ored());
    } else if (group.groups.some((g) => rights.groupSet.has(g))) {
      if (!group.domains.length) unrestricted = true;
      else specific.push(ored());
    } else if (group.default && group.domains.length) {
      specific.push(ored());
    }
  }
  const parts = [...globals];
  if (specific.length && !unrestricted) parts.push(['OR', ...specific]);
  if (!parts.length) return null;
  return parts.length === 1 ? (parts[0] as unknown[]) : ['AND', ...parts];
}
