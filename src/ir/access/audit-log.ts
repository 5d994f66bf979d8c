import { ROOT_USER } from '../../pool/env';
import type { Env } from '../../pool/env';
import type { ModelClass } from '../../pool/model';
import type { StorageEvent } from '../../pool/pool';

const LOG_MODEL = 'ir.model.log';

/**
 * Writes one ir.model.log row for a create/write/delete/button, in the same transaction. Work done
 * for an API request is logged (its user, or root for the internal side effects of a call, with the
 * application); root's own maintenance (db create/update, CLI) is not.
 */
export async function recordAuditEvent(env: Env, event: StorageEvent): Promise<void> {
  if (event.model === LOG_MODEL || !env.pool.has(LOG_MODEL)) return;
  if (env.user === ROOT_USER && env.application === null) return;
  await env.tx.query(
    `INSERT INTO "ir_model_log" ("user", "application", "model", "event", "record_ids", "changed_fields", "date", "create_uid", "create_date")
     VALUES ($1, $2, $3, $4, $5, $6, NOW() AT TIME ZONE 'UTC', $1, NOW() AT TIME ZONE 'UTC')`,
    [
      env.user,
      env.application,
      event.model,
      event.operation,
      event.ids.join(','),
      [...new Set(event.fields)].sort().join(','),
    ],
  );
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
