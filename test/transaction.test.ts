import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestDatabase, TestDatabase } from './support/database';
import { postgresPort, writesDuring } from './support/writes';
import { COMMIT_HOLD_MS, rowDescriptions } from '../src/storage/transaction';

/**
 * A request's transaction on a pipelining connection: BEGIN leaves with the first statement, a
 * read's COMMIT is not waited for, and a read-only transaction answers a repeated SELECT itself.
 */
describe('Transaction', () => {
  let sut: TestDatabase;
  before(async () => {
    sut = await createTestDatabase();
    await sut.server.pool(sut.db).query('CREATE TABLE "tx_probe" ("id" serial PRIMARY KEY, "v" text)');
  });
  after(() => sut.drop());

  it('runs the first statement inside the transaction BEGIN opened (isolation, read-only)', async () => {
    const rows = await sut.server.transaction(sut.db, true, (tx) =>
      tx.query(
        "SELECT current_setting('transaction_isolation') AS iso, current_setting('transaction_read_only') AS ro",
      ),
    );
    assert.deepEqual(rows, [{ iso: 'repeatable read', ro: 'on' }]);
  });

  it('leaves the connection outside any transaction for its next user, its COMMIT not waited for', async () => {
    for (let i = 0; i < 5; i++) {
      await sut.server.transaction(sut.db, true, (tx) => tx.query('SELECT 1'));
      // The pool hands out the same idle connection: had the read-only transaction not ended, this
      // BEGIN would only warn, and the statement would still run read-only.
      const [row] = await sut.server.transaction(sut.db, false, (tx) =>
        tx.query(
          "SELECT current_setting('transaction_read_only') AS ro, current_setting('transaction_isolation') AS iso",
        ),
      );
      assert.deepEqual(row, { ro: 'off', iso: 'read committed' });
    }
  });

  it("holds a read's COMMIT for the next BEGIN on the connection (one write), else sends it alone soon", async () => {
    const options = sut.server.pool(sut.db).options as { connectionString?: string; port?: number };
    const port = Number(options.port ?? (new URL(options.connectionString!).port || 5432));
    // A read, then the next transaction on that (idle, reused) connection: the read's COMMIT leaves
    // with that BEGIN and its statement, in one write.
    const writes = await writesDuring(port, async () => {
      await sut.server.transaction(sut.db, true, (tx) => tx.query('SELECT 1'));
      await sut.server.transaction(sut.db, false, (tx) => tx.query('SELECT 2'));
    });
    // BEGIN + SELECT 1; COMMIT + BEGIN + SELECT 2; the read-write COMMIT (waited for).
    assert.equal(writes, 3);
    // Nobody takes the connection: the COMMIT leaves alone, and the session is idle, outside any transaction.
    const [{ pid }] = await sut.server.transaction(sut.db, true, (tx) =>
      tx.query('SELECT pg_backend_pid() AS pid'),
    );
    await new Promise((r) => setTimeout(r, COMMIT_HOLD_MS + 50));
    // (asked on a connection of its own: the pool would hand out that very connection)
    const other = new pg.Client({ connectionString: options.connectionString, port: options.port });
    await other.connect();
    const { rows } = await other.query('SELECT "state" FROM pg_stat_activity WHERE "pid" = $1', [pid]);
    await other.end();
    assert.deepEqual(rows, [{ state: 'idle' }]);
  });

  it('rolls back everything when a statement fails, the first one included', async () => {
    await assert.rejects(
      sut.server.transaction(sut.db, false, async (tx) => {
        await tx.query('INSERT INTO "tx_probe" ("v") VALUES ($1)', ['kept?']);
        await tx.query('SELECT 1/0');
      }),
    );
    await assert.rejects(
      sut.server.transaction(sut.db, false, (tx) => tx.query('SELECT * FROM "no_such_table"')),
    );
    const rows = await sut.server.transaction(sut.db, true, (tx) => tx.query('SELECT "v" FROM "tx_probe"'));
    assert.deepEqual(rows, []);
  });

  it('answers a repeated SELECT of a read-only transaction without sending it, each caller its own rows', async () => {
    await sut.server.transaction(sut.db, false, (tx) =>
      tx.query('INSERT INTO "tx_probe" ("v") VALUES ($1), ($2)', ['a', 'b']),
    );
    await sut.server.transaction(sut.db, true, async (tx) => {
      const text = 'SELECT "id", "v" FROM "tx_probe" WHERE "v" = ANY($1) ORDER BY "id"';
      const first = await tx.query(text, [['a', 'b']]);
      first[0].v = 'changed by the first caller';
      const sent = tx.statements;
      const [second, third] = await Promise.all([tx.query(text, [['a', 'b']]), tx.query(text, [['a', 'b']])]);
      assert.equal(tx.statements, sent);
      assert.deepEqual(
        second.map((r) => r.v),
        ['a', 'b'],
      );
      assert.notEqual(second[0], third[0]);
      // Other parameters, or anything but a SELECT, is sent.
      await tx.query(text, [['a']]);
      assert.equal(tx.statements, sent + 1);
    });
  });

  it('keeps no answer of a statement asked once (a search page): asked again, it is sent', async () => {
    await sut.server.transaction(sut.db, true, async (tx) => {
      const text = 'SELECT "id", "v" FROM "tx_probe" WHERE "v" = ANY($1) ORDER BY "id"';
      const once = await tx.query(text, [['a', 'b']], true);
      const sent = tx.statements;
      const again = await tx.query(text, [['a', 'b']]);
      assert.equal(tx.statements, sent + 1);
      assert.deepEqual(again, once);
      // That second answer is kept as any other.
      await tx.query(text, [['a', 'b']]);
      assert.equal(tx.statements, sent + 1);
    });
  });

  it('sends a list of integers as one array literal, read as the driver writes it', async () => {
    const rows = await sut.server.transaction(sut.db, false, (tx) =>
      tx.query(
        'SELECT $1::int[] AS "i", $2::text[] AS "t", $3::bigint[] AS "b", $4::int[] AS "e", $5::text[] AS "m", $6::float8[] AS "f"',
        [[3, -2, 0, 2147483647], [10, 7], [9007199254740991], [], ['a"b', 'c\\d'], [1.5, 2]],
      ),
    );
    assert.deepEqual(rows, [
      {
        i: [3, -2, 0, 2147483647],
        t: ['10', '7'],
        b: ['9007199254740991'],
        e: [],
        m: ['a"b', 'c\\d'],
        f: [1.5, 2],
      },
    ]);
  });

  it('reads one id by `= ANY($n)` as `= $n`: the same rows, and PostgreSQL keeps its generic plan', async () => {
    const ids = await sut.server.transaction(sut.db, false, async (tx) => {
      const rows = await tx.query('INSERT INTO "tx_probe" ("v") VALUES ($1), ($2) RETURNING "id"', [
        'one',
        'two',
      ]);
      return rows.map((r) => r.id as number);
    });
    const byIds = 'SELECT "id", "v" FROM "tx_probe" WHERE "id" = ANY($1) ORDER BY "id"';
    // $1 also used otherwise: left as it is.
    const twice = 'SELECT "id", cardinality($1::int[]) AS "n" FROM "tx_probe" WHERE "id" = ANY($1)';
    await sut.server.transaction(sut.db, false, async (tx) => {
      assert.deepEqual(await tx.query(byIds, [[ids[1]]]), [{ id: ids[1], v: 'two' }]);
      assert.deepEqual(await tx.query(byIds, [ids]), [
        { id: ids[0], v: 'one' },
        { id: ids[1], v: 'two' },
      ]);
      assert.deepEqual(await tx.query(byIds, [[-1]]), []);
      assert.deepEqual(await tx.query(twice, [[ids[0]]]), [{ id: ids[0], n: 1 }]);
      // Run as often as a busy server runs it on one connection, then ask that connection.
      for (let i = 0; i < 8; i++) await tx.query(byIds, [[ids[i % 2]]]);
      const plans = await tx.query(
        'SELECT "statement", "generic_plans", "custom_plans" FROM pg_prepared_statements WHERE "statement" LIKE $1',
        ['%FROM "tx_probe" WHERE "id" =%'],
      );
      const single = plans.find((p) => (p.statement as string).includes('"id" = $1 ORDER'));
      assert.ok(single, `the one-id read is prepared as "= $1": ${JSON.stringify(plans)}`);
      assert.ok(Number(single.generic_plans) > 0, `its generic plan is used: ${JSON.stringify(single)}`);
      assert.ok(
        !plans.some(
          (p) => (p.statement as string).includes('"id" = ANY($1) ORDER') && Number(p.custom_plans) > 2,
        ),
      );
    });
  });

  it("parses a named statement's rows as the driver does when its row description is used again", async () => {
    const text = `SELECT "id", "v", $1::int AS "n", $2::numeric AS "d", $3::timestamp AS "at", $4::bool AS "b",
      $5::text[] AS "list", NULL::int AS "none" FROM "tx_probe" WHERE "id" > $6 ORDER BY "id" LIMIT 2`;
    const params = (i: number) => [
      i,
      `${i}.50`,
      `2026-01-0${(i % 9) + 1} 10:00:00`,
      i % 2 === 0,
      [`a${i}`],
      0,
    ];
    const before = rowDescriptions.reused;
    await sut.server.transaction(sut.db, false, async (tx) => {
      for (let i = 0; i < 5; i++) {
        const direct = await sut.server.pool(sut.db).query(text, params(i));
        assert.deepEqual(await tx.query(text, params(i)), direct.rows);
      }
    });
    // Asked once unnamed, then named: prepared at the second, its description used again after.
    assert.ok(rowDescriptions.reused - before >= 2, `reused ${rowDescriptions.reused - before}`);
  });

  it('sends every statement of a read-write transaction (it may change what it reads)', async () => {
    await sut.server.transaction(sut.db, false, async (tx) => {
      const text = 'SELECT count(*)::int AS n FROM "tx_probe"';
      const [before] = await tx.query(text);
      await tx.query('INSERT INTO "tx_probe" ("v") VALUES ($1)', ['c']);
      const [after] = await tx.query(text);
      assert.equal(after.n, before.n + 1);
    });
  });

  it('sends the statements of one turn in one write (a Promise.all of reads, a deferred INSERT and the next read)', async () => {
    const port = postgresPort(sut);
    await sut.server.transaction(sut.db, false, (tx) => tx.query('SELECT 0'));
    const writes = await writesDuring(port, () =>
      sut.server.transaction(sut.db, false, async (tx) => {
        await Promise.all([tx.query('SELECT 1'), tx.query('SELECT 2'), tx.query('SELECT 3')]);
        tx.defer('INSERT INTO "tx_probe" ("v") VALUES ($1)', ['deferred']);
        const rows = await tx.query('SELECT count(*)::int AS n FROM "tx_probe" WHERE "v" = $1', ['deferred']);
        // Sent after it on the same connection: the deferred row is there.
        assert.deepEqual(rows, [{ n: 1 }]);
      }),
    );
    // BEGIN and the three reads; the INSERT and the count; COMMIT.
    assert.equal(writes, 3);
  });

  it('fails the transaction with a deferred statement that fails: the next statement, or commit, throws its error', async () => {
    await sut.server.transaction(sut.db, false, (tx) => tx.query('DELETE FROM "tx_probe"'));
    const divide = (e: unknown) => (e as { code?: string }).code === '22012';
    // The statement after it hears the deferred statement's error, not "transaction aborted".
    await assert.rejects(
      sut.server.transaction(sut.db, false, async (tx) => {
        await tx.query('INSERT INTO "tx_probe" ("v") VALUES ($1)', ['before']);
        tx.defer('SELECT 1/0');
        await tx.query('SELECT 1');
      }),
      divide,
    );
    // Nothing after it: COMMIT rolls the transaction back, and commit throws the error.
    const committed: string[] = [];
    await assert.rejects(
      sut.server.transaction(sut.db, false, async (tx) => {
        tx.afterCommit.push(() => void committed.push('ran'));
        await tx.query('INSERT INTO "tx_probe" ("v") VALUES ($1)', ['before']);
        tx.defer('SELECT 1/0');
      }),
      divide,
    );
    assert.deepEqual(committed, []);
    const rows = await sut.server.transaction(sut.db, true, (tx) => tx.query('SELECT "v" FROM "tx_probe"'));
    assert.deepEqual(rows, []);
  });
});
