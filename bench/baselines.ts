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
 * would write for 100 parties with their addresses, countries and e-mails.
 */
export async function handWrittenPartyServer(connectionString: string, pageSize: number): Promise<Baseline> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  let n = 0;
  const server = createServer(async (_req, res) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN READ ONLY');
      // A varying predicate with the same rows, like the benchmark's uncached requests.
      const parties = (
        await client.query(
          'SELECT "id", "name", "code" FROM "party_party" WHERE "active" AND "id" > $1 ORDER BY "name", "id" LIMIT $2',
          [-++n, pageSize],
        )
      ).rows;
      const ids = parties.map((p) => p.id);
      const addresses = (
        await client.query(
          'SELECT "id", "party", "city", "country" FROM "party_address" WHERE "party" = ANY($1) AND "active" ORDER BY "party", "sequence", "id"',
          [ids],
        )
      ).rows;
      const countryIds = [...new Set(addresses.map((a) => a.country).filter((c) => c !== null))];
      const countries = (
        await client.query('SELECT "id", "name" FROM "country_country" WHERE "id" = ANY($1)', [countryIds])
      ).rows;
      const contacts = (
        await client.query(
          'SELECT "id", "party", "value" FROM "party_contact_mechanism" WHERE "party" = ANY($1) AND "active" ORDER BY "party", "sequence", "id"',
          [ids],
        )
      ).rows;
      await client.query('COMMIT');
      const countryById = new Map(
        countries.map((c) => [c.id, { id: c.id, __name__: 'country.country', name: c.name }]),
      );
      const byParty = <T extends { party: number }>(rows: T[]) => {
        const map = new Map<number, T[]>();
        for (const row of rows) map.set(row.party, [...(map.get(row.party) ?? []), row]);
        return map;
      };
      const addressMap = byParty(addresses);
      const contactMap = byParty(contacts);
      const body = JSON.stringify(
        parties.map((p) => ({
          id: p.id,
          __name__: 'party.party',
          name: p.name,
          code: p.code,
          addresses: (addressMap.get(p.id) ?? []).map((a) => ({
            id: a.id,
            __name__: 'party.address',
            city: a.city,
            country: a.country === null ? null : countryById.get(a.country),
          })),
          contact_mechanisms: (contactMap.get(p.id) ?? []).map((c) => ({
            id: c.id,
            __name__: 'party.contact_mechanism',
            value: c.value,
          })),
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
