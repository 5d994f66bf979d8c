import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryCacheStore } from '../../src/cache/memory-store';
import { ENTRY_OVERHEAD } from '../../src/cache/local-tier';
import { answerOf, lookupOf, snapshotOf, storeContract, storeOf } from './support/store-contract';

describe(MemoryCacheStore.name, () => {
  storeContract(async () => new MemoryCacheStore({ maxBytes: 1 << 20, ttlMs: 60_000 }));

  it('evicts the least recently used answers past its byte budget', async () => {
    const sut = new MemoryCacheStore({ maxBytes: 2 * (1200 + ENTRY_OVERHEAD) + 100, ttlMs: 60_000 });
    for (const key of ['a', 'b', 'c']) {
      const snapshot = snapshotOf(await sut.lookup(lookupOf('d', key)));
      const answer = { ...answerOf(key), body: Buffer.alloc(1200, key) };
      assert.equal(await sut.store(storeOf('d', key, snapshot, { answer })), true);
    }
    const kinds = [];
    for (const key of ['a', 'b', 'c']) kinds.push((await sut.lookup(lookupOf('d', key))).kind);
    assert.deepEqual(kinds, ['miss', 'hit', 'hit']);
  });
});
