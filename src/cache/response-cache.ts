import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IncomingHttpHeaders } from 'node:http';
import type { Request } from 'express';
import { Reply } from '../http/reply';
import { stateOf } from '../http/request-state';
import { AccessProfiles, Caller, Profile } from './access-profiles';
import { teeBody } from './body-tee';
import { CacheKeyParts } from './cache-key-parts';
import {
  CachePolicy,
  Headers,
  notModified,
  setCacheHeaders,
  setCacheStatus,
  withoutCacheHeaders,
} from './cache-headers';
import { CanonicalRequests } from './canonical-requests';
import { CachedAnswer, CacheStore, LookupRequest, LookupResult, Snapshot } from './cache-store';
import { entityTagOf, noneMatch } from './entity-tag';
import { SingleFlight, within } from './single-flight';
import { withFreshTimestamp } from '../restapi/envelope';

export interface ResponseCacheOptions {
  policy: CachePolicy;
  /** Largest answer stored. */
  entryLimit: number;
  /** How long a request waits for another one filling the same key before computing it itself. */
  fillWaitMs: number;
  /**
   * Misses at once that may read the database while their lookup is on its way, when the store
   * offers it (see CacheStore.speculate); 0 or unset: none.
   */
  speculate?: number;
}

/** A request's key, profile and lookup (a hit or a miss). */
interface Found {
  db: string;
  key: string;
  profile: Profile;
  /** The fill lock owner the lookup used (null: none asked). */
  owner: string | null;
  result: Extract<LookupResult, { kind: 'hit' | 'miss' }>;
  /**
   * A speculative miss: the lookup still on its way (`result` holds the snapshot to read on, its lock
   * is not known yet). Counted among the speculations running until `settled`.
   */
  confirm?: Promise<LookupResult>;
  counted?: boolean;
  /** The in-process flight a speculative miss opened for its key (later requests wait for it). */
  settle?: (answer: CachedAnswer | null) => void;
  /** The caller, and the request's key under another profile (a speculative miss's profile may be stale). */
  caller?: Caller;
  keyFor?: (profile: Profile) => string;
}

/** A miss being filled by this request. */
interface Fill {
  db: string;
  key: string;
  snapshot: Snapshot;
  /** The fill lock this request holds in the store, if any. */
  lockOwner: string | null;
  /** Hands the answer to this process's requests waiting for the same key (null: compute yourselves). */
  settle: ((answer: CachedAnswer | null) => void) | null;
}

/**
 * The cache around a GET route: canonical key (request + caller's access profile), lookup of the
 * entry and its freshness in one store round trip, a HIT answered from bytes without calling the
 * route, a MISS computed once per key (in-process single flight, and a store lock across instances),
 * its answer teed into the entry. Every failure of the store degrades to answering without it.
 */
export class ResponseCache {
  private readonly fills = new SingleFlight<CachedAnswer | null>();
  private readonly canonical = new CanonicalRequests();
  /** Per entry head: a hit's headers, and a 304's. */
  private readonly hits = new WeakMap<Headers, { headers: Headers; notModified: Headers }>();
  /** Per body: whether it is a pyDAL envelope (its timestamp is the answer's time). */
  private readonly stamped = new WeakMap<Buffer, boolean>();
  /** Misses looked up before the framework (see hit), per request, until the route claims them. */
  private readonly early = new WeakMap<object, { url: string; caller: Caller; found: Found }>();
  private readonly instance = randomBytes(6).toString('base64url');
  private lockCount = 0;
  /** Speculative misses running (see ResponseCacheOptions.speculate). */
  private speculating = 0;

  constructor(
    private readonly store: CacheStore,
    private readonly profiles: AccessProfiles,
    private readonly parts: CacheKeyParts,
    private readonly options: ResponseCacheOptions,
  ) {}

