import { LRUCache } from 'lru-cache';
import type { CachedAnswer } from './cache-store';
import { WHOLE_DATABASE } from './cache-store';

/** Memory an answer's entry takes besides its body (counted against the tier's bytes). */
export const ENTRY_OVERHEAD = 1024;

/** An entry as the instance holds it: Redis's version of it, the models it read, its bytes. */
export interface LocalEntry {
  db: string;
  key: string;
  /** Redis's version of the entry (token:seq): equal versions are the same bytes. */
  version: string;
  deps: readonly string[];
  answer: CachedAnswer;
  /** Kept under a guard: may be served from memory (otherwise only its version is used). */
  trusted?: boolean;
}

/**
 * What a lookup or a store saw when it started: entries it brings back may go into the tier only if
 * the database was listened to then and nothing reset it since (an invalidation may have been lost).
 */
export interface Guard {
  db: string;
  epoch: number;
}

/** Per database: what this instance knows of its invalidations, and its lease. */
class Database {
  /** Bumped whenever invalidations may have been lost: older guards are refused. */
  epoch = 0;
  /** Whether the instance is subscribed to the database's invalidations (the subscription confirmed). */
  listening = false;
  /** Until when (performance.now()) the entries may be served without asking Redis. */
  validUntil = 0;
  /** The highest sequence each model was bumped to, as far as this instance has been told. */
  readonly bumped = new Map<string, number>();
  /** Entry ids by model read (for eviction on a write). */
  readonly byModel = new Map<string, Set<string>>();
  readonly ids = new Set<string>();
}

/**
 * The in-process tier in front of Redis: bodies of recent answers, served without a Redis round trip
 * while this instance holds a lease on their database. Exactness rests on three rules (the
 * subscription and heartbeats are RedisCacheStore's):
 *
 * - every write publishes its invalidation from the same Redis script that bumps the generations;
 *   an instance evicts what the write touched as soon as it reads the message;
 * - an entry goes in only if the database's invalidations were listened to before the Redis
 *   operation that vouched for it ran (its guard), and no invalidation already read bumped one of its
 *   models past the sequence it was vouched at: later writes necessarily reach the subscription;
 * - entries are served only while the lease holds: the instance's own heartbeat, published on the
 *   same channel, came back (so every invalidation published before it was read) less than a lease
 *   ago, counted from when it was sent. A writer waits for every instance holding a lease to
 *   acknowledge its invalidation, or for that lease to end, before it answers.
 *
 * Losing the subscription resets the database (older guards refused, entries dropped), a lagging
 * subscriber stops serving from memory when its lease ends, and Redis being unreachable ends every
 * lease: the tier then only spares Redis sending bodies it holds (their version still asked for).
 */
export class LocalTier {
  private readonly dbs = new Map<string, Database>();
  private readonly entries: LRUCache<string, LocalEntry>;
  /** The models every entry depends on (the access models): bumping one drops the whole database. */
  private common: readonly string[] = [];

  constructor(maxBytes: number) {
    this.entries = new LRUCache<string, LocalEntry>({
      maxSize: Math.max(1, maxBytes),
      maxEntrySize: Math.max(1, maxBytes / 16),
      // What an entry holds besides its body (its key, version, deps, headers object and the LRU's
      // own node), measured: about 1 KB; counting 256 B let 32 MiB of small answers take ~100 MiB.
      sizeCalculation: (e) => e.answer.body.length + ENTRY_OVERHEAD,
      dispose: (entry, id) => this.unindex(id, entry),
    });
  }

  private of(db: string): Database {
    let state = this.dbs.get(db);
    if (!state) this.dbs.set(db, (state = new Database()));
    return state;
  }

  get databases(): Iterable<string> {
    return this.dbs.keys();
  }

  isListening(db: string): boolean {
    return this.dbs.get(db)?.listening ?? false;
  }

  /** The subscription to the database is confirmed (or lost: false). Losing it resets the database. */
  setListening(db: string, listening: boolean): void {
    const state = this.of(db);
    if (!listening) this.reset(db);
    state.listening = listening;
  }

