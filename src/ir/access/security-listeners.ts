import { compileDomain, newScope } from '../../domain/compiler';
import { parseDomain } from '../../domain/domain';
import { ident } from '../../domain/sql';
import type { Env } from '../../pool/env';
import { AccessError } from '../../pool/errors';
import type { Pool, StorageEvent, StorageListener } from '../../pool/pool';
import type { Transaction } from '../../storage/transaction';
import { recordAuditEvent } from './audit-log';
import { announceSecurityChange, SecurityTopic } from './security-channel';

/** Models whose rows decide access rights: a change to any of them invalidates the cached tables. */
export const ACCESS_MODELS: ReadonlySet<string> = new Set([
  'ir.model.access',
  'ir.model.field.access',
  'ir.rule.group',
  'ir.rule',
  'ir.rule.group-res.group',
  'ir.model.button',
  'ir.model.button-res.group',
  'res.group',
  'res.user-res.group',
  'res.user',
  'ir.model.data',
]);

const changes = new WeakMap<Transaction, number>();
const installed = new WeakSet<Pool>();

/**
 * How many security changes this transaction made (0: none). Its own, uncommitted view must not be
 * shared, and what it worked out before a change is stale.
 */
export function securityChangesIn(tx: Transaction): number {
  return changes.get(tx) ?? 0;
}

function topicsOf(event: StorageEvent): SecurityTopic[] {
  const topics: SecurityTopic[] = [];
  if (event.operation === 'button') return topics;
  if (ACCESS_MODELS.has(event.model)) topics.push('access');
  if (event.model === 'res.user.application') topics.push('keys');
  if (event.model === 'res.user' && (event.operation === 'delete' || event.fields.includes('active'))) {
    topics.push('keys');
  }
  return topics;
}

/** Invalidation of cached rights and keys, here and on every other instance, after the commit. */
const invalidation: StorageListener = async (env, event) => {
  const topics = topicsOf(event);
  if (!topics.length) return;
  changes.set(env.tx, securityChangesIn(env.tx) + 1);
  for (const topic of topics) await announceSecurityChange(env.tx, topic);
};

/** Tryton checks the create rules on the new records: nobody creates what they could not see. */
const createRules: StorageListener = async (env, event) => {
  if (event.operation !== 'create' || !env.checking || !event.ids.length) return;
  const model = env.model(event.model);
  const rule = await env.access.ruleDomain(env, model, 'create');
  if (!rule) return;
  const scope = newScope(env.withoutChecks());
  const ids = scope.params.add(event.ids);
  const where = await compileDomain(scope, model, parseDomain(rule), 'a');
  const rows = await env.tx.query(
    `SELECT COUNT(*) AS "n" FROM ${ident(model._table)} AS "a" WHERE "a"."id" = ANY(${ids}) AND ${where}`,
    scope.params.values,
  );
  if (Number(rows[0].n) !== new Set(event.ids).size) {
    throw new AccessError(
      `You are not allowed to create these records of "${model.__name__}" (record rules)`,
      'access_rule',
    );
  }
};

const audit: StorageListener = (env: Env, event: StorageEvent) => recordAuditEvent(env, event);

/** Installs the security listeners on a pool, once. */
export function installSecurityListeners(pool: Pool): void {
  if (installed.has(pool)) return;
  installed.add(pool);
  pool.listeners.push(invalidation, createRules, audit);
}
