import { loadConfig, AppConfig } from '../config/config';
import { knownModuleClasses } from '../app.module';
import { manifestOf } from '../pool/manifest';
import { Pool } from '../pool/pool';
import { DatabaseServer } from '../storage/database';
import { Env, ROOT_USER } from '../pool/env';

/** What a CLI command works with: the configuration, the started database server and the pool. */
export interface CliContext {
  config: AppConfig;
  server: DatabaseServer;
  pool: Pool;
  /** Runs fn as root in one committed transaction on `db`. */
  asRoot<T>(db: string, fn: (env: Env) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openCli(): Promise<CliContext> {
  const config = loadConfig();
  const server = new DatabaseServer(config);
  await server.start();
  const pool = new Pool(
    knownModuleClasses(config).map(manifestOf),
    config.modules ? ['ir', 'res', ...config.modules] : null,
  );
  return {
    config,
    server,
    pool,
    asRoot: (db, fn) =>
      server.transaction(db, false, (tx) => fn(new Env(pool, tx, ROOT_USER, { language: 'en' }))),
    close: () => server.close(),
  };
}