  /** The instance's heartbeat sent at `sentAt` came back: entries may be served until `until`. */
  extendLease(db: string, until: number): void {
    const state = this.of(db);
    if (state.listening && until > state.validUntil) state.validUntil = until;
  }

  /** The guard of an operation starting now, or null when what it brings back must not be kept. */
  guard(db: string): Guard | null {
    const state = this.dbs.get(db);
    return state?.listening ? { db, epoch: state.epoch } : null;
  }

  /** An entry to serve without asking Redis, if the lease holds. */
  serve(db: string, key: string, now: number): LocalEntry | undefined {
    const state = this.dbs.get(db);
    if (!state || now >= state.validUntil) return undefined;
    const entry = this.entries.get(`${db}\0${key}`);
    return entry?.trusted ? entry : undefined;
  }

  /** The entry whatever the lease (Redis still decides whether it is current). */
  peek(db: string, key: string): LocalEntry | undefined {
    return this.entries.get(`${db}\0${key}`);
  }

  /**
   * Keeps an entry Redis vouched for at sequence `seq` (a hit seen at `seq`, or a store whose
   * snapshot was `seq`): refused when the guard is stale or a write already read supersedes it.
   * `guard` null keeps the entry only for the version check (never served from memory).
   */
  keep(entry: LocalEntry, seq: number, guard: Guard | null, common: readonly string[]): boolean {
    this.common = common;
    const state = this.of(entry.db);
    const id = `${entry.db}\0${entry.key}`;
    if (guard && (guard.epoch !== state.epoch || !state.listening)) {
      this.entries.delete(id);
      return false;
    }
    const newer = (m: string) => (state.bumped.get(m) ?? 0) > seq;
    if (newer(WHOLE_DATABASE) || entry.deps.some(newer) || common.some(newer)) {
      this.entries.delete(id);
      return false;
    }
    entry.trusted = guard !== null;
    this.entries.set(id, entry);
    if (!this.entries.has(id)) return false; // too large for the tier
    state.ids.add(id);
    for (const model of entry.deps) {
      let ids = state.byModel.get(model);
      if (!ids) state.byModel.set(model, (ids = new Set()));
      ids.add(id);
    }
    return true;
  }

  private unindex(id: string, entry: LocalEntry): void {
    const state = this.dbs.get(entry.db);
    if (!state) return;
    state.ids.delete(id);
    for (const model of entry.deps) state.byModel.get(model)?.delete(id);
  }

  /**
   * A write bumped `models` to `seq` (0: about to, sequence unknown). Drops every entry that read one of them; the whole database for the
   * whole-database model or an access model.
   */
  invalidate(db: string, models: Iterable<string>, seq: number): void {
    const state = this.of(db);
    let all = false;
    for (const model of models) {
      if (seq > (state.bumped.get(model) ?? 0)) state.bumped.set(model, seq);
      if (model === WHOLE_DATABASE || this.common.includes(model)) {
        all = true;
        continue;
      }
      const ids = state.byModel.get(model);
      if (!ids) continue;
      for (const id of [...ids]) this.entries.delete(id);
      state.byModel.delete(model);
    }
    if (all) this.dropAll(state);
  }

  /** Drops a database's entries and refuses every guard taken before (invalidations may be lost). */
  reset(db: string): void {
    const state = this.of(db);
    state.epoch++;
    state.validUntil = 0;
    state.bumped.clear();
    this.dropAll(state);
  }

  /** Ends a database's lease now (it will serve again after its next heartbeat comes back). */
  endLease(db: string): void {
    const state = this.dbs.get(db);
    if (state) state.validUntil = 0;
  }

  private dropAll(state: Database): void {
    for (const id of [...state.ids]) this.entries.delete(id);
    state.ids.clear();
    state.byModel.clear();
  }

  clear(): void {
    for (const db of this.dbs.keys()) this.setListening(db, false);
    this.entries.clear();
  }
}
