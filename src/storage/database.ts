import { Kysely, PostgresDialect } from 'kysely';
import net from 'node:net';
import pg from 'pg';
import type { AppConfig } from '../config/config';
import { ApiError, NotFoundError } from '../pool/errors';
import { EmbeddedPostgresServer } from './embedded';
import { DatabaseUnavailableError, StatementCounter, Transaction } from './transaction';

export { DatabaseUnavailableError };

// Dates, times and timestamps stay text: the fields build their own values (no JS Date, no time zone shift).
for (const oid of [1082, 1083, 1114, 1184]) pg.types.setTypeParser(oid, (v: string) => v);

const DB_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,62}$/;

/** Databases PostgreSQL itself keeps (maintenance and templates): never an API database. */
const RESERVED = new Set(['postgres', 'template0', 'template1']);

/** What a checked-out connection offers a request beyond its transaction. */
export interface Session {
  tx: Transaction;
  /** Returns the connection to the pool (destroyed when it failed or an error is given). */
  release: (error?: Error) => void;
  /** Asks PostgreSQL to cancel the statement running on this connection, if any (client gone). */
  cancel: () => void;
  /** Whether the connection itself failed (backend terminated, network): it will not be reused. */
  readonly broken: boolean;
}

/**
 * The database server (PostgreSQL from DATABASE_URL, or the embedded one) and one pg pool per
 * database name. The `:db` of a URL selects a database that `db create` initialised.
 *
 * Database names are resolved from a cached copy of pg_database, read through one maintenance
 * connection and refreshed on a miss at most every DB_LIST_REFRESH ms: a request naming an unknown
 * database costs no connection (it waits for the next refresh at most). Every connection carries
 * statement_timeout and idle_in_transaction_session_timeout, and an 'error' listener: a session that
 * ends under a request fails that request only.
 */
export class DatabaseExistsError extends Error {}

