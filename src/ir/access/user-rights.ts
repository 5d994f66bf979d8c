import { Many2ManyField } from '../../fields/many2many';
import { Many2OneField } from '../../fields/many2one';
import { tableName } from '../../pool/pool';
import type { Env } from '../../pool/env';
import type { AccessTables } from './access-tables';

/** What the rights of one user are computed from: effective groups and companies. */
export interface UserRights {
  user: number;
  /** The user's groups and every ancestor of them (a group inherits its parent's rights), sorted. */
  groups: number[];
  groupSet: Set<number>;
  companies: number[];
  company: number | null;
}

/** Groups plus their ancestors through res.group.parent (cycles are harmless). */
export function withAncestors(direct: Iterable<number>, parents: Map<number, number | null>): number[] {
  const all = new Set<number>();
  const stack = [...direct];
  while (stack.length) {
    const group = stack.pop()!;
    if (all.has(group)) continue;
    all.add(group);
    const parent = parents.get(group);
    if (parent !== null && parent !== undefined) stack.push(parent);
  }
  return [...all].sort((a, b) => a - b);
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function many2manyIds(env: Env, field: Many2ManyField, user: number): Promise<number[]> {
  const relation = env.pool.has(field.relation)
    ? env.pool.get(field.relation)._table
    : tableName(field.relation);
  const rows = await env.tx.query(
    `SELECT ${ident(field.targetField)} AS "id" FROM ${ident(relation)} WHERE ${ident(field.origin)} = $1`,
    [user],
  );
  return rows.map((r) => r.id as number);
}

/**
 * Loads a user's rights. Companies come from res.user.companies / res.user.company when a module
 * (company) adds them; without it they are empty.
 */
export async function loadUserRights(env: Env, user: number, tables: AccessTables): Promise<UserRights> {
  const User = env.pool.get('res.user');
  const groupsField = User._fields.groups;
  const direct = groupsField instanceof Many2ManyField ? await many2manyIds(env, groupsField, user) : [];
  const groups = withAncestors(direct, tables.groupParents);
  const companiesField = User._fields.companies;
  const companies =
    companiesField instanceof Many2ManyField
      ? (await many2manyIds(env, companiesField, user)).sort((a, b) => a - b)
      : [];
  const companyField = User._fields.company;
  let company: number | null = null;
  if (companyField instanceof Many2OneField && companyField.stored) {
    const rows = await env.tx.query(`SELECT "company" FROM ${ident(User._table)} WHERE "id" = $1`, [user]);
    company = (rows[0]?.company as number | null) ?? null;
  }
  return { user, groups, groupSet: new Set(groups), companies, company };
}