  /** Answers a GET from the cache, or through `handler` (the route) and keeps the answer. */
  async serve(req: Request, handler: () => Promise<unknown>): Promise<unknown> {
    const caller = (req as { auth?: Caller }).auth;
    const db = req.params?.db;
    const found =
      this.claim(req, req.originalUrl, typeof db === 'string' ? db : undefined, caller) ??
      (await this.find(req.originalUrl, req.headers, typeof db === 'string' ? db : undefined, caller, true));
    if (!found) return this.bypass(req, handler);
    const { result } = found;
    if (result.kind === 'hit') return this.fromCache(req.headers['if-none-match'], result.answer);
    return this.miss(req, handler, found, result);
  }

  /**
   * The cached answer to a GET, or null for anything but a fresh hit; takes no fill lock and runs
   * nothing else (for serving hits before the framework, see installCacheFastPath).
   */
  async hit(
    url: string,
    headers: IncomingHttpHeaders,
    db: string,
    caller: Caller,
    request?: object,
  ): Promise<Reply | null> {
    const found = await this.find(url, headers, db, caller, request !== undefined);
    if (!found) return null;
    if (found.result.kind === 'hit')
      return this.fromCache(headers['if-none-match'], found.result.answer, true);
    // A miss: its key, profile, snapshot and fill lock are kept for the route's own pass (serve),
    // which then neither builds the key again nor asks the store a second time.
    if (request) this.early.set(request, { url, caller, found });
    return null;
  }

  /**
   * The request is done: a miss looked up by `hit` that the route never claimed (it answered before
   * the cache, e.g. a 404 or a 429) gives its fill lock back.
   */
  forget(request: object): void {
    const early = this.early.get(request);
    if (!early) return;
    this.early.delete(request);
    const { db, key, owner, result } = early.found;
    if (early.found.confirm) {
      this.settled(early.found);
      early.found.settle?.(null);
      void this.confirmed(early.found).then(({ lockOwner }) => {
        if (lockOwner) void this.store.release(db, key, lockOwner, false).catch(() => undefined);
      });
      return;
    }
    if (owner && result.kind === 'miss' && result.lock === 'mine')
      void this.store.release(db, key, owner, false).catch(() => undefined);
  }

  /** A speculative miss is over: another may start. */
  private settled(found: Found): void {
    if (!found.counted) return;
    found.counted = false;
    this.speculating--;
  }

  /** What the lookup of a speculative miss found, and the fill lock this request holds. */
  private async confirmed(found: Found): Promise<{ result: LookupResult; lockOwner: string | null }> {
    const result = await found.confirm!;
    const mine = result.kind === 'miss' && result.lock === 'mine';
    return { result, lockOwner: mine ? found.owner : null };
  }

  /** The lookup `hit` made for this very request (same URL, database and caller), taken once. */
  private claim(
    request: object,
    url: string,
    db: string | undefined,
    caller: Caller | undefined,
  ): Found | null {
    const early = this.early.get(request);
    if (!early) return null;
    this.early.delete(request);
    const same =
      early.url === url &&
      early.found.db === db &&
      caller !== undefined &&
      early.caller.user === caller.user &&
      early.caller.application === caller.application;
    if (same) return early.found;
    // Not the same request after all: give the lock back and look up afresh.
    this.early.set(request, early);
    this.forget(request);
    return null;
  }

  /**
   * The cached answer when this instance can vouch for it without any round trip (the store's
   * local tier under its lease, the caller's profile in memory), else null: then `hit` or `serve`.
   */
  hitNow(url: string, headers: IncomingHttpHeaders, db: string, caller: Caller): Reply | null {
    if (!this.store.peek) return null;
    const canonical = this.canonical.of(url, headers);
    if (!canonical || canonical.db !== db) return null;
    const parts = this.parts.of({ url, headers, db, caller });
    if (parts === null) return null;
    const profile = this.profiles.peek(db, caller);
    if (!profile) return null;
    const answer = this.store.peek(
      db,
      this.canonical.keyOf(canonical, `${caller.application}\0${profile.profile}${parts}`),
    );
    return answer ? this.fromCache(headers['if-none-match'], answer, true) : null;
  }

