import { migrateModelRegistry, syncModelRegistry } from '../ir/model-registry';
import { Env, ROOT_USER } from '../pool/env';
import type { Pool } from '../pool/pool';
import type { DatabaseServer } from './database';
import { syncSchema, SchemaChanges } from './schema';

export interface SetupOptions {
  demo?: string;
  onProgress?: (message: string) => void;
}

/**
 * `db create` / `db update`: tables from the models, the model registry, then each active module's
 * default data in dependency order, in one transaction.
 */
export async function setupDatabase(
  server: DatabaseServer,
  pool: Pool,
  db: string,
  options: SetupOptions = {},
): Promise<SchemaChanges> {
  const kysely = server.kysely(db);
  await migrateModelRegistry(kysely);
  const changes = await syncSchema(kysely, pool);
  await server.transaction(db, false, async (tx) => {
    const env = new Env(pool, tx, ROOT_USER, { language: 'en' });
    // Tryton's root user (id 0) exists before anything else: every row's create_uid points to it.
    await tx.query(
      `INSERT INTO "res_user" ("id", "login", "name", "active", "create_date") VALUES (0, 'root', 'Root', FALSE, NOW() AT TIME ZONE 'UTC')
       ON CONFLICT ("id") DO NOTHING`,
    );
    await syncModelRegistry(env);
    for (const module of pool.modules) {
      for (const loader of module.data ?? []) await loader(env);
      await tx.query(
        `INSERT INTO "ir_module" ("name", "state", "create_uid", "create_date") VALUES ($1, 'activated', 0, NOW() AT TIME ZONE 'UTC')
         ON CONFLICT ("name") DO UPDATE SET "state" = 'activated'`,
        [module.name],
      );
    }
  });
  if (options.demo) await loadDemo(server, pool, db, options.demo, options.onProgress);
  return changes;
}

export async function loadDemo(
  server: DatabaseServer,
  pool: Pool,
  db: string,
  size: string,
  onProgress?: (message: string) => void,
): Promise<void> {
  await server.transaction(db, false, async (tx) => {
    const env = new Env(pool, tx, ROOT_USER, { language: 'en', demo_progress: onProgress });
    for (const module of pool.modules) {
      const loader = module.demo?.[size];
      if (!loader) continue;
      onProgress?.(`demo data: ${module.name}`);
      await loader(env);
    }
  });
  // Planner statistics for the rows just loaded: without them (autovacuum off, or not run yet) the
  // planner takes a table of thousands of rows for a handful and picks nested loops over them.
  await server.pool(db).query('ANALYZE');
}
