import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Client } from '../src';
import { useServer, type ServerUnderTest } from './support/server';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

const ROWS = 100_000;
/** A bound far below what holding the list would take (100,000 Records: well over 100 MB). */
const HEAP_BOUND = 32 * 1024 * 1024;

describe(`${Client.name} searchAll over ${ROWS.toLocaleString('en')} records`, () => {
  let server: ServerUnderTest;
  let sut: Client;
  let total: number;
  useServer(
    async (s) => {
      server = s;
      sut = new Client(s.baseUrl, s.adminKey, { timeout: 60_000 });
      total = Number((await s.sql('SELECT count(*) AS n FROM party_party')).rows[0].n);
    },
    {
      // Rows written straight in SQL (fast), before the server starts: nothing cached about them.
      seed: (s) =>
        s.sql(
          `INSERT INTO party_party (name, code, active, create_uid, create_date)
           SELECT 'Streamed customer ' || i, 'S' || lpad(i::text, 6, '0'), true, 1, now()
           FROM generate_series(1, ${ROWS}) AS i`,
        ),
    },
  );
  after(() => sut?.close());

  it('iterates every record with a flat heap', async (t) => {
    const before = heap();
    let peak = 0;
    let count = 0;
    let last = 0;
    for await (const party of sut.searchAll('party.party', [], { fields: ['name', 'code'], order: ['id'] })) {
      assert.ok(party.id! > last, 'in order');
      last = party.id!;
      if (party.code?.startsWith('S'))
        assert.equal(party.name, `Streamed customer ${Number(party.code.slice(1))}`);
      if (++count % 10_000 === 0) peak = Math.max(peak, heap() - before);
    }
    assert.equal(count, total);
    assert.ok(total >= ROWS);
    t.diagnostic(`${count} records, heap grew by at most ${(peak / 2 ** 20).toFixed(1)} MiB`);
    assert.ok(peak < HEAP_BOUND, `heap grew by ${(peak / 2 ** 20).toFixed(1)} MiB`);
  });

  it('breaking out of the loop stops the transfer; the server releases the query', async () => {
    let count = 0;
    for await (const party of sut.searchAll('party.party', [], { fields: ['name'] })) {
      assert.equal(typeof party.name, 'string');
      if (++count === 1000) break;
    }
    assert.equal(count, 1000);
    const active = async () =>
      Number(
        (
          await server.sql(
            `SELECT count(*) AS n FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`,
          )
        ).rows[0].n,
      );
    let n = await active();
    for (let i = 0; i < 200 && n > 0; i++) {
      await new Promise((r) => setTimeout(r, 25));
      n = await active();
    }
    assert.equal(n, 0, 'no query left running for the abandoned list');
    // The pool is usable right after.
    assert.equal((await sut.search('party.party', [], { limit: 3 })).length, 3);
  });

  it('an aborted signal ends the iteration with its reason', async () => {
    const controller = new AbortController();
    let count = 0;
    const error = await (async () => {
      for await (const _ of sut.searchAll('party.party', [], { signal: controller.signal })) {
        if (++count === 500) controller.abort(new Error('shopper left'));
      }
    })().catch((e: unknown) => e);
    assert.match(String(error), /shopper left/);
    assert.equal(count, 500);
  });
});
