import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import {
  CachedAnswer,
  CacheStore,
  LookupRequest,
  LookupResult,
  Snapshot,
  StoreRequest,
  WHOLE_DATABASE,
} from './cache-store';
import { ENTRY_OVERHEAD } from './local-tier';

interface Entry {
  snapshot: Snapshot;
  deps: readonly string[];
  answer: CachedAnswer;
}

interface Generations {
  seq: number;
  models: Map<string, number>;
}

export interface MemoryStoreOptions {
  /** Bytes of answers kept (least recently used go first). */
  maxBytes: number;
  ttlMs: number;
}

/**
 * The cache of a single instance (no REDIS_URL): the same generations, snapshots and freshness rule
 * as the Redis store, in process memory. Fill locks are not needed: the in-process single flight is
 * the whole story when there is one instance.
 */
export class MemoryCacheStore implements CacheStore {
  private readonly token = randomBytes(9).toString('base64url');
  private readonly generations = new Map<string, Generations>();
  private readonly entries: LRUCache<string, Entry>;

  constructor(options: MemoryStoreOptions) {
    this.entries = new LRUCache<string, Entry>({
      maxSize: Math.max(1, options.maxBytes),
      sizeCalculation: (e) => e.answer.body.length + ENTRY_OVERHEAD,
      ttl: options.ttlMs,
    });
  }

  private of(db: string): Generations {
    let gens = this.generations.get(db);
    if (!gens) this.generations.set(db, (gens = { seq: 0, models: new Map() }));
    return gens;
  }

  /** Whether no model of either list (nor the whole database) was bumped after `at`. */
  private fresh(db: string, at: Snapshot, deps: readonly string[], common: readonly string[]): boolean {
    if (at.token !== this.token) return false;
    const gens = this.of(db);
    const newer = (m: string) => (gens.models.get(m) ?? 0) > at.seq;
    return !newer(WHOLE_DATABASE) && !deps.some(newer) && !common.some(newer);
  }

  private current(db: string): Snapshot {
    return { token: this.token, seq: this.of(db).seq };
  }

  async lookup(request: LookupRequest): Promise<LookupResult> {
    const { db, profile, common } = request;
    if (profile && !this.fresh(db, profile, [], common))
      return { kind: 'stale-profile', snapshot: this.current(db) };
    const id = `${db}\0${request.key}`;
    const entry = this.entries.get(id);
    if (entry) {
      if (this.fresh(db, entry.snapshot, entry.deps, common)) return { kind: 'hit', answer: entry.answer };
      this.entries.delete(id);
    }
    return { kind: 'miss', snapshot: this.current(db), lock: 'none' };
  }

  async snapshot(db: string): Promise<Snapshot> {
    return this.current(db);
  }

  async store(request: StoreRequest): Promise<boolean> {
    const { db, key, answer, snapshot, deps, common } = request;
    if (!this.fresh(db, snapshot, deps, common)) return false;
    this.entries.set(`${db}\0${key}`, { snapshot, deps: [...deps], answer });
    return true;
  }

  async release(): Promise<void> {}

  async bump(db: string, models: Iterable<string>): Promise<void> {
    const list = [...models];
    if (!list.length) return;
    const gens = this.of(db);
    gens.seq++;
    for (const model of list) gens.models.set(model, gens.seq);
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}
