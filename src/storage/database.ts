import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { AppConfig } from '../config/config';
import { ApiError, NotFoundError } from '../pool/errors';
import { EmbeddedPostgresServer } from './embedded';
import { StatementCounter, Transaction } from './transaction';

// Dates, times and timestamps stay text: the fields build their own values (no JS Date, no time zone shift).
for (const oid of [1082, 1083, 1114, 1184]) pg.types.setTypeParser(oid, (v: string) => v);

const DB_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,62}$/;

export class DatabaseUnavailableError extends ApiError {
  constructor(message = 'Database unavailable') {
    super(503, message);
  }
}

/**
 * The database server (PostgreSQL from DATABASE_URL, or the embedded one) and one pg pool per
 * database name. The `:db` of a URL selects a database that `db create` initialised.
 */
export class DatabaseExistsError extends Error {}

export class DatabaseServer {
  private baseUrl: string | null = null;
  private embedded: EmbeddedPostgresServer | null = null;
  private readonly pools = new Map<string, pg.Pool>();
  private readonly known = new Set<string>();
  /** Shared statement counter, for tests and benchmarks. */
  readonly counter: StatementCounter = { statements: 0 };

  constructor(private readonly config: AppConfig) {}

  async start(): Promise<void> {
    if (this.baseUrl) return;
    if (this.config.databaseUrl) {
      const url = new URL(this.config.databaseUrl);
      url.pathname = '/';
      this.baseUrl = url.toString().replace(/\/$/, '');
    } else {
      this.embedded = new EmbeddedPostgresServer(this.config.dataDir);
      this.baseUrl = await this.embedded.start();
    }
  }

  static validName(name: string): boolean {
    return DB_NAME.test(name);
  }

  private urlFor(db: string): string {
    if (!this.baseUrl) throw new Error('DatabaseServer not started');
    return `${this.baseUrl}/${encodeURIComponent(db)}`;
  }

  pool(db: string): pg.Pool {
    let pool = this.pools.get(db);
    if (!pool) {
      pool = new pg.Pool({ connectionString: this.urlFor(db), max: this.config.dbPoolSize });
      pool.on('error', () => undefined); // an idle client's error must not crash the process
      this.pools.set(db, pool);
    }
    return pool;
  }

  /** Kysely over the same pool: used for schema introspection and DDL. */
  kysely(db: string): Kysely<any> {
    return new Kysely<any>({ dialect: new PostgresDialect({ pool: this.pool(db) }) });
  }

  /** A database exists and was initialised by `db create` (it has the module table). */
  async exists(db: string): Promise<boolean> {
    if (this.known.has(db)) return true;
    if (!DatabaseServer.validName(db)) return false;
    const admin = new pg.Client({ connectionString: this.urlFor('postgres') });
    try {
      await admin.connect();
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
      if (!found.rowCount) return false;
    } catch (e) {
      throw new DatabaseUnavailableError(`Database server unavailable: ${(e as Error).message}`);
    } finally {
      await admin.end().catch(() => undefined);
    }
    const rows = await this.pool(db).query("SELECT to_regclass('public.ir_module') AS t");
    const ok = rows.rows[0].t !== null;
    if (ok) this.known.add(db);
    return ok;
  }

  /** Creates an empty database; `exclusive`: refuse one that exists already (db create). */
  async createDatabase(db: string, options: { exclusive?: boolean } = {}): Promise<void> {
    if (!DatabaseServer.validName(db)) throw new Error(`Invalid database name "${db}"`);
    const admin = new pg.Client({ connectionString: this.urlFor('postgres') });
    await admin.connect();
    try {
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
      if (found.rowCount && options.exclusive)
        throw new DatabaseExistsError(
          `Database "${db}" already exists (db update brings it up to date, db drop removes it)`,
        );
      if (!found.rowCount) await admin.query(`CREATE DATABASE "${db}"`);
    } finally {
      await admin.end();
    }
  }

  /** The databases `db create` made on this server (those with the module table), by name. */
  async list(): Promise<string[]> {
    const admin = new pg.Client({ connectionString: this.urlFor('postgres') });
    await admin.connect();
    let names: string[];
    try {
      const rows = await admin.query(
        'SELECT "datname" FROM pg_database WHERE NOT "datistemplate" AND "datallowconn" ORDER BY "datname"',
      );
      names = rows.rows.map((r) => r.datname as string).filter((name) => DatabaseServer.validName(name));
    } finally {
      await admin.end();
    }
    const found: string[] = [];
    for (const name of names) {
      const probe = new pg.Client({ connectionString: this.urlFor(name) });
      try {
        await probe.connect();
        const rows = await probe.query("SELECT to_regclass('public.ir_module') AS t");
        if (rows.rows[0].t !== null) found.push(name);
      } catch {
        // A database we may not connect to is not one of ours.
      } finally {
        await probe.end().catch(() => undefined);
      }
    }
    return found;
  }

  async dropDatabase(db: string): Promise<void> {
    if (!DatabaseServer.validName(db)) throw new Error(`Invalid database name "${db}"`);
    await this.pools.get(db)?.end();
    this.pools.delete(db);
    this.known.delete(db);
    const admin = new pg.Client({ connectionString: this.urlFor('postgres') });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }

  /** Opens a transaction on a checked-out connection; the caller must finish it and call release. */
  async begin(db: string, readOnly: boolean): Promise<{ tx: Transaction; release: (error?: Error) => void }> {
    let client: pg.PoolClient;
    try {
      client = await this.pool(db).connect();
    } catch (e) {
      throw new DatabaseUnavailableError(`Database unavailable: ${(e as Error).message}`);
    }
    const tx = new Transaction(client, readOnly, this.counter);
    try {
      await tx.begin();
    } catch (e) {
      client.release(e as Error);
      throw new DatabaseUnavailableError(`Database unavailable: ${(e as Error).message}`);
    }
    return { tx, release: (error?: Error) => client.release(error) };
  }

  /** Runs fn in one transaction: committed if it returns, rolled back if it throws. */
  async transaction<T>(db: string, readOnly: boolean, fn: (tx: Transaction) => Promise<T>): Promise<T> {
    const { tx, release } = await this.begin(db, readOnly);
    try {
      const result = await fn(tx);
      await tx.commit();
      release();
      return result;
    } catch (e) {
      await tx.rollback().catch(() => undefined);
      release();
      throw e;
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.end().catch(() => undefined)));
    this.pools.clear();
    await this.embedded?.stop();
    this.embedded = null;
    this.baseUrl = null;
  }
}

export { NotFoundError };
