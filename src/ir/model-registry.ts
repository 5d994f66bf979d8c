import { Kysely, sql } from 'kysely';
import type { Field } from '../fields/field';
import type { Env } from '../pool/env';

/** Tryton's `relation` of a field: the target model, the link model for a many2many. */
function relationOf(field: Field): string | null {
  if (field.type === 'many2many') return (field as unknown as { relation: string }).relation;
  return (field as { target?: string }).target ?? null;
}

/**
 * Databases made before ir.model / ir.model.field had Tryton's names (`model` the technical name and
 * `name` the label of a model, `model` a many2one of a field): their columns renamed in place, before
 * the schema is brought up to the models (which never renames nor drops).
 */
export async function migrateModelRegistry(db: Kysely<any>): Promise<void> {
  const old = await sql<{ data_type: string }>`SELECT "data_type" FROM "information_schema"."columns"
    WHERE "table_schema" = 'public' AND "table_name" = 'ir_model_field' AND "column_name" = 'model'`.execute(
    db,
  );
  if (old.rows[0]?.data_type !== 'integer') return;
  for (const statement of [
    'ALTER TABLE "ir_model_field" DROP CONSTRAINT IF EXISTS "ir_model_field_name_model_uniq"',
    'ALTER TABLE "ir_model_field" RENAME COLUMN "model" TO "model_ref"',
    'ALTER TABLE "ir_model_field" RENAME COLUMN "field_description" TO "string"',
    'ALTER TABLE "ir_model_field" ADD COLUMN "model" VARCHAR',
    'UPDATE "ir_model_field" AS "f" SET "model" = "m"."model" FROM "ir_model" AS "m" WHERE "m"."id" = "f"."model_ref"',
    'ALTER TABLE "ir_model" RENAME COLUMN "name" TO "string"',
    'ALTER TABLE "ir_model" RENAME COLUMN "model" TO "name"',
  ]) {
    await sql.raw(statement).execute(db);
  }
}

/** Keeps ir.model / ir.model.field rows in step with the pool (by name; ids stay stable). */
export async function syncModelRegistry(env: Env): Promise<void> {
  const tx = env.tx;
  for (const model of env.pool.all()) {
    const rows = await tx.query(
      `INSERT INTO "ir_model" ("name", "string", "module", "create_uid", "create_date") VALUES ($1, $2, $3, 0, NOW() AT TIME ZONE 'UTC')
       ON CONFLICT ("name") DO UPDATE SET "string" = EXCLUDED."string", "module" = EXCLUDED."module" RETURNING "id"`,
      [model.__name__, model.description || model.__name__, model._module],
    );
    const modelId = rows[0].id as number;
    const fields = Object.values(model._fields);
    await tx.query(
      `INSERT INTO "ir_model_field" ("model_ref", "model", "name", "string", "help", "ttype", "relation", "module", "create_uid", "create_date")
       SELECT $1, $2, n, s, h, t, r, $3, 0, NOW() AT TIME ZONE 'UTC'
       FROM UNNEST($4::varchar[], $5::varchar[], $6::text[], $7::varchar[], $8::varchar[]) AS f(n, s, h, t, r)
       ON CONFLICT ("name", "model") DO UPDATE SET "model_ref" = EXCLUDED."model_ref", "string" = EXCLUDED."string",
         "help" = EXCLUDED."help", "ttype" = EXCLUDED."ttype", "relation" = EXCLUDED."relation", "module" = EXCLUDED."module"`,
      [
        modelId,
        model.__name__,
        model._module,
        fields.map((f) => f.name),
        fields.map((f) => f.string),
        fields.map((f) => f.options.help ?? ''),
        fields.map((f) => f.ttype),
        fields.map(relationOf),
      ],
    );
  }
}
