import { Many2OneField } from '../fields/many2one';
import type { Many2ManyField } from '../fields/many2many';
import type { One2ManyField } from '../fields/one2many';
import { compileDomain, newScope } from '../domain/compiler';
import { tableSource } from '../domain/table-source';
import type { Env } from '../pool/env';
import { BadRequestError, UserError } from '../pool/errors';
import type { ModelClass, Values } from '../pool/model';
import { ruleNode } from './query';

/** The name schema sync gives the foreign key of a many2one column. */
export function foreignKeyName(table: string, field: string): string {
  return `${table}_${field}_fkey`.slice(0, 63);
}

/** What a violated foreign key answers (see translateDbError): the same for a hidden record. */
export function foreignKeyError(constraint: string | undefined): UserError {
  return new UserError(
    `The record is referenced by other records, or refers to a missing record (${constraint}).`,
    'foreign_key',
  );
}

/** The ids among `ids` that exist and that the user's read rules let through, in one query. */
export async function existingVisible(env: Env, model: ModelClass, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const scope = newScope(env.withoutChecks());
  const idParam = scope.params.add([...new Set(ids)]);
  const rule = await ruleNode(env, model, 'read');
  const where = rule ? ` AND ${await compileDomain(scope, model, rule, 'a')}` : '';
  const rows = await env.tx.query(
    `SELECT "a"."id" FROM ${tableSource(env, model)} AS "a" WHERE "a"."id" = ANY(${idParam})${where}`,
    scope.params.values,
  );
  return new Set(rows.map((r) => r.id as number));
}

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

/**
 * The many2one values a caller gives on create or write must name records it can see: one its
 * rules hide answers exactly as a missing one (the foreign key error), so that a write is no
 * oracle of what exists. One query per many2one field given, for all the values at once.
 */
export async function checkReferences(env: Env, model: ModelClass, vlist: Values[]): Promise<void> {
  if (!env.checking) return;
  const names = new Set(vlist.flatMap((v) => Object.keys(v)));
  for (const name of Object.keys(model._fields)) {
    const field = model._fields[name];
    if (!names.has(name) || !(field instanceof Many2OneField) || !field.stored) continue;
    const ids = vlist.map((v) => v[name]).filter(isId);
    if (!ids.length) continue;
    const found = await existingVisible(env, env.model(field.target), ids);
    if (ids.some((id) => !found.has(id))) throw foreignKeyError(foreignKeyName(model._table, name));
  }
}

/** x2many `add`: the records must exist and be visible; a hidden one answers as a missing one. */
export async function checkTargets(
  env: Env,
  model: ModelClass,
  field: One2ManyField | Many2ManyField,
  ids: number[],
): Promise<void> {
  if (!env.checking) return;
  const found = await existingVisible(env, env.model(field.target), ids);
  if (ids.some((id) => !found.has(id))) {
    throw new BadRequestError(
      `Some records given to field "${field.name}" of "${model.__name__}" do not exist`,
    );
  }
}
