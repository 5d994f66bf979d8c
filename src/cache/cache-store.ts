/**
 * Where cached answers and model generations live: Redis (shared by every instance) or an in-process
 * LRU (no REDIS_URL). Both keep the same rules:
 *
 * - each database has a sequence; a committed write bumps it and stamps every model it touched with
 *   the new value (the model's generation);
 * - an entry is stored with the sequence read BEFORE its answer read the database (its snapshot) and
 *   the models it read; it is fresh while none of them (nor the whole-database model '*') has a
 *   generation above the snapshot. A write that committed after the snapshot was taken necessarily
 *   bumped after it, so an entry never outlives a write that its data may predate;
 * - a random incarnation token lives beside the sequence: if Redis loses the generations (restart
 *   without persistence, eviction) the token changes and every older entry and snapshot is refused.
 */

/** Where a database's generations stood when a snapshot was taken. */
export interface Snapshot {
  token: string;
  seq: number;
}

/** A finished 200 answer, as bytes. */
export interface CachedAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  /** Strong ETag (with its quotes) of the body. */
  etag: string;
  body: Buffer;
}

/**
 * The fill lock of a key after a miss: `mine` (this caller fills it), `held` (another instance is
 * filling it), `uncacheable` (the last fill was not cacheable: do not wait), `none` (not asked for).
 */
export type FillLock = 'mine' | 'held' | 'uncacheable' | 'none';

export interface LookupRequest {
  db: string;
  /** The hashed canonical key (includes the access profile). */
  key: string;
  /**
   * Models every entry depends on besides its own reads (the access models): checked against the
   * entry's snapshot, and against `profile`.
   */
  common: readonly string[];
  /** The snapshot the caller's access profile was computed at: stale once a common model moved on. */
  profile: Snapshot | null;
  /** Owner id to take the key's fill lock with on a miss; null: do not lock. */
  lockOwner: string | null;
}

export type LookupResult =
  | { kind: 'hit'; answer: CachedAnswer }
  | { kind: 'miss'; snapshot: Snapshot; lock: FillLock }
  | { kind: 'stale-profile'; snapshot: Snapshot }
  | { kind: 'unavailable' };

export interface StoreRequest {
  db: string;
  key: string;
  answer: CachedAnswer;
  snapshot: Snapshot;
  /** Every model the answer read. */
  deps: readonly string[];
  /** The models every entry depends on (as in LookupRequest). */
  common: readonly string[];
  lockOwner: string | null;
}

export interface CacheStore {
  /** The entry if fresh and the profile still holds; on a miss, the snapshot to build the answer on. */
  lookup(request: LookupRequest): Promise<LookupResult>;
  /**
   * A fresh entry this instance can vouch for without a round trip (the local tier under a lease),
   * or null: then lookup decides.
   */
  peek?(db: string, key: string): CachedAnswer | null;
  /**
   * A lookup the caller need not wait for before it reads the database, or null (then `lookup`):
   * `snapshot` is one the store saw before this call (a valid one for a read that starts now, if
   * older than needed: a write it misses only makes the store refuse the answer), `confirm` the
   * lookup itself (hit, or miss with its fill lock), which never rejects.
   */
  speculate?(request: LookupRequest): { snapshot: Snapshot; confirm: Promise<LookupResult> } | null;
  /** The current snapshot, null when the store is unreachable. */
  snapshot(db: string): Promise<Snapshot | null>;
  /** Stores the entry unless a model it read was bumped after its snapshot; true when stored. */
  store(request: StoreRequest): Promise<boolean>;
  /** Gives up a fill lock; `uncacheable` tells waiters not to wait for this key for a while. */
  release(db: string, key: string, lockOwner: string, uncacheable: boolean): Promise<void>;
  /** Bumps the generation of each model. Never throws: an unreachable store invalidates later. */
  bump(db: string, models: Iterable<string>): Promise<void>;
  close(): Promise<void>;
}

/** The pseudo-model every entry depends on: bumping it invalidates a whole database. */
export const WHOLE_DATABASE = '*';
