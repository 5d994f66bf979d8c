import { randomBytes } from 'node:crypto';
import { loadConfig } from '../config/config';
import { CORE_MODULES } from '../app.module';
import { Env, ROOT_USER, Context, AccessControl, rootAccess } from '../pool/env';
import { manifestOf, ModuleClass } from '../pool/manifest';
import { Pool } from '../pool/pool';
import { DatabaseServer } from '../storage/database';
import { setupDatabase } from '../storage/setup';
import { Transaction } from '../storage/transaction';

export interface TestDatabase {
  server: DatabaseServer;
  pool: Pool;
  db: string;
  /** Runs fn in a transaction that is always rolled back (tests stay independent). */
  rollback<T>(fn: (env: Env) => Promise<T>, options?: EnvOptions): Promise<T>;
  /** Runs fn in a committed transaction. */
  commit<T>(fn: (env: Env) => Promise<T>, options?: EnvOptions): Promise<T>;
  drop(): Promise<void>;
}

export interface EnvOptions {
  user?: number;
  context?: Context;
  access?: AccessControl;
}

/** A fresh database with the given modules (plus ir and res), created and set up like `db create`. */
export async function createTestDatabase(
  moduleClasses: ModuleClass[] = [],
  demo?: string,
): Promise<TestDatabase> {
  const config = loadConfig();
  const server = new DatabaseServer(config);
  await server.start();
  const pool = new Pool([...CORE_MODULES, ...moduleClasses].map(manifestOf));
  const db = `test_${randomBytes(5).toString('hex')}`;
  await server.createDatabase(db);
  await setupDatabase(server, pool, db, { demo });
  const makeEnv = (tx: Transaction, o: EnvOptions = {}) =>
    new Env(pool, tx, o.user ?? ROOT_USER, { language: 'en', ...o.context }, o.access ?? rootAccess);
  return {
    server,
    pool,
    db,
    async rollback(fn, options) {
      const { tx, release } = await server.begin(db, false);
      try {
        return await fn(makeEnv(tx, options));
      } finally {
        await tx.rollback();
        release();
      }
    },
    commit(fn, options) {
      return server.transaction(db, false, (tx) => fn(makeEnv(tx, options)));
    },
    async drop() {
      await server.dropDatabase(db);
      await server.close();
    },
  };
}