  /**
   * Key and lookup: hit, or miss with the snapshot to build the answer on. Null when the request
   * cannot use the cache (unkeyable, no caller, store unreachable, profile unavailable).
   */
  private async find(
    url: string,
    headers: IncomingHttpHeaders,
    db: string | undefined,
    caller: Caller | undefined,
    lock: boolean,
  ): Promise<Found | null> {
    const canonical = this.canonical.of(url, headers);
    if (!canonical || !caller || canonical.db !== db) return null;
    const parts = this.parts.of({ url, headers, db, caller });
    if (parts === null) return null;
    let profile: Profile | null;
    try {
      profile = await this.profiles.get(db, caller);
    } catch {
      // Let the route meet (and report) whatever failed: the cache never adds an error of its own.
      return null;
    }
    // The application too: two applications of one user may be served differently (pyDAL policies).
    const keyFor = (p: Profile) =>
      this.canonical.keyOf(canonical, `${caller.application}\0${p.profile}${parts}`);
    for (let attempt = 0; profile; attempt++) {
      const key = keyFor(profile);
      const owner = lock ? this.newOwner() : null;
      if (
        owner &&
        attempt === 0 &&
        this.store.speculate &&
        this.speculating < (this.options.speculate ?? 0) &&
        !this.fills.running(`${db}\0${key}`)
      ) {
        const speculation = this.store.speculate(this.lookupOf(db, key, profile, owner));
        if (speculation) {
          this.speculating++;
          // The flight opens now: this process's other requests for the key wait for this one.
          const settle = this.fills.open(`${db}\0${key}`, this.options.fillWaitMs, null);
          const result = { kind: 'miss' as const, snapshot: speculation.snapshot, lock: 'none' as const };
          const confirm = speculation.confirm;
          return { db, key, profile, owner, result, confirm, counted: true, settle, caller, keyFor };
        }
      }
      const result = await this.store.lookup(this.lookupOf(db, key, profile, owner));
      if (result.kind === 'hit' || result.kind === 'miss') return { db, key, profile, owner, result };
      if (result.kind !== 'stale-profile' || attempt) return null;
      profile = await this.profiles.refresh(db, caller).catch(() => null);
    }
    return null;
  }

  /** The store lookup of a key under a profile, taking the key's fill lock for `owner` (null: none). */
  private lookupOf(db: string, key: string, profile: Profile, owner: string | null): LookupRequest {
    return { db, key, common: this.profiles.deps, profile: profile.check, lockOwner: owner };
  }

  private newOwner(): string {
    return `${this.instance}:${++this.lockCount}`;
  }

  private async miss(
    req: Request,
    handler: () => Promise<unknown>,
    found: Found,
    missed: Extract<LookupResult, { kind: 'miss' }>,
  ): Promise<unknown> {
    if (found.confirm) return this.speculativeMiss(req, handler, found, missed.snapshot);
    const { db, key, profile, owner } = found;
    const flightKey = `${db}\0${key}`;
    const running = this.fills.running(flightKey);
    if (running) {
      // Another request of this process is computing this answer: share it once it is stored.
      const answer = await within(running, this.options.fillWaitMs, null);
      const lockOwner = missed.lock === 'mine' ? owner : null;
      if (!answer)
        return this.fill(req, handler, { db, key, snapshot: missed.snapshot, lockOwner, settle: null });
      if (lockOwner) void this.store.release(db, key, lockOwner, false).catch(() => undefined);
      return this.fromCache(req.headers['if-none-match'], answer);
    }
    const settle = this.fills.open(flightKey, this.options.fillWaitMs, null);
    let result: LookupResult = missed;
    let lockOwner = missed.lock === 'mine' ? owner : null;
    if (missed.lock === 'held') {
      ({ result, lockOwner } = await this.awaitOtherInstance(db, key, profile));
      if (result.kind === 'hit') {
        settle(result.answer);
        return this.fromCache(req.headers['if-none-match'], result.answer);
      }
    }
    if (result.kind !== 'miss') {
      settle(null);
      return this.bypass(req, handler);
    }
    return this.fill(req, handler, { db, key, snapshot: result.snapshot, lockOwner, settle });
  }

