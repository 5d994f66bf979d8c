import { it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type {
  CachedAnswer,
  CacheStore,
  LookupRequest,
  LookupResult,
  Snapshot,
  StoreRequest,
} from '../../../src/cache/cache-store';
import { WHOLE_DATABASE } from '../../../src/cache/cache-store';

/** The access models of these tests: every entry depends on them. */
export const COMMON = ['ir.rule', 'res.user-res.group'];

/** An answer with every byte value (bodies must survive the store byte for byte). */
export function answerOf(text: string): CachedAnswer {
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json', Link: '</x>; rel="x"' },
    etag: `"${text}"`,
    body: Buffer.concat([Buffer.from(text), Buffer.from([0, 255, 13, 10])]),
  };
}

export function lookupOf(db: string, key: string, more: Partial<LookupRequest> = {}): LookupRequest {
  return { db, key, common: COMMON, profile: null, lockOwner: null, ...more };
}

export function storeOf(
  db: string,
  key: string,
  snapshot: Snapshot,
  more: Partial<StoreRequest> = {},
): StoreRequest {
  return { db, key, snapshot, answer: answerOf(key), deps: ['m'], common: COMMON, lockOwner: null, ...more };
}

export function snapshotOf(result: LookupResult): Snapshot {
  assert.ok(result.kind === 'miss' || result.kind === 'stale-profile', `expected a miss, got ${result.kind}`);
  return result.snapshot;
}

/**
 * What every CacheStore must do (Redis and in-process alike). `store()` returns a fresh store; each
 * test uses its own database names.
 */
export function storeContract(store: () => Promise<CacheStore>): void {
  const db = () => `db_${randomBytes(4).toString('hex')}`;
  const miss = async (sut: CacheStore, database: string, key: string) =>
    snapshotOf(await sut.lookup(lookupOf(database, key)));
  const kind = async (sut: CacheStore, request: LookupRequest) => (await sut.lookup(request)).kind;

  it('serves a stored answer until a model it read is bumped', async () => {
    const sut = await store();
    const d = db();
    const answer = answerOf('one');
    const request = storeOf(d, 'k', await miss(sut, d, 'k'), { answer, deps: ['party.party'] });
    assert.equal(await sut.store(request), true);
    assert.deepEqual(await sut.lookup(lookupOf(d, 'k')), { kind: 'hit', answer });

    await sut.bump(d, ['product.product']);
    assert.equal(await kind(sut, lookupOf(d, 'k')), 'hit', 'an unrelated write keeps the entry');
    await sut.bump(d, ['party.party']);
    assert.equal(await kind(sut, lookupOf(d, 'k')), 'miss', 'a write to a model it read makes it stale');
  });

  it('makes every entry depend on the common models', async () => {
    const sut = await store();
    const d = db();
    await sut.store(storeOf(d, 'k', await miss(sut, d, 'k')));
    assert.equal(await kind(sut, lookupOf(d, 'k')), 'hit');
    await sut.bump(d, ['ir.rule']);
    assert.equal(await kind(sut, lookupOf(d, 'k')), 'miss');
  });

  it('refuses an answer whose data may predate a write bumped after its snapshot', async () => {
    const sut = await store();
    const d = db();
    for (const [key, model] of [
      ['read', 'party.address'],
      ['common', 'ir.rule'],
    ]) {
      const snapshot = await miss(sut, d, key);
      await sut.bump(d, [model]);
      assert.equal(
        await sut.store(storeOf(d, key, snapshot, { deps: ['party.party', 'party.address'] })),
        false,
      );
      assert.equal(await kind(sut, lookupOf(d, key)), 'miss');
    }
  });

  it('bumping the whole database makes every entry stale', async () => {
    const sut = await store();
    const d = db();
    for (const key of ['a', 'b']) await sut.store(storeOf(d, key, await miss(sut, d, key), { deps: [key] }));
    await sut.bump(d, [WHOLE_DATABASE]);
    assert.equal(await kind(sut, lookupOf(d, 'a')), 'miss');
    assert.equal(await kind(sut, lookupOf(d, 'b')), 'miss');
  });

  it('keeps databases apart', async () => {
    const sut = await store();
    const [d1, d2] = [db(), db()];
    for (const d of [d1, d2])
      await sut.store(storeOf(d, 'k', await miss(sut, d, 'k'), { answer: answerOf(d) }));
    await sut.bump(d1, ['m']);
    assert.equal(await kind(sut, lookupOf(d1, 'k')), 'miss');
    const other = await sut.lookup(lookupOf(d2, 'k'));
    assert.equal(other.kind === 'hit' && other.answer.body.toString('latin1').slice(0, d2.length), d2);
  });

  it('reports a stale access profile before looking at the entry', async () => {
    const sut = await store();
    const d = db();
    const profile = (await sut.snapshot(d))!;
    await sut.store(storeOf(d, 'k', await miss(sut, d, 'k')));
    assert.equal(await kind(sut, lookupOf(d, 'k', { profile })), 'hit');

    await sut.bump(d, ['res.user-res.group']);
    assert.equal(await kind(sut, lookupOf(d, 'k', { profile })), 'stale-profile');
    const forged = { token: 'another incarnation', seq: 1e9 };
    assert.equal(await kind(sut, lookupOf(d, 'k', { profile: forged })), 'stale-profile');
    const renewed = (await sut.snapshot(d))!;
    assert.equal(await kind(sut, lookupOf(d, 'k', { profile: renewed })), 'miss', 'the entry went stale too');
  });

  it('refuses a snapshot from another incarnation of the generations', async () => {
    const sut = await store();
    const d = db();
    const snapshot = await miss(sut, d, 'k');
    assert.equal(await sut.store(storeOf(d, 'k', { token: 'lost generations', seq: snapshot.seq })), false);
  });

  it('bumps without throwing and ignores an empty write', async () => {
    const sut = await store();
    const d = db();
    const before = (await sut.snapshot(d))!;
    await sut.bump(d, []);
    assert.equal((await sut.snapshot(d))!.seq, before.seq);
    await sut.bump(d, new Set(['a', 'b']));
    assert.ok((await sut.snapshot(d))!.seq > before.seq);
  });
}
