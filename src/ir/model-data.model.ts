import { boolean, char, integer } from '../fields';
import type { Env } from '../pool/env';
import { Model, Values } from '../pool/model';
import { Eval, Not } from '../pyson/pyson';

/**
 * Tryton's ir.model.data: (module, fs_id) -> record, so default data can be loaded again by
 * `db update` without duplicating records.
 */
export class ModelData extends Model {
  static override __name__ = 'ir.model.data';
  static override description = 'Model data';
  static override _recName = 'fs_id';
  static override _constraints = [
    {
      name: 'fs_id_module_model_uniq',
      columns: ['fs_id', 'module', 'model'],
      message: 'The XML ID must be unique.',
    },
  ];
  static override fields = {
    model: char({ string: 'Model', required: true }),
    module: char({ string: 'Module', required: true }),
    fs_id: char({ string: 'Identifier on File System', required: true }),
    db_id: integer({ string: 'Resource ID', states: { required: Not(Eval('noupdate', false)) } }),
    noupdate: boolean({ string: 'No Update' }),
  };
}

/** The id of a record loaded as default data, e.g. refId(env, 'res', 'group_admin'). */
export async function refId(env: Env, module: string, fsId: string): Promise<number> {
  const rows = await env.tx.query(
    'SELECT "db_id" FROM "ir_model_data" WHERE "module" = $1 AND "fs_id" = $2',
    [module, fsId],
  );
  if (!rows.length) throw new Error(`No default record ${module}.${fsId}`);
  return rows[0].db_id as number;
}

export async function findRef(env: Env, module: string, fsId: string): Promise<number | null> {
  const rows = await env.tx.query(
    'SELECT "db_id" FROM "ir_model_data" WHERE "module" = $1 AND "fs_id" = $2',
    [module, fsId],
  );
  return rows.length ? (rows[0].db_id as number) : null;
}

/**
 * Creates a default record the first time, updates it on later runs (unless noupdate), and returns
 * its id. Values may refer to other default records through refId.
 */
export async function loadRecord(
  env: Env,
  module: string,
  fsId: string,
  model: string,
  values: Values,
  options: { noupdate?: boolean; translations?: Record<string, Values> } = {},
): Promise<number> {
  const root = env.sudo();
  const cls = root.model(model);
  const rows = await root.tx.query(
    'SELECT "id", "db_id" FROM "ir_model_data" WHERE "module" = $1 AND "fs_id" = $2 AND "model" = $3',
    [module, fsId, model],
  );
  let id: number;
  if (
    rows.length &&
    (await cls.search(root.withContext({ active_test: false }), [['id', '=', rows[0].db_id]])).length
  ) {
    id = rows[0].db_id as number;
    if (!options.noupdate) {
      // x2many actions would duplicate rows: on update only plain values are brought back.
      const plain = Object.fromEntries(Object.entries(values).filter(([, v]) => !Array.isArray(v)));
      if (Object.keys(plain).length) await cls.write(root, [id], plain);
    }
  } else {
    [id] = await cls.create(root, [values]);
    if (rows.length) {
      await root.tx.query('UPDATE "ir_model_data" SET "db_id" = $1 WHERE "id" = $2', [id, rows[0].id]);
    } else {
      await root.tx.query(
        `INSERT INTO "ir_model_data" ("model", "module", "fs_id", "db_id", "noupdate", "create_uid", "create_date")
         VALUES ($1, $2, $3, $4, $5, 0, NOW() AT TIME ZONE 'UTC')`,
        [model, module, fsId, id, !!options.noupdate],
      );
    }
  }
  for (const [lang, translated] of Object.entries(options.translations ?? {})) {
    await cls.write(root.withContext({ language: lang }), [id], translated);
  }
  return id;
}

/**
 * Removes a record that an earlier version loaded as default data and this one no longer has (as
 * Tryton deletes the records gone from a module's XML on update), with its XML id.
 */
export async function dropRecord(env: Env, module: string, fsId: string, model: string): Promise<void> {
  const root = env.sudo();
  const rows = await root.tx.query(
    'DELETE FROM "ir_model_data" WHERE "module" = $1 AND "fs_id" = $2 AND "model" = $3 RETURNING "db_id"',
    [module, fsId, model],
  );
  const ids = rows.map((r) => r.db_id as number | null).filter((id): id is number => id !== null);
  if (!ids.length) return;
  const cls = root.model(model);
  const existing = await cls.search(root.withContext({ active_test: false }), [['id', 'in', ids]]);
  if (existing.length) await cls.delete(root, existing);
}
