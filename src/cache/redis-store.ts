import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import {
  CachedAnswer,
  CacheStore,
  LookupRequest,
  LookupResult,
  Snapshot,
  StoreRequest,
  WHOLE_DATABASE,
  FillLock,
} from './cache-store';
import { CircuitBreaker } from './circuit-breaker';
import { BUMP, LOOKUP, RELEASE, SNAPSHOT, STORE } from './redis-scripts';

export interface RedisStoreOptions {
  /** Prefix of every key (distinct deployments or tests sharing one Redis). */
  prefix: string;
  ttlMs: number;
  /** How long a fill lock (and an "uncacheable" mark) lasts. */
  lockMs: number;
  /** How long Redis is left alone after a failure before one request probes it again. */
  coolDownMs?: number;
}

type Arg = string | number | Buffer;
type Head = Omit<CachedAnswer, 'body'>;

/** Bytes of recently hit bodies an instance keeps so that Redis need not send them again. */
const RECENT_BYTES = 32 * 1024 * 1024;
type Raw = Buffer | number | null | Raw[];

/** The scripts, as ioredis's defineCommand adds them (the *Buffer variants keep bodies binary). */
interface ScriptCommands {
  ntLookupBuffer(...args: Arg[]): Promise<Raw[]>;
  ntStore(...args: Arg[]): Promise<number>;
  ntBump(...args: Arg[]): Promise<number>;
  ntSnapshot(...args: Arg[]): Promise<[string, number]>;
  ntRelease(...args: Arg[]): Promise<number>;
}

const SCRIPTS: [string, string, number][] = [
  ['ntLookup', LOOKUP, 3],
  ['ntStore', STORE, 3],
  ['ntBump', BUMP, 1],
  ['ntSnapshot', SNAPSHOT, 1],
  ['ntRelease', RELEASE, 2],
];

/**
 * The shared cache: entries, generations and fill locks in Redis, each operation one script (one
 * round trip). Fail-open: any failure answers "unavailable" (lookups) or is swallowed (bumps), and a
 * circuit breaker keeps a frozen Redis from costing every request its timeout. A bump that could not
 * reach Redis marks the database dirty: before this instance uses Redis for it again, it bumps the
 * whole database, so no entry written before the outage is trusted afterwards.
 */
export class RedisCacheStore implements CacheStore {
  private readonly logger = new Logger('Cache');
  private readonly instance = randomBytes(9).toString('base64url');
  private tokens = 0;
  private readonly breaker: CircuitBreaker;
  private readonly scripts: ScriptCommands;
  /** Databases whose bump was lost, with a count of the losses (see flush). */
  private readonly dirty = new Map<string, number>();
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly heads = new LRUCache<string, Head>({ max: 10_000 });

  constructor(
    private readonly client: Redis,
    private readonly options: RedisStoreOptions,
  ) {
    this.breaker = new CircuitBreaker(options.coolDownMs ?? 1000);
    for (const [name, lua, numberOfKeys] of SCRIPTS) client.defineCommand(name, { lua, numberOfKeys });
    this.scripts = client as unknown as ScriptCommands;
    client.on('error', (error: Error) => this.failed(error));
    client.on('ready', () => {
      // A new connection passed ioredis's ready check: stop refusing calls and invalidate what the
      // outage left unbumped.
      if (this.breaker.isFailing) this.logger.log('Redis reachable again: caching resumes');
      this.breaker.succeeded();
      void this.flushDirty();
    });
  }

  /**
   * A token for the generation hash in case the script finds none: unique per call, so generations
   * that were lost and recreated never get the token of the ones they replace.
   */
  private newToken(): string {
    return `${this.instance}.${++this.tokens}`;
  }

  private generations(db: string): string {
    // The hash tag keeps a database's keys in one slot, so scripts may touch them together on a cluster.
    return `${this.options.prefix}{${db}}:g`;
  }

  private entryKey(db: string, key: string): string {
    return `${this.options.prefix}{${db}}:e:${key}`;
  }

  private lockKey(db: string, key: string): string {
    return `${this.options.prefix}{${db}}:l:${key}`;
  }

  /**
   * Runs fn if Redis is deemed reachable; undefined when it is not or fn fails. `trips`: whether a
   * failure opens the breaker (not for storing a large body, which may just be slow).
   */
  private async attempt<T>(db: string, fn: () => Promise<T>, trips = true): Promise<T | undefined> {
    // Not connected: ioredis would reject at once anyway; its 'error' event reports why.
    if (this.client.status !== 'ready' || !this.breaker.allow()) return undefined;
    try {
      if (this.dirty.has(db)) await this.flush(db);
      const result = await fn();
      if (this.breaker.isFailing) this.logger.log('Redis reachable again: caching resumes');
      this.breaker.succeeded();
      return result;
    } catch (error) {
      if (trips) this.failed(error as Error);
      return undefined;
    }
  }

  private failed(error: Error): void {
    if (!this.breaker.isFailing)
      this.logger.warn(`Redis unavailable, answering without the cache: ${error.message}`);
    this.breaker.failed();
  }

