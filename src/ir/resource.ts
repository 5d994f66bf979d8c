import { boolean, char, computed, datetime, multiselection, reference, ReferenceField } from '../fields';
import { PlainDateTime } from '../fields/values';
import type { Env } from '../pool/env';
import { AccessError, BadRequestError } from '../pool/errors';
import { filterByRules } from '../storage/model-storage';
import type { ModelClass, Values } from '../pool/model';
import type { Pool } from '../pool/pool';
import { Bool, Eval, Not } from '../pyson/pyson';

/**
 * Tryton's ResourceMixin (ir.attachment, ir.note): a row attached to a record of any model through
 * `resource` ("model,id"), its access following that record's (`_accessResource`), who changed it
 * last and when.
 */
export function resourceFields() {
  return {
    // Every model a record can be attached to: set up by setupResource.
    resource: reference([], { string: 'Resource', required: true, select: true }),
    copy_to_resources: multiselection([], {
      string: 'Copy to Resources',
      states: { invisible: Not(Bool(Eval('copy_to_resources_visible'))) },
    }),
    copy_to_resources_visible: computed(
      boolean({ string: 'Copy to Resources Visible' }),
      async (_env, ids) => new Map(ids.map((id) => [id, false])),
      // No mirrored model copies its attachments or notes to another record (Tryton's ResourceCopyMixin).
      { depends: ['resource'] },
    ),
    last_user: computed(
      char({ string: 'Last User', states: { invisible: Not(Bool(Eval('last_user'))) } }),
      lastUsers,
      { depends: ['write_uid.rec_name', 'create_uid.rec_name'] },
    ),
    last_modification: computed(
      datetime({
        string: 'Last Modification',
        states: { invisible: Not(Bool(Eval('last_modification'))) },
      }),
      lastModifications,
      {
        depends: ['write_date', 'create_date'],
        orderSql: (alias) => `COALESCE("${alias}"."write_date", "${alias}"."create_date")`,
      },
    ),
  };
}

/** Tryton's get_models: the models a record of which can carry attachments and notes. */
export function setupResource(model: ModelClass, pool?: Pool): void {
  if (!pool) return;
  (model._fields.resource as ReferenceField).options.selection = pool
    .all()
    .filter((m) => !m._relation && !m._tableQuery && !m._internal && !m._accessResource)
    .map((m): [string, string] => [m.__name__, m.description || m.__name__])
    .sort((a, b) => a[0].localeCompare(b[0]));
}

/** The resource of a new row must exist (a reference has no foreign key). */
export async function checkResources(env: Env, vlist: Values[]): Promise<void> {
  const byModel = new Map<string, Set<number>>();
  for (const values of vlist) {
    const value = values.resource;
    if (typeof value !== 'string') continue;
    const comma = value.lastIndexOf(',');
    const name = value.slice(0, comma);
    if (!env.pool.has(name)) continue; // refused by the field's selection
    if (!byModel.has(name)) byModel.set(name, new Set());
    byModel.get(name)!.add(Number(value.slice(comma + 1)));
  }
  for (const [name, wanted] of byModel) {
    const model = env.pool.get(name);
    const rows = await env.tx.query(`SELECT "id" FROM "${model._table}" WHERE "id" = ANY($1)`, [[...wanted]]);
    const found = new Set(rows.map((r) => r.id as number));
    const missing = [...wanted].filter((id) => !found.has(id));
    if (missing.length) {
      throw new BadRequestError(
        `The resource "${name},${missing[0]}" does not exist (${model.description || name})`,
      );
    }
  }
}

async function lastUsers(env: Env, ids: number[], _name: string, model: ModelClass) {
  const rows = await env.tx.query(
    `SELECT "a"."id", COALESCE("w"."name", "w"."login", "c"."name", "c"."login") AS "user"
       FROM "${model._table}" AS "a"
       LEFT JOIN "res_user" AS "w" ON "w"."id" = "a"."write_uid"
       LEFT JOIN "res_user" AS "c" ON "c"."id" = "a"."create_uid"
      WHERE "a"."id" = ANY($1)`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id as number, (r.user as string | null) ?? null]));
}

async function lastModifications(env: Env, ids: number[], _name: string, model: ModelClass) {
  const rows = await env.tx.query(
    `SELECT "id", DATE_TRUNC('second', COALESCE("write_date", "create_date")) AS "at" FROM "${model._table}" WHERE "id" = ANY($1)`,
    [ids],
  );
  return new Map(
    rows.map((r) => [r.id as number, r.at === null ? null : PlainDateTime.parse(r.at as string)]),
  );
}

/**
 * Tryton checks write access after a write too: a row moved to another record needs write access to
 * that record as well.
 */
export async function checkResourceWrite(env: Env, model: ModelClass, ids: number[], values: Values) {
  if (!('resource' in values) || !env.checking) return;
  const allowed = await filterByRules(env, model, ids, 'write');
  if (allowed.length !== new Set(ids).size) {
    throw new AccessError(`You are not allowed to attach records of "${model.__name__}" to this resource`);
  }
}
