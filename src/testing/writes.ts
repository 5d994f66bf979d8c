import net from 'node:net';
import type { TestDatabase } from './database';

/**
 * Socket writes (system calls) to the server on `port` while fn runs: each starts a round trip, so a
 * module's tests can show that a request's statements share them.
 */
export async function writesDuring(port: number, fn: () => Promise<unknown>): Promise<number> {
  const proto = net.Socket.prototype as unknown as Record<'_write' | '_writev', (...a: unknown[]) => unknown>;
  const saved = { _write: proto._write, _writev: proto._writev };
  let writes = 0;
  for (const name of ['_write', '_writev'] as const) {
    proto[name] = function (this: net.Socket, ...args: unknown[]) {
      if (this.remotePort === port) writes++;
      return saved[name].apply(this, args);
    };
  }
  try {
    await fn();
  } finally {
    Object.assign(proto, saved);
  }
  return writes;
}

/** The port of the PostgreSQL server a test database's pool connects to. */
export function postgresPort(sut: TestDatabase): number {
  const options = sut.server.pool(sut.db).options as { connectionString?: string; port?: number };
  return Number(options.port ?? (new URL(options.connectionString!).port || 5432));
}