  private async flush(db: string): Promise<void> {
    const mark = this.dirty.get(db);
    await this.scripts.ntBump(this.generations(db), this.newToken(), WHOLE_DATABASE);
    // A bump that failed while this one was on its way may have committed after it ran: keep that mark.
    if (this.dirty.get(db) === mark) this.dirty.delete(db);
  }

  private async flushDirty(): Promise<void> {
    for (const db of [...this.dirty.keys()]) await this.attempt(db, async () => undefined);
    if (!this.dirty.size && this.retryTimer) {
      clearInterval(this.retryTimer);
      this.retryTimer = null;
    }
  }

  private markDirty(db: string): void {
    this.dirty.set(db, (this.dirty.get(db) ?? 0) + 1);
    // Other instances keep trusting Redis: invalidate as soon as it answers, not at our next request.
    this.retryTimer ??= setInterval(() => void this.flushDirty(), this.options.coolDownMs ?? 1000).unref();
  }

  /**
   * Bodies of recent hits, by entry key and version: Redis still decides on every lookup whether the
   * entry is current (same round trip), but does not send a body this instance already holds.
   */
  private readonly recent = new Map<string, { version: string; head: Head; body: Buffer }>();
  private recentBytes = 0;

  private remember(entryKey: string, version: string, head: Head, body: Buffer): void {
    const old = this.recent.get(entryKey);
    if (old) {
      this.recent.delete(entryKey);
      this.recentBytes -= old.body.length;
    }
    if (body.length > RECENT_BYTES / 16) return;
    this.recent.set(entryKey, { version, head, body });
    this.recentBytes += body.length;
    for (const [k, v] of this.recent) {
      if (this.recentBytes <= RECENT_BYTES) break;
      this.recent.delete(k);
      this.recentBytes -= v.body.length;
    }
  }

  async lookup(request: LookupRequest): Promise<LookupResult> {
    const { db, key, profile, common, lockOwner } = request;
    const entryKey = this.entryKey(db, key);
    const known = this.recent.get(entryKey);
    const raw = await this.attempt(db, () =>
      this.scripts.ntLookupBuffer(
        this.generations(db),
        entryKey,
        this.lockKey(db, key),
        this.newToken(),
        profile?.token ?? '',
        profile?.seq ?? 0,
        lockOwner ?? '',
        this.options.lockMs,
        known?.version ?? '',
        ...common,
      ),
    );
    if (!raw) return { kind: 'unavailable' };
    const kind = String(raw[0]);
    if (kind === 'same' && known && known.version === String(raw[1])) {
      // Most recently used last: refresh its place.
      this.remember(entryKey, known.version, known.head, known.body);
      return { kind: 'hit', answer: { ...known.head, body: known.body } };
    }
    if (kind === 'hit') {
      const head = this.headOf(String(raw[1]));
      this.remember(entryKey, String(raw[3]), head, raw[2] as Buffer);
      return { kind: 'hit', answer: { ...head, body: raw[2] as Buffer } };
    }
    if (kind === 'same') {
      // Our copy was dropped meanwhile: ask again for the body.
      this.recent.delete(entryKey);
      return this.lookup(request);
    }
    const snapshot: Snapshot = { token: String(raw[1]), seq: Number(raw[2]) };
    if (kind === 'profile') return { kind: 'stale-profile', snapshot };
    return { kind: 'miss', snapshot, lock: String(raw[3]) as FillLock };
  }

  /**
   * An entry's status, headers and ETag. Parsed once per distinct head: the same object comes back
   * for every hit, so per-hit work derived from it can be remembered by identity.
   */
  private headOf(text: string): Head {
    let head = this.heads.get(text);
    if (!head) this.heads.set(text, (head = JSON.parse(text) as Head));
    return head;
  }

  async snapshot(db: string): Promise<Snapshot | null> {
    const raw = await this.attempt(db, () => this.scripts.ntSnapshot(this.generations(db), this.newToken()));
    return raw ? { token: String(raw[0]), seq: Number(raw[1]) } : null;
  }

  async store(request: StoreRequest): Promise<boolean> {
    const { db, key, answer, snapshot, deps, common, lockOwner } = request;
    const head = JSON.stringify({ status: answer.status, headers: answer.headers, etag: answer.etag });
    const stored = await this.attempt(
      db,
      () =>
        this.scripts.ntStore(
          this.generations(db),
          this.entryKey(db, key),
          this.lockKey(db, key),
          snapshot.token,
          snapshot.seq,
          deps.join(','),
          head,
          answer.body,
          this.options.ttlMs,
          lockOwner ?? '',
          ...common,
        ),
      false,
    );
    return stored === 1;
  }

  async release(db: string, key: string, lockOwner: string, uncacheable: boolean): Promise<void> {
    await this.attempt(db, () =>
      this.scripts.ntRelease(
        this.generations(db),
        this.lockKey(db, key),
        lockOwner,
        uncacheable ? '1' : '0',
        this.options.lockMs,
      ),
    );
  }

  async bump(db: string, models: Iterable<string>): Promise<void> {
    const list = [...models];
    if (!list.length) return;
    const seq = await this.attempt(db, () =>
      this.scripts.ntBump(this.generations(db), this.newToken(), ...list),
    );
    if (seq === undefined) this.markDirty(db);
  }

  async close(): Promise<void> {
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.retryTimer = null;
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
