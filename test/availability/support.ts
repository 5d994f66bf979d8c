import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { TestDatabase } from '../support/database';

/** A distinct application_name per app, so pg_stat_activity rows of this test are told apart. */
export const appName = (what: string) => `nt-${what}-${randomBytes(4).toString('hex')}`;

export async function listen(app: INestApplication): Promise<number> {
  await app.listen(0, '127.0.0.1');
  return (app.getHttpServer().address() as AddressInfo).port;
}

/** Sessions of one application on the server, by state (from a connection of the test's own). */
export async function sessions(
  tdb: TestDatabase,
  application: string,
): Promise<{ pid: number; state: string; datname: string; wait: string | null }[]> {
  return tdb.commit((env) =>
    env.tx.query(
      `SELECT pid, state, datname, wait_event_type AS wait FROM pg_stat_activity WHERE application_name = $1`,
      [application],
    ),
  ) as Promise<{ pid: number; state: string; datname: string; wait: string | null }[]>;
}

/** Polls until check() holds (each try 50 ms apart); fails with the last value after `tries`. */
export async function until<T>(what: string, probe: () => Promise<T>, check: (v: T) => boolean, tries = 400) {
  let value: T | undefined;
  for (let i = 0; i < tries; i++) {
    value = await probe();
    if (check(value)) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what}: still ${JSON.stringify(value)}`);
}

/** A GET whose reader takes the head and first chunk, then stops reading. */
export interface StalledRead {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Bytes read before stopping. */
  first: Buffer;
  res: http.IncomingMessage;
  req: http.ClientRequest;
  /** Resumes reading; resolves with everything read and whether the transfer completed. */
  finish(): Promise<{ body: Buffer; complete: boolean }>;
  /** Resolves when the server cut the transfer (or it ended). */
  closed: Promise<{ complete: boolean }>;
}

export function stalledGet(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<StalledRead> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      let complete = false;
      const closed = new Promise<{ complete: boolean }>((done) => {
        res.on('end', () => (complete = res.complete));
        res.on('close', () => done({ complete: complete && res.complete }));
        res.on('error', () => undefined);
      });
      res.once('data', (chunk: Buffer) => {
        res.pause();
        chunks.push(chunk);
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          first: chunk,
          res,
          req,
          closed,
          finish: async () => {
            res.on('data', (c: Buffer) => chunks.push(c));
            res.resume();
            const { complete: done } = await closed;
            return { body: Buffer.concat(chunks), complete: done };
          },
        });
      });
    });
    req.on('error', (e) => reject(e));
  });
}

/** A plain GET, read whole. */
export function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** Many partners with long notes, inserted in one statement (a list of them is megabytes). */
export async function seedPartners(tdb: TestDatabase, count: number, noteLength = 400): Promise<void> {
  await tdb.commit((env) =>
    env.tx.query(
      `INSERT INTO "test_partner" ("name", "notes", "active", "kind", "create_uid", "create_date")
       SELECT 'P' || lpad(i::text, 6, '0'), repeat('n', $2), TRUE, 'person', 0, NOW() AT TIME ZONE 'UTC'
       FROM generate_series(1, $1) AS i`,
      [count, noteLength],
    ),
  );
}
