import { ROOT_USER } from '../../pool/env';
import type { Env } from '../../pool/env';
import type { ModelClass } from '../../pool/model';
import type { StorageEvent } from '../../pool/pool';

const LOG_MODEL = 'ir.model.log';

/** Tryton's event and target of a storage event; a create is a `write` of the fields given, `created`. */
function trytonEvent(event: StorageEvent): { event: string; target: string | null; created: boolean } {
  switch (event.operation) {
    case 'create':
    case 'write':
      return {
        event: 'write',
        target: [...new Set(event.fields)].sort().join(','),
        created: event.operation === 'create',
      };
    case 'delete':
      return { event: 'delete', target: null, created: false };
    case 'button':
      return { event: 'button', target: event.fields[0] ?? null, created: false };
  }
}

/** Whether this work is logged: what an API request does, not root's own maintenance (db create/update, CLI). */
function logged(env: Env, model: string): boolean {
  if (model === LOG_MODEL || !env.pool.has(LOG_MODEL)) return false;
  return !(env.user === ROOT_USER && env.application === null);
}

/**
 * One ir.model.log row per record, in one statement, not waited for: it leaves with the next
 * statement of the transaction, and a failure fails the transaction (see Transaction.defer).
 */
async function insertLogs(
  env: Env,
  model: string,
  ids: number[],
  event: string,
  target: string | null,
  created: boolean,
): Promise<void> {
  if (!ids.length) return;
  env.tx.defer(
    `INSERT INTO "ir_model_log" ("resource", "event", "target", "user", "application", "created", "create_uid", "create_date")
     SELECT $1 || ',' || "i", $3, $4, $5, $6, $7, $5, NOW() AT TIME ZONE 'UTC' FROM unnest($2::int[]) AS "i"`,
    [model, ids, event, target, env.user, env.application, created],
  );
}

/**
 * Writes the ir.model.log rows of a create/write/delete/button, in the same transaction: one per
 * record, with Tryton's resource, event, target and user, and this server's application and created.
 * Work done for an API request is logged (its user, or root for the internal side effects of a
 * call, with the application); root's own maintenance (db create/update, CLI) is not.
 */
export async function recordAuditEvent(env: Env, event: StorageEvent): Promise<void> {
  if (!logged(env, event.model)) return;
  const { event: name, target, created } = trytonEvent(event);
  await insertLogs(env, event.model, event.ids, name, target, created);
}

/**
 * Tryton's Workflow.transition log: the records whose `field` moved to `state` (event `transition`,
 * target `field:state`), by the caller's user.
 */
export async function recordTransition(
  env: Env,
  model: string,
  ids: number[],
  field: string,
  state: string,
): Promise<void> {
  if (!logged(env, model)) return;
  await insertLogs(env, model, ids, 'transition', `${field}:${state}`, false);
}

/**
 * What the REST layer calls after a button: the pool's listeners (audit log, cache generations)
 * hear it like any write.
 */
export async function notifyButton(
  env: Env,
  model: ModelClass,
  ids: number[],
  button: string,
): Promise<void> {
  const event: StorageEvent = { operation: 'button', model: model.__name__, ids, fields: [button] };
  for (const listener of env.pool.listeners) await listener(env, event);
}
