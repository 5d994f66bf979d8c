import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import pg from 'pg';

export interface Baseline {
  url: string;
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
  return { url, close: () => new Promise((done) => server.close(() => done())) };
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
    close: async () => {
      await new Promise<void>((done) => server.close(() => done()));
      await pool.end();
    },
  };
}
