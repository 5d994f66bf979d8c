import { it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { CachedAnswer, CacheStore, LookupResult, Snapshot } from '../../../src/cache/cache-store';
import { WHOLE_DATABASE } from '../../../src/cache/cache-store';

/** An answer with every byte value (bodies must survive the store byte for byte). */
export function answerOf(text: string): CachedAnswer {
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json', Link: '</x>; rel="x"' },
    etag: `"${text}"`,
    body: Buffer.concat([Buffer.from(text), Buffer.from([0, 255, 13, 10])]),
  };
}

export function snapshotOf(result: LookupResult): Snapshot {
  assert.ok(result.kind === 'miss' || result.kind === 'stale-profile', `expected a miss, got ${result.kind}`);
  return result.snapshot;
}

/**
 * What every CacheStore must do (Redis and in-process alike). `store()` returns a fresh store on a
 * fresh database name space.
 */
export function storeContract(store: () => Promise<CacheStore>): void {
  const db = () => `db_${randomBytes(4).toString('hex')}`;
  const miss = async (sut: CacheStore, database: string, key: string) =>
    snapshotOf(await sut.lookup({ db: database, key, profile: null, lockOwner: null }));
  const lookup = (sut: CacheStore, database: string, key: string) =>
    sut.lookup({ db: database, key, profile: null, lockOwner: null });

  it('serves a stored answer until a model it read is bumped', async () => {
    const sut = await store();
    const d = db();
    const snapshot = await miss(sut, d, 'k');
    const answer = answerOf('one');
    assert.equal(await sut.store({ db: d, key: 'k', answer, snapshot, deps: ['party.party'], lockOwner: null }), true);
    assert.deepEqual(await lookup(sut, d, 'k'), { kind: 'hit', answer });

    await sut.bump(d, ['product.product']);
    assert.equal((await lookup(sut, d, 'k')).kind, 'hit', 'an unrelated write keeps the entry');
    await sut.bump(d, ['party.party']);
    assert.equal((await lookup(sut, d, 'k')).kind, 'miss', 'a write to a model it read makes it stale');
  });

  it('refuses an answer whose data may predate a write bumped after its snapshot', async () => {
    const sut = await store();
    const d = db();
    const snapshot = await miss(sut, d, 'k');
    await sut.bump(d, ['party.address']);
    const stored = await sut.store({
      db: d,
      key: 'k',
      answer: answerOf('old'),
      snapshot,
      deps: ['party.party', 'party.address'],
      lockOwner: null,
    });
    assert.equal(stored, false);
    assert.equal((await lookup(sut, d, 'k')).kind, 'miss');
  });

  it('bumping the whole database makes every entry stale', async () => {
    const sut = await store();
    const d = db();
    for (const key of ['a', 'b']) {
      const snapshot = await miss(sut, d, key);
      await sut.store({ db: d, key, answer: answerOf(key), snapshot, deps: [key], lockOwner: null });
    }
    await sut.bump(d, [WHOLE_DATABASE]);
    assert.equal((await lookup(sut, d, 'a')).kind, 'miss');
    assert.equal((await lookup(sut, d, 'b')).kind, 'miss');
  });

  it('keeps databases apart', async () => {
    const sut = await store();
    const [d1, d2] = [db(), db()];
    for (const d of [d1, d2]) {
      const snapshot = await miss(sut, d, 'k');
      await sut.store({ db: d, key: 'k', answer: answerOf(d), snapshot, deps: ['party.party'], lockOwner: null });
    }
    await sut.bump(d1, ['party.party']);
    assert.equal((await lookup(sut, d1, 'k')).kind, 'miss');
    const other = await lookup(sut, d2, 'k');
    assert.equal(other.kind === 'hit' && other.answer.body.toString('latin1').slice(0, d2.length), d2);
  });

  it('reports a stale access profile before looking at the entry', async () => {
    const sut = await store();
    const d = db();
    const profileAt = (await sut.snapshot(d))!;
    const profile = { snapshot: profileAt, deps: ['ir.rule', 'res.user-res.group'] };
    const snapshot = await miss(sut, d, 'k');
    await sut.store({ db: d, key: 'k', answer: answerOf('x'), snapshot, deps: ['party.party'], lockOwner: null });
    assert.equal((await sut.lookup({ db: d, key: 'k', profile, lockOwner: null })).kind, 'hit');

    await sut.bump(d, ['res.user-res.group']);
    const stale = await sut.lookup({ db: d, key: 'k', profile, lockOwner: null });
    assert.equal(stale.kind, 'stale-profile');
    const forged = { snapshot: { token: 'another incarnation', seq: 1e9 }, deps: profile.deps };
    assert.equal((await sut.lookup({ db: d, key: 'k', profile: forged, lockOwner: null })).kind, 'stale-profile');
    const renewed = { snapshot: (await sut.snapshot(d))!, deps: profile.deps };
    assert.equal((await sut.lookup({ db: d, key: 'k', profile: renewed, lockOwner: null })).kind, 'hit');
  });

  it('refuses a snapshot from another incarnation of the generations', async () => {
    const sut = await store();
    const d = db();
    const snapshot = await miss(sut, d, 'k');
    const forged = { token: 'lost generations', seq: snapshot.seq };
    const answer = answerOf('x');
    assert.equal(await sut.store({ db: d, key: 'k', answer, snapshot: forged, deps: ['m'], lockOwner: null }), false);
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
