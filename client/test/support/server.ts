import { after, before } from 'node:test';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client as Pg } from 'pg';

const run = promisify(execFile);

/** The repository's root (client/dist/test/support → ../../../..). */
const ROOT = resolve(__dirname, '../../../..');
const CLI = resolve(ROOT, 'dist/src/cli/main.js');

export interface ServerUnderTest {
  /** The database's URL, what a Client takes (`http://127.0.0.1:PORT/db`). */
  baseUrl: string;
  db: string;
  /** A validated key of the admin user. */
  adminKey: string;
  /** Runs `nest-tryton <args>` on the test database's server (DATABASE_URL). */
  cli(...args: string[]): Promise<string>;
  /** SQL on the test database. */
  sql(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  /** A validated key for a new user in the given groups. */
  userKey(login: string, groups: string[]): Promise<string>;
}

/** The PostgreSQL server's URL with a database name. */
function databaseUrl(db = ''): string {
  const text = process.env.DATABASE_URL;
  if (!text) throw new Error('The client tests need DATABASE_URL (scripts/run-tests.js sets it)');
  const url = new URL(text);
  url.pathname = `/${db}`;
  return url.toString().replace(/\/$/, '');
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

async function waitUntilLive(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/health/live`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not start');
}

/**
 * For the enclosing describe: the real server (`nest-tryton serve`, a process of its own, with
 * REDIS_URL if set) over a new database created with `db create --demo small`, seeded by `seed`
 * before the server starts; stopped and dropped after the tests.
 */
export function useServer(
  ready: (server: ServerUnderTest) => unknown,
  options: {
    seed?: (server: Omit<ServerUnderTest, 'baseUrl'>) => Promise<unknown>;
    env?: Record<string, string>;
  } = {},
): void {
  const db = `client_${randomBytes(5).toString('hex')}`;
  const env = { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl(), ...options.env };
  let child: ChildProcess | undefined;
  let pg: Pg | undefined;
  before(async () => {
    const cli = async (...args: string[]) => (await run(process.execPath, [CLI, ...args], { env })).stdout;
    await cli('db', 'create', db, '--demo', 'small');
    pg = new Pg({ connectionString: databaseUrl(db) });
    await pg.connect();
    const lastLine = (text: string) => text.trim().split('\n').pop()!.trim();
    const base = {
      db,
      adminKey: lastLine(await cli('application', 'create', db, '--user', 'admin')),
      cli,
      sql: (text: string, params?: unknown[]) => pg!.query(text, params),
      async userKey(login: string, groups: string[]) {
        await cli('user', 'create', db, '--login', login, ...(groups.length ? ['--groups', ...groups] : []));
        return lastLine(await cli('application', 'create', db, '--user', login));
      },
    };
    await options.seed?.(base);
    const port = await freePort();
    child = spawn(process.execPath, [CLI, 'serve'], {
      env: { ...env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const origin = `http://127.0.0.1:${port}`;
    await waitUntilLive(origin, child);
    await ready({ ...base, baseUrl: `${origin}/${db}` });
  });
  after(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await pg?.end();
    const admin = new Pg({ connectionString: databaseUrl('postgres') });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  });
}
