import type { Env } from '../pool/env';

/** Keeps ir.model / ir.model.field rows in step with the pool (by name; ids stay stable). */
export async function syncModelRegistry(env: Env): Promise<void> {
  const tx = env.tx;
  for (const model of env.pool.all()) {
    const rows = await tx.query(
      `INSERT INTO "ir_model" ("model", "name", "module", "create_uid", "create_date") VALUES ($1, $2, $3, 0, NOW() AT TIME ZONE 'UTC')
       ON CONFLICT ("model") DO UPDATE SET "name" = EXCLUDED."name", "module" = EXCLUDED."module" RETURNING "id"`,
      [model.__name__, model.description || model.__name__, model._module],
    );
    const modelId = rows[0].id as number;
    const fields = Object.values(model._fields);
    await tx.query(
      `INSERT INTO "ir_model_field" ("model", "name", "field_description", "ttype", "relation", "required", "readonly", "translate", "module", "create_uid", "create_date")
       SELECT $1, n, d, t, r, q, ro, tr, $2, 0, NOW() AT TIME ZONE 'UTC'
       FROM UNNEST($3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::boolean[], $8::boolean[], $9::boolean[]) AS f(n, d, t, r, q, ro, tr)
       ON CONFLICT ("name", "model") DO UPDATE SET "field_description" = EXCLUDED."field_description", "ttype" = EXCLUDED."ttype",
         "relation" = EXCLUDED."relation", "required" = EXCLUDED."required", "readonly" = EXCLUDED."readonly", "translate" = EXCLUDED."translate"`,
      [
        modelId,
        model._module,
        fields.map((f) => f.name),
        fields.map((f) => f.string),
        fields.map((f) => f.type),
        fields.map((f) => (f as { target?: string }).target ?? null),
        fields.map((f) => f.required),
        fields.map((f) => f.readonly),
        fields.map((f) => f.translate),
      ],
    );
  }
}
