import { createHash } from 'node:crypto';
import type { AccessMode, Env } from '../../pool/env';

export interface ModelPermRow {
  group: number | null;
  read: boolean;
  write: boolean;
  create: boolean;
  delete: boolean;
}

export interface FieldPermRow {
  group: number | null;
  read: boolean;
  write: boolean;
}

export interface RuleGroupRow {
  id: number;
  global: boolean;
  default: boolean;
  groups: number[];
  perms: Record<AccessMode, boolean>;
  /** Each rule's domain as stored (JSON, not yet evaluated for a user); null when malformed. */
  domains: (unknown[] | null)[];
}

/** Every row that decides what users may do in one database, as loaded once and shared. */
export interface AccessTables {
  modelAccess: Map<string, ModelPermRow[]>;
  fieldAccess: Map<string, Map<string, FieldPermRow[]>>;
  ruleGroups: Map<string, RuleGroupRow[]>;
  /** `model\0button` -> groups of its ir.model.button record. */
  buttons: Map<string, number[]>;
  groupParents: Map<number, number | null>;
  /** Group ids by XML id (`res.group_admin`) and by name: for groups named in a model's _buttons. */
  groupRefs: Map<string, number>;
  /** Changes whenever any of the rows above changes (part of every user's access profile). */
  fingerprint: string;
}

export function buttonKey(model: string, button: string): string {
  return `${model}\u0000${button}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function parseRuleDomain(text: unknown): unknown[] | null {
  try {
    const value = JSON.parse(String(text));
    return Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/** Loads the access tables through the transaction (as root: no access checks apply to these reads). */
export async function loadAccessTables(env: Env): Promise<AccessTables> {
  const tx = env.tx;
  const [access, fieldAccess, ruleGroups, rules, ruleGroupGroups, buttons, buttonGroups, groups, refs] = [
    await tx.query(
      'SELECT "model", "group", "perm_read", "perm_write", "perm_create", "perm_delete" FROM "ir_model_access" ORDER BY "id"',
    ),
    await tx.query(
      'SELECT "model", "field", "group", "perm_read", "perm_write" FROM "ir_model_field_access" ORDER BY "id"',
    ),
    await tx.query(
      'SELECT "id", "model", "global_p", "default_p", "perm_read", "perm_write", "perm_create", "perm_delete" FROM "ir_rule_group" ORDER BY "id"',
    ),
    await tx.query('SELECT "rule_group", "domain" FROM "ir_rule" ORDER BY "id"'),
    await tx.query('SELECT "rule_group", "group" FROM "ir_rule_group-res_group" ORDER BY "id"'),
    await tx.query('SELECT "id", "model", "name" FROM "ir_model_button" ORDER BY "id"'),
    await tx.query('SELECT "button", "group" FROM "ir_model_button-res_group" ORDER BY "id"'),
    await tx.query('SELECT "id", "parent", "name" FROM "res_group" ORDER BY "id"'),
    await tx.query(
      `SELECT "module", "fs_id", "db_id" FROM "ir_model_data" WHERE "model" = 'res.group' ORDER BY "id"`,
    ),
  ];
  const tables: AccessTables = {
    modelAccess: new Map(),
    fieldAccess: new Map(),
    ruleGroups: new Map(),
    buttons: new Map(),
    groupParents: new Map(),
    groupRefs: new Map(),
    fingerprint: createHash('sha256')
      .update(
        JSON.stringify([
          access,
          fieldAccess,
          ruleGroups,
          rules,
          ruleGroupGroups,
          buttons,
          buttonGroups,
          groups,
        ]),
      )
      .digest('base64url'),
  };
  for (const r of access) {
    push(tables.modelAccess, r.model as string, {
      group: r.group ?? null,
      read: !!r.perm_read,
      write: !!r.perm_write,
      create: !!r.perm_create,
      delete: !!r.perm_delete,
    });
  }
  for (const r of fieldAccess) {
    let fields = tables.fieldAccess.get(r.model);
    if (!fields) tables.fieldAccess.set(r.model, (fields = new Map()));
    push(fields, r.field as string, { group: r.group ?? null, read: !!r.perm_read, write: !!r.perm_write });
  }
  const byId = new Map<number, RuleGroupRow>();
  for (const r of ruleGroups) {
    const row: RuleGroupRow = {
      id: r.id,
      global: !!r.global_p,
      default: !!r.default_p,
      groups: [],
      perms: { read: !!r.perm_read, write: !!r.perm_write, create: !!r.perm_create, delete: !!r.perm_delete },
      domains: [],
    };
    byId.set(r.id, row);
    push(tables.ruleGroups, r.model as string, row);
  }
  for (const r of rules) byId.get(r.rule_group)?.domains.push(parseRuleDomain(r.domain));
  for (const r of ruleGroupGroups) byId.get(r.rule_group)?.groups.push(r.group as number);
  const buttonNames = new Map<number, string>();
  for (const r of buttons) {
    const key = buttonKey(r.model, r.name);
    buttonNames.set(r.id, key);
    if (!tables.buttons.has(key)) tables.buttons.set(key, []);
  }
  for (const r of buttonGroups) {
    const key = buttonNames.get(r.button);
    if (key) tables.buttons.get(key)!.push(r.group as number);
  }
  for (const r of groups) {
    tables.groupParents.set(r.id, r.parent ?? null);
    tables.groupRefs.set(String(r.name), r.id);
  }
  for (const r of refs) tables.groupRefs.set(`${r.module}.${r.fs_id}`, r.db_id);
  return tables;
}
