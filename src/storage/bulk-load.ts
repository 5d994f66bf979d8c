import { ident } from '../domain/sql';
import type { Env } from '../pool/env';

/**
 * Loads rows in bulk into the tables of `models` as pg_restore does: their foreign keys and their
 * plain (non-unique) indexes are dropped while `fn` runs, then made again, with their own
 * definitions, in the same transaction. A kept foreign key checks each inserted row by a trigger and
 * a kept index takes each row in turn (most of a large load's time); adding the key back checks every
 * row in one join, and building the index sorts once. Unique constraints and primary keys stay, so
 * duplicates are refused as they come. A reference to a missing row fails the ALTER TABLE that adds
 * the key back: the transaction, and the load, fail as the row's own check would have.
 */
export async function bulkLoad<T>(env: Env, models: string[], fn: () => Promise<T>): Promise<T> {
  const tables = [...new Set(models.map((m) => env.model(m)._table))];
  const keys = await env.tx.query<{ table: string; name: string; definition: string }>(
    `SELECT "c"."relname" AS "table", "k"."conname" AS "name", pg_get_constraintdef("k"."oid") AS "definition"
     FROM "pg_constraint" AS "k" JOIN "pg_class" AS "c" ON "c"."oid" = "k"."conrelid"
     WHERE "k"."contype" = 'f' AND "c"."relnamespace" = 'public'::regnamespace AND "c"."relname" = ANY($1)
     ORDER BY "c"."relname", "k"."conname"`,
    [tables],
  );
  const indexes = await env.tx.query<{ name: string; definition: string }>(
    `SELECT "x"."relname" AS "name", pg_get_indexdef("i"."indexrelid") AS "definition"
     FROM "pg_index" AS "i" JOIN "pg_class" AS "c" ON "c"."oid" = "i"."indrelid"
     JOIN "pg_class" AS "x" ON "x"."oid" = "i"."indexrelid"
     WHERE NOT "i"."indisunique" AND NOT "i"."indisprimary" AND "c"."relnamespace" = 'public'::regnamespace
       AND "c"."relname" = ANY($1) AND NOT EXISTS (SELECT 1 FROM "pg_constraint" AS "k" WHERE "k"."conindid" = "i"."indexrelid")
     ORDER BY "x"."relname"`,
    [tables],
  );
  const byTable = new Map<string, { name: string; definition: string }[]>();
  for (const key of keys) byTable.set(key.table, [...(byTable.get(key.table) ?? []), key]);
  for (const [table, list] of byTable) {
    await env.tx.query(
      `ALTER TABLE ${ident(table)} ${list.map((k) => `DROP CONSTRAINT ${ident(k.name)}`).join(', ')}`,
    );
  }
  if (indexes.length) await env.tx.query(`DROP INDEX ${indexes.map((i) => ident(i.name)).join(', ')}`);
  const result = await fn();
  for (const index of indexes) await env.tx.query(index.definition);
  for (const [table, list] of byTable) {
    await env.tx.query(
      `ALTER TABLE ${ident(table)} ${list.map((k) => `ADD CONSTRAINT ${ident(k.name)} ${k.definition}`).join(', ')}`,
    );
  }
  return result;
}