export class DatabaseServer {
  private baseUrl: string | null = null;
  private embedded: EmbeddedPostgresServer | null = null;
  private readonly pools = new Map<string, pg.Pool>();
  private admin: pg.Pool | null = null;
  /** Databases initialised by `db create` (they have the module table). */
  private readonly known = new Set<string>();
  /** Names last listed in pg_database (connectable, not templates) and when. */
  private listed = new Set<string>();
  private listedAt = 0;
  private refreshing: Promise<void> | null = null;
  /** Names present in pg_database but without the module table, until the next refresh. */
  private readonly uninitialised = new Set<string>();
  /** Shared statement counter, for tests and benchmarks. */
  readonly counter: StatementCounter = { statements: 0 };
  /** Maintenance-list reads so far (tests check that misses do not multiply them). */
  listRefreshes = 0;

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
    return DB_NAME.test(name) && !RESERVED.has(name.toLowerCase());
  }

  private urlFor(db: string): string {
    if (!this.baseUrl) throw new Error('DatabaseServer not started');
    return `${this.baseUrl}/${encodeURIComponent(db)}`;
  }

  /** Settings every connection of the API opens with. */
  private sessionSettings(): pg.PoolConfig {
    const c = this.config;
    return {
      application_name: c.dbApplicationName,
      connectionTimeoutMillis: c.dbAcquireTimeout,
      ...(c.dbStatementTimeout ? { statement_timeout: c.dbStatementTimeout } : {}),
      ...(c.dbIdleInTransactionTimeout
        ? { idle_in_transaction_session_timeout: c.dbIdleInTransactionTimeout }
        : {}),
    };
  }

  pool(db: string): pg.Pool {
    let pool = this.pools.get(db);
    if (!pool) {
      pool = new pg.Pool({
        connectionString: this.urlFor(db),
        max: this.config.dbPoolSize,
        ...this.sessionSettings(),
        // Statements are written without waiting for the previous answer (answers still come back in
        // order): a transaction's BEGIN travels with its first statement, a read's COMMIT is not waited for.
        pipeline: true,
      });
      guardPool(pool);
      this.pools.set(db, pool);
    }
    return pool;
  }

  /** One connection to the maintenance database, for the database list, create and drop. */
  private adminPool(): pg.Pool {
    if (!this.admin) {
      this.admin = new pg.Pool({
        connectionString: this.urlFor('postgres'),
        max: 1,
        idleTimeoutMillis: 30_000,
        ...this.sessionSettings(),
        statement_timeout: undefined,
      });
      guardPool(this.admin);
    }
    return this.admin;
  }

  /** Kysely over the same pool: used for schema introspection and DDL. */
  kysely(db: string): Kysely<any> {
    return new Kysely<any>({ dialect: new PostgresDialect({ pool: this.pool(db) }) });
  }

  /** Reads pg_database again (single flight; at most once per DB_LIST_REFRESH ms). */
  private refreshList(): Promise<void> {
    if (this.refreshing) return this.refreshing;
    const wait = Math.max(0, this.listedAt + this.config.dbListRefresh - Date.now());
    this.refreshing = (async () => {
      if (wait) await new Promise((resolve) => setTimeout(resolve, wait).unref());
      try {
        const result = await this.adminPool().query<{ datname: string }>(
          'SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate',
        );
        this.listRefreshes++;
        this.listed = new Set(result.rows.map((r) => r.datname).filter((n) => DatabaseServer.validName(n)));
        this.uninitialised.clear();
        for (const name of this.known) if (!this.listed.has(name)) this.known.delete(name);
      } catch {
        throw new DatabaseUnavailableError('Database server unavailable');
      } finally {
        this.listedAt = Date.now();
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /** Whether exists() already answered true for this database (no round trip: for hot paths). */
  isKnown(db: string): boolean {
    return this.known.has(db);
  }

  /** A database exists and was initialised by `db create` (it has the module table). */
  async exists(db: string): Promise<boolean> {
    if (this.known.has(db)) return true;
    if (!DatabaseServer.validName(db)) return false;
    if (!this.listed.has(db)) {
      await this.refreshList();
      if (!this.listed.has(db)) return false;
    }
    if (this.uninitialised.has(db)) return false;
    let ok: boolean;
    try {
      const rows = await this.pool(db).query("SELECT to_regclass('public.ir_module') AS t");
      ok = rows.rows[0].t !== null;
    } catch (e) {
      if ((e as { code?: string }).code === '3D000') return false; // dropped meanwhile
      throw new DatabaseUnavailableError();
    }
    if (ok) this.known.add(db);
    else this.uninitialised.add(db);
    return ok;
  }

  /** Creates an empty database; `exclusive`: refuse one that exists already (db create). */
  async createDatabase(db: string, options: { exclusive?: boolean } = {}): Promise<void> {
    if (!DatabaseServer.validName(db)) throw new Error(`Invalid database name "${db}"`);
    const admin = this.adminPool();
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
    if (found.rowCount && options.exclusive)
      throw new DatabaseExistsError(
        `Database "${db}" already exists (db update brings it up to date, db drop removes it)`,
      );
    if (!found.rowCount) await admin.query(`CREATE DATABASE "${db}"`);
    this.listed.add(db);
    this.uninitialised.delete(db);
  }

  /** The databases `db create` made on this server (those with the module table), by name. */
  async list(): Promise<string[]> {
    const rows = await this.adminPool().query(
      'SELECT "datname" FROM pg_database WHERE NOT "datistemplate" AND "datallowconn" ORDER BY "datname"',
    );
    const names = rows.rows.map((r) => r.datname as string).filter((name) => DatabaseServer.validName(name));
    const found: string[] = [];
    for (const name of names) {
      const probe = new pg.Client({ connectionString: this.urlFor(name) });
      probe.on('error', () => undefined);
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
    this.listed.delete(db);
    await this.adminPool().query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  }

  /** Opens a transaction on a checked-out connection; the caller must finish it and call release. */
  async begin(db: string, readOnly: boolean): Promise<Session> {
    let client: pg.PoolClient;
    try {
      client = await this.pool(db).connect();
    } catch {
      throw new DatabaseUnavailableError();
    }
    let failure: Error | null = null;
    // A checked-out client has no listener of the pool's: without this one, a backend that ends
    // (pg_terminate_backend, restart, idle timeout) would be an unhandled 'error' event.
    const onError = (e: Error) => (failure ??= e);
    client.on('error', onError);
    let released = false;
    const release = (error?: Error) => {
      if (released) return;
      released = true;
      client.removeListener('error', onError);
      client.release(error ?? failure ?? undefined);
    };
    const tx = new Transaction(client, readOnly, this.counter);
    try {
      await tx.begin();
    } catch (e) {
      release(e as Error);
      throw new DatabaseUnavailableError();
    }
    const session: Session = {
      tx,
      release,
      cancel: () => {
        if (!released && !failure && tx.running) cancelBackend(client);
      },
      get broken() {
        return failure !== null;
      },
    };
    return session;
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
      release(e instanceof Error && !(e instanceof ApiError) ? e : undefined);
      throw e;
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.end().catch(() => undefined)));
    this.pools.clear();
    await this.admin?.end().catch(() => undefined);
    this.admin = null;
    await this.embedded?.stop();
    this.embedded = null;
    this.baseUrl = null;
  }
}

/** An idle client's error (or a connect error) must not crash the process: the pool drops the client. */
function guardPool(pool: pg.Pool): void {
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
}

/**
 * PostgreSQL's CancelRequest (a separate short connection with the backend's pid and secret key):
 * the running statement stops with 57014 and the transaction can be rolled back.
 */
function cancelBackend(client: pg.PoolClient): void {
  const c = client as unknown as { processID?: number; secretKey?: number; host: string; port: number };
  if (c.processID === undefined || c.secretKey === undefined) return;
  const message = Buffer.alloc(16);
  message.writeInt32BE(16, 0);
  message.writeInt32BE(80877102, 4);
  message.writeInt32BE(c.processID, 8);
  message.writeInt32BE(c.secretKey, 12);
  const socket = c.host.startsWith('/')
    ? net.connect(`${c.host}/.s.PGSQL.${c.port}`)
    : net.connect(c.port, c.host);
  socket.setTimeout(5000, () => socket.destroy());
  socket.on('error', () => undefined);
  socket.on('connect', () => socket.end(message));
}

export { NotFoundError };
