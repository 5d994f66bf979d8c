import { spawn } from 'node:child_process';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import pg from 'pg';

export interface Baseline {
  url: string;
  /** The process answering (a child of the bench's, as the server under test is). */
  pid: number;
  close(): Promise<void>;
}

function listen(server: Server): Promise<string> {
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () =>
      done(`http://127.0.0.1:${(server.address() as { port: number }).port}`),
    ),
  );
}

/** A bare node:http server sending fixed bytes with the same headers: what Node itself costs. */
export async function bareServer(body: Buffer, headers: Record<string, string>): Promise<Baseline> {
  const server = createServer((_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { ...headers, 'Content-Length': body.length });
    res.end(body);
  });
  const url = await listen(server);
  return { url, pid: process.pid, close: () => new Promise((done) => server.close(() => done())) };
}

/**
 * The same read written by hand: node:http + pg + JSON.stringify, the queries a careful developer
 * would write for the party search of `npm run bench` (a page of parties with name, code and their
 * addresses' cities), with the same rows and the same JSON shape.
 */
export async function handWrittenPartyServer(connectionString: string, pageSize: number): Promise<Baseline> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  const server = createServer(async (_req, res) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN READ ONLY');
      const parties = (
        await client.query(
          'SELECT "id", "name", "code" FROM "party_party" WHERE "active" ORDER BY "name", "id" LIMIT $1',
          [pageSize],
        )
      ).rows;
      const ids = parties.map((p) => p.id);
      const addresses = (
        await client.query(
          'SELECT "id", "party", "city" FROM "party_address" WHERE "party" = ANY($1) AND "active" ORDER BY "party", "sequence", "id"',
          [ids],
        )
      ).rows;
      await client.query('COMMIT');
      const byParty = new Map<number, { id: number; __name__: string; city: string | null }[]>();
      for (const a of addresses) {
        let list = byParty.get(a.party);
        if (!list) byParty.set(a.party, (list = []));
        list.push({ id: a.id, __name__: 'party.address', city: a.city });
      }
      const body = JSON.stringify(
        parties.map((p) => ({
          id: p.id,
          __name__: 'party.party',
          name: p.name,
          code: p.code,
          addresses: byParty.get(p.id) ?? [],
        })),
      );
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      res.writeHead(500);
      res.end(String(e));
    } finally {
      client.release();
    }
  });
  const url = await listen(server);
  return {
    url,
    pid: process.pid,
    close: async () => {
      await new Promise<void>((done) => server.close(() => done()));
      await pool.end();
    },
  };
}

/** What a baseline process is asked to serve (one JSON argument). */
export type BaselineSpec =
  | { kind: 'bare'; body: string; headers: Record<string, string> }
  | { kind: 'hand'; connectionString: string; pageSize: number };

/**
 * A baseline in a process of its own, like the server it is compared with: in the bench's own
 * process, the load generator and the baseline would share one event loop and skip the hop between
 * processes that every request to the server pays (at one connection, that alone made a bare server
 * look 2.5 times faster).
 */
export function spawnBaseline(spec: BaselineSpec): Promise<Baseline> {
  const child = spawn(process.execPath, [__filename, JSON.stringify(spec)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((done, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /^(http:\/\/\S+)\n/m.exec(out)?.[1];
      if (!url) return;
      child.stdout!.removeAllListeners('data');
      done({
        url,
        pid: child.pid!,
        close: () =>
          new Promise<void>((closed) => {
            if (child.exitCode !== null) return closed();
            child.once('exit', () => closed());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => fail(new Error(`baseline exited with ${code} before listening`)));
  });
}

/** `node baselines.js <spec>`: serves one baseline, prints its URL, stops on SIGTERM. */
async function main(arg: string): Promise<void> {
  const spec = JSON.parse(arg) as BaselineSpec;
  const baseline =
    spec.kind === 'bare'
      ? await bareServer(Buffer.from(spec.body, 'base64'), spec.headers)
      : await handWrittenPartyServer(spec.connectionString, spec.pageSize);
  process.once('SIGTERM', () => void baseline.close().then(() => process.exit(0)));
  process.stdout.write(`${baseline.url}\n`);
}

if (require.main === module) void main(process.argv[2]);