  /**
   * A miss read while its lookup is on its way. The lookup then decides what the answer is: the
   * shared entry if it found one, or another instance's fill if that instance holds the lock (so
   * concurrent misses of one key still answer MISS once across instances); otherwise this answer,
   * stored on the snapshot taken before it read (never the lookup's own, which may postdate the read).
   */
  private async speculativeMiss(
    req: Request,
    handler: () => Promise<unknown>,
    found: Found,
    snapshot: Snapshot,
  ): Promise<unknown> {
    const { db } = found;
    let { key, profile } = found;
    const settle = found.settle!;
    let reply: unknown;
    try {
      reply = await handler();
    } catch (error) {
      this.settled(found);
      void this.confirmed(found).then(({ lockOwner }) =>
        this.abandon({ db, key, snapshot, lockOwner, settle }),
      );
      throw error;
    }
    let { result, lockOwner } = await this.confirmed(found);
    this.settled(found);
    if (result.kind === 'stale-profile') {
      // The access models moved on since the profile was computed: the key under the profile as it is
      // now. The answer is kept under it only if its read saw them (the STORE checks the access
      // models against the snapshot the read started on).
      const fresh = await this.profiles.refresh(db, found.caller!).catch(() => null);
      if (fresh) {
        profile = fresh;
        key = found.keyFor!(fresh);
        const owner = this.newOwner();
        result = await this.store.lookup(this.lookupOf(db, key, fresh, owner));
        lockOwner = result.kind === 'miss' && result.lock === 'mine' ? owner : null;
      }
    }
    // Another instance is filling the key: its answer is the one (this one's, streamed or not, waits).
    if (result.kind === 'miss' && result.lock === 'held')
      ({ result, lockOwner } = await this.awaitOtherInstance(db, key, profile));
    if (result.kind === 'hit') {
      if (reply instanceof Reply && reply.body instanceof Readable) reply.body.destroy();
      settle(result.answer);
      return this.fromCache(req.headers['if-none-match'], result.answer);
    }
    const fill: Fill = { db, key, snapshot, lockOwner, settle };
    if (result.kind === 'miss') return this.answered(req, reply, fill);
    // The key's profile moved on, or Redis did not answer: this answer is not kept.
    this.abandon(fill);
    return this.uncached(req, reply, result.kind === 'stale-profile' ? 'MISS' : 'BYPASS');
  }

  /**
   * Another instance holds the fill lock: poll (backing off) until its entry appears, the lock is
   * freed or marked uncacheable (then this request fills), or the wait is over.
   */
  private async awaitOtherInstance(
    db: string,
    key: string,
    profile: Profile,
  ): Promise<{ result: LookupResult; lockOwner: string | null }> {
    const deadline = Date.now() + this.options.fillWaitMs;
    let delay = 5;
    for (;;) {
      await sleep(delay);
      delay = Math.min(delay * 2, 100);
      const owner = this.newOwner();
      const result = await this.store.lookup(this.lookupOf(db, key, profile, owner));
      if (result.kind !== 'miss') return { result, lockOwner: null };
      if (result.lock === 'mine') return { result, lockOwner: owner };
      if (result.lock !== 'held' || Date.now() >= deadline) return { result, lockOwner: null };
    }
  }

  /** Runs the route and keeps its answer when it is a complete 200 that the route allows caching. */
  private async fill(req: Request, handler: () => Promise<unknown>, fill: Fill): Promise<unknown> {
    let reply: unknown;
    try {
      reply = await handler();
    } catch (error) {
      this.abandon(fill);
      throw error;
    }
    return this.answered(req, reply, fill);
  }

