import { spawn } from 'node:child_process';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Redis } from 'ioredis';
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

/** A baseline listening in this process; closing it closes the server, then what it used. */
async function served(server: Server, ...after: (() => unknown)[]): Promise<Baseline> {
  const url = await listen(server);
  return {
    url,
    pid: process.pid,
    close: async () => {
      await new Promise<void>((done) => server.close(() => done()));
      for (const close of after) await close();
    },
  };
}

/** A bare node:http server sending fixed bytes with the same headers: what Node itself costs. */
export async function bareServer(body: Buffer, headers: Record<string, string>): Promise<Baseline> {
  const server = createServer((_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { ...headers, 'Content-Length': body.length });
    res.end(body);
  });
  return served(server);
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
  return served(server, () => pool.end());
}

/**
 * The floor of an uncached read of one product by id: the hops our server makes for it and nothing
 * else. One Redis GET of the URL (a miss), BEGIN and the SELECT sent together (one PostgreSQL round
 * trip), COMMIT not waited for, the same JSON answer (`rec_name` = [code] name). No framework, no
 * key check, no access rules, no store of the answer: what any server doing these hops must pay.
 */
export async function productFloorServer(connectionString: string, redisUrl: string): Promise<Baseline> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const server = createServer(async (req, res) => {
    const id = Number(/\/(\d+)(?:\?|$)/.exec(req.url ?? '')?.[1]);
    const cached = await redis.getBuffer(`bench-floor:${req.url}`);
    if (cached) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': cached.length });
      return void res.end(cached);
    }
    const client = await pool.connect();
    try {
      void client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { rows } = await client.query(
        'SELECT "p"."id", "p"."code", "t"."name" FROM "product_product" AS "p" JOIN "product_template" AS "t" ON "t"."id" = "p"."template" WHERE "p"."id" = $1',
        [id],
      );
      void client.query('COMMIT').finally(() => client.release());
      const row = rows[0] as { id: number; code: string | null; name: string } | undefined;
      const body = row
        ? JSON.stringify({
            id: row.id,
            __name__: 'product.product',
            rec_name: row.code ? `[${row.code}] ${row.name}` : row.name,
          })
        : '{"status":404}';
      res.writeHead(row ? 200 : 404, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
      });
      res.end(body);
    } catch (e) {
      client.release(true);
      res.writeHead(500);
      res.end(String(e));
    }
  });
  return served(
    server,
    () => pool.end(),
    () => redis.disconnect(),
  );
}

/** What a baseline process is asked to serve (one JSON argument). */
export type BaselineSpec =
  | { kind: 'bare'; body: string; headers: Record<string, string> }
  | { kind: 'hand'; connectionString: string; pageSize: number }
  | { kind: 'product-floor'; connectionString: string; redisUrl: string };

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
      : spec.kind === 'hand'
        ? await handWrittenPartyServer(spec.connectionString, spec.pageSize)
        : await productFloorServer(spec.connectionString, spec.redisUrl);
  process.once('SIGTERM', () => void baseline.close().then(() => process.exit(0)));
  process.stdout.write(`${baseline.url}\n`);
}

if (require.main === module) void main(process.argv[2]);
