import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, TestDatabase } from './support/database';
import { Env, ROOT_USER, rootAccess } from '../src/pool/env';
import type { Sequence } from '../src/ir/sequence.model';
import { UserError } from '../src/pool/errors';

/**
 * ir.sequence as Tryton has it on PostgreSQL: each sequence is backed by a database sequence, so two
 * transactions numbering records at once never wait for each other (gaps allowed); ir.sequence.strict
 * keeps its locked counter (no gaps, the second waits).
 */
describe('ir.sequence', () => {
  let sut: TestDatabase;
  let plain: number;
  let strict: number;
  let sequenceType: number;
  before(async () => {
    sut = await createTestDatabase();
    [plain, strict] = await sut.commit(async (env) => {
      [sequenceType] = await env.model('ir.sequence.type').create(env, [{ name: 'Tests' }]);
      return [
        (
          await env
            .model('ir.sequence')
            .create(env, [{ name: 'Plain', prefix: 'P', padding: 3, sequence_type: sequenceType }])
        )[0],
        (
          await env
            .model('ir.sequence.strict')
            .create(env, [{ name: 'Strict', prefix: 'S', sequence_type: sequenceType }])
        )[0],
      ];
    });
  });
  after(() => sut.drop());

  const model = (env: Env, name: string) => env.model(name) as typeof Sequence;

  /** Takes a number in a transaction left open, then tries another in a second transaction. */
  async function concurrently(name: string, id: number): Promise<{ first: string; second: string | Error }> {
    const a = await sut.server.begin(sut.db, false);
    const b = await sut.server.begin(sut.db, false);
    const envOf = (tx: typeof a.tx) => new Env(sut.pool, tx, ROOT_USER, { language: 'en' }, rootAccess);
    try {
      const first = await model(envOf(a.tx), name).nextNumber(envOf(a.tx), id);
      // Waiting for a row lock held by the first transaction fails after the timeout instead of hanging.
      await b.tx.query("SET LOCAL lock_timeout = '300ms'");
      const second = await model(envOf(b.tx), name)
        .nextNumber(envOf(b.tx), id)
        .catch((e: Error) => e);
      return { first, second };
    } finally {
      await b.tx.rollback().catch(() => undefined);
      b.release();
      await a.tx.rollback();
      a.release();
    }
  }

  it('gives numbers to two open transactions at once, without either waiting', async () => {
    const { first, second } = await concurrently('ir.sequence', plain);
    assert.match(first, /^P\d{3}$/);
    assert.equal(typeof second, 'string', `the second transaction waited: ${String(second)}`);
    assert.notEqual(second, first);
  });

  it('makes the second transaction wait for the first on a strict sequence (no gaps)', async () => {
    const { first, second } = await concurrently('ir.sequence.strict', strict);
    assert.equal(first, 'S1');
    assert.ok(second instanceof Error && /lock timeout/.test(second.message), String(second));
    // Both were rolled back: the strict number is given back, the plain ones are not.
    const again = await sut.rollback((env) => model(env, 'ir.sequence.strict').nextNumber(env, strict));
    assert.equal(again, 'S1');
  });

  it('reads number_next from the database sequence, and restarts it when written', async () => {
    await sut.commit(async (env) => {
      const Seq = model(env, 'ir.sequence');
      const [id] = await Seq.create(env, [
        { name: 'Counted', number_next_internal: 10, number_increment: 5, sequence_type: sequenceType },
      ]);
      assert.deepEqual(await Seq.nextNumbers(env, id, 3), ['10', '15', '20']);
      const [read] = await Seq.read(env, [id], ['number_next', 'number_next_internal']);
      assert.equal(read.number_next, 25);
      await Seq.write(env, [id], { number_next: 100 });
      assert.equal(await Seq.nextNumber(env, id), '100');
      // A new increment keeps the next number.
      await Seq.write(env, [id], { number_increment: 2 });
      assert.equal((await Seq.read(env, [id], ['number_next']))[0].number_next, 105);
      assert.deepEqual(await Seq.nextNumbers(env, id, 2), ['105', '107']);
      await Seq.delete(env, [id]);
      const left = await env.tx.query('SELECT to_regclass($1) AS r', [Seq.sqlSequence(id)]);
      assert.equal(left[0].r, null);
    });
  });

  it('makes the database sequence of a sequence that has none from its counter', async () => {
    await sut.rollback(async (env) => {
      const Seq = model(env, 'ir.sequence');
      const [id] = await Seq.create(env, [
        { name: 'Old', number_next_internal: 42, sequence_type: sequenceType },
      ]);
      await env.tx.query(`DROP SEQUENCE "${Seq.sqlSequence(id)}"`);
      assert.equal((await Seq.read(env, [id], ['number_next']))[0].number_next, 42);
      assert.deepEqual(await Seq.nextNumbers(env, id, 2), ['42', '43']);
    });
  });

  it('refuses an increment of zero', async () => {
    await sut.rollback(async (env) => {
      await assert.rejects(
        model(env, 'ir.sequence').create(env, [
          { name: 'Zero', number_increment: 0, sequence_type: sequenceType },
        ]),
        (e: Error) => e instanceof UserError && /Increment Number/.test(e.message),
      );
    });
  });
});