  /** The route's answer to a miss: kept when it is a complete 200 that the route allows caching. */
  private answered(req: Request, reply: unknown, fill: Fill): unknown {
    if (!(reply instanceof Reply)) {
      this.abandon(fill);
      return reply;
    }
    setCacheStatus(reply.headers, 'MISS');
    if (reply.status !== 200 || !stateOf(req).cacheable || reply.body === null) {
      this.abandon(fill);
      return reply;
    }
    const headers = withoutCacheHeaders(reply.headers);
    if (Buffer.isBuffer(reply.body)) {
      const etag = entityTagOf(reply.body);
      void this.keep(req, fill, { status: reply.status, headers, etag, body: reply.body });
      return this.revalidated(req.headers['if-none-match'], reply, etag);
    }
    if (reply.body instanceof Readable) {
      // The ETag is only known at the end: this answer goes without one, the cached copy has one.
      setCacheHeaders(reply.headers, null, this.options.policy);
      const status = reply.status;
      reply.body = teeBody(reply.body, this.options.entryLimit, (captured) => {
        if (captured) void this.keep(req, fill, { status, headers, ...captured });
        else this.abandon(fill);
      });
      return reply;
    }
    this.abandon(fill);
    return reply;
  }

  /** Stores a complete answer unless a model it read was written since its snapshot. */
  private async keep(req: Request, fill: Fill, answer: CachedAnswer): Promise<void> {
    const state = stateOf(req);
    // An answer that names no model it read could never be invalidated: not cached.
    if (!state.cacheable || !state.reads.size || answer.body.length > this.options.entryLimit) {
      this.abandon(fill);
      return;
    }
    const common = this.profiles.deps;
    const deps = [...state.reads].filter((m) => !common.includes(m));
    const { db, key, snapshot, lockOwner } = fill;
    const stored = await this.store
      .store({ db, key, answer, snapshot, deps, common, lockOwner })
      .catch(() => false);
    fill.settle?.(stored ? answer : null);
  }

  /** Nothing to store: wake local waiters, and tell other instances not to wait for this key. */
  private abandon(fill: Fill): void {
    fill.settle?.(null);
    if (fill.lockOwner)
      void this.store.release(fill.db, fill.key, fill.lockOwner, true).catch(() => undefined);
  }

  /**
   * A hit's reply. `shared`: its headers are the entry's own object, for a caller that only writes
   * them (the fast path); the route's pass gets a copy, which filters and interceptors may change.
   */
  private fromCache(ifNoneMatch: string | string[] | undefined, answer: CachedAnswer, shared = false): Reply {
    // The stores hand out one headers object per entry head: build the hit's headers once for it.
    let hit = this.hits.get(answer.headers);
    if (!hit) {
      const headers = { ...answer.headers };
      setCacheStatus(headers, 'HIT');
      setCacheHeaders(headers, answer.etag, this.options.policy);
      hit = { headers, notModified: notModified(new Reply(answer.status, headers, null)).headers };
      this.hits.set(answer.headers, hit);
    }
    if (noneMatch(ifNoneMatch, answer.etag)) return new Reply(304, { ...hit.notModified }, null);
    // Only a pyDAL envelope is stamped anew; whether a body is one is found once per body.
    let stamped = this.stamped.get(answer.body);
    if (stamped === undefined) {
      stamped = withFreshTimestamp(answer.body) !== answer.body;
      this.stamped.set(answer.body, stamped);
    }
    const body = stamped ? withFreshTimestamp(answer.body) : answer.body;
    return new Reply(answer.status, shared ? hit.headers : { ...hit.headers }, body);
  }

  /** Adds the cache headers; 304 without a body when the client already holds this ETag. */
  private revalidated(ifNoneMatch: string | string[] | undefined, reply: Reply, etag: string): Reply {
    setCacheHeaders(reply.headers, etag, this.options.policy);
    return noneMatch(ifNoneMatch, etag) ? notModified(reply) : reply;
  }

  /** The route answers without the cache (unkeyable request, store unreachable). */
  private async bypass(req: Request, handler: () => Promise<unknown>): Promise<unknown> {
    return this.uncached(req, await handler(), 'BYPASS');
  }

  /** A route's answer that is not kept: its cache status, and its ETag when it is one whole 200. */
  private uncached(req: Request, reply: unknown, status: 'MISS' | 'BYPASS'): unknown {
    if (!(reply instanceof Reply)) return reply;
    setCacheStatus(reply.headers, status);
    if (reply.status === 200 && Buffer.isBuffer(reply.body) && stateOf(req).cacheable)
      return this.revalidated(req.headers['if-none-match'], reply, entityTagOf(reply.body));
    return reply;
  }
}
