import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApplicationKey } from '../auth/application-keys';
import { hashKey } from '../auth/key';
import { setupDatabase } from '../storage/setup';
import type { CliContext } from './context';
import { progressPrinter } from './db.command';

/**
 * `npm start` on a fresh machine: the `demo` database with small demo data, and a key for the admin
 * user, created on first run. The raw key is kept in DATA_DIR/demo-key (mode 600) so later starts can
 * show it again; it is a demo convenience, not how production keys are handled (they are shown once).
 */
export async function ensureDemo(ctx: CliContext, db = 'demo'): Promise<string> {
  const keyFile = resolve(ctx.config.dataDir, `${db}-key`);
  if (!(await ctx.server.exists(db))) {
    console.log(`Creating the "${db}" database with demo data (first run)...`);
    await ctx.server.createDatabase(db);
    await setupDatabase(ctx.server, ctx.pool, db, { demo: 'small', onProgress: progressPrinter() });
  }
  if (existsSync(keyFile)) {
    const key = readFileSync(keyFile, 'utf8').trim();
    const valid = await ctx.asRoot(
      db,
      async (env) =>
        (
          await env.tx.query(
            `SELECT 1 FROM "res_user_application" WHERE "key_hash" = $1 AND "state" = 'validated'`,
            [hashKey(key)],
          )
        ).length,
    );
    if (valid) return key;
  }
  const key = await ctx.asRoot(db, (env) => createApplicationKey(env, 'admin', 'rest'));
  mkdirSync(ctx.config.dataDir, { recursive: true });
  writeFileSync(keyFile, key + '\n', { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  return key;
}
