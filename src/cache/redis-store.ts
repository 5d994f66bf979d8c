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
import { COMMAND_TIMEOUT_MS } from './redis-client';
import { LocalEntry, LocalTier } from './local-tier';
import { BUMP, HEARTBEAT, LEASE_MS, LOOKUP, RELEASE, SNAPSHOT, STORE } from './redis-scripts';

export interface RedisStoreOptions {
  /** Prefix of every key (distinct deployments or tests sharing one Redis). */
  prefix: string;
  ttlMs: number;
  /** How long a fill lock (and an "uncacheable" mark) lasts. */
  lockMs: number;
  /** How long Redis is left alone after a failure before one request probes it again. */
  coolDownMs?: number;
  /**
   * How long one command may go unanswered before the request goes on without the cache (default
   * COMMAND_TIMEOUT_MS). Only time the event loop was free to read the reply counts (see inTime).
   */
  commandTimeoutMs?: number;
  /**
   * Bytes of answers served from this instance's memory while it holds a lease, kept exact by
   * invalidations every write publishes and waits for (see LocalTier). 0 or unset: every hit asks
   * Redis (which then only spares sending bodies this instance holds already).
   */
  localBytes?: number;
}

/** How often an instance renews its leases (a fifth of a lease: four heartbeats may be lost). */
const HEARTBEAT_MS = LEASE_MS / 5;
/**
 * Slack between clocks: an instance serves until this much before its lease ends in Redis, a writer
 * waits this much after it.
 */
const CLOCK_MARGIN_MS = 200;

interface AckWaiter {
  acks: Set<string>;
  changed: (() => void) | null;
}

type Arg = string | number | Buffer;
type Head = Omit<CachedAnswer, 'body'>;

/**
 * How long a fill (the STORE of an answer just computed) may wait in the socket for the next command
 * (the next request's lookup, usually well within this): both then leave in one write, and their
 * answers come back together (one socket write and one wake-up of this process less per miss). The
 * entry reaches Redis at most this much later; nothing waits for it meanwhile but other instances'
 * fills of the same key, which wait for the lock anyway.
 */
export const STORE_HOLD_MS = 5;

/** Bytes of recently hit bodies an instance keeps so that Redis need not send them again. */
const RECENT_BYTES = 32 * 1024 * 1024;
type Raw = Buffer | number | null | Raw[];

/** The scripts, as ioredis's defineCommand adds them (the *Buffer variants keep bodies binary). */
interface ScriptCommands {
  ntLookupBuffer(...args: Arg[]): Promise<Raw[]>;
  ntStore(...args: Arg[]): Promise<number>;
  ntBump(...args: Arg[]): Promise<(number | string)[]>;
  ntHeartbeat(...args: Arg[]): Promise<number>;
  ntSnapshot(...args: Arg[]): Promise<[string, number]>;
  ntRelease(...args: Arg[]): Promise<number>;
}

const SCRIPTS: [string, string, number][] = [
  ['ntLookup', LOOKUP, 3],
  ['ntStore', STORE, 3],
  ['ntBump', BUMP, 1],
  ['ntHeartbeat', HEARTBEAT, 1],
  ['ntSnapshot', SNAPSHOT, 1],
  ['ntRelease', RELEASE, 2],
];

function depsOf(raw: Raw): string[] {
  return raw === null ? [] : String(raw).split(',').filter(Boolean);
}

/**
 * The shared cache: entries, generations and fill locks in Redis, each operation one script (one
 * round trip). Fail-open: any failure answers "unavailable" (lookups) or is swallowed (bumps), and a
 * circuit breaker keeps a frozen Redis from costing every request its timeout. A bump that could not
 * reach Redis marks the database dirty: before this instance uses Redis for it again, it bumps the
 * whole database, so no entry written before the outage is trusted afterwards.
 */
function sleepUntil(at: number): Promise<void> {
  const ms = at - performance.now();
  return ms > 0 ? new Promise((done) => setTimeout(done, Math.ceil(ms))) : Promise.resolve();
}

export class RedisCacheStore implements CacheStore {
  private readonly logger = new Logger('Cache');
  private readonly instance = randomBytes(9).toString('base64url');
  private tokens = 0;
  private readonly breaker: CircuitBreaker;
  private readonly commandTimeoutMs: number;
  private readonly scripts: ScriptCommands;
  /** Databases whose bump was lost, with a count of the losses (see flush). */
  private readonly dirty = new Map<string, number>();
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly heads = new LRUCache<string, Head>({ max: 10_000 });
  /** Per database, the last snapshot Redis answered (a valid snapshot for any read that starts later). */
  private readonly latest = new Map<string, Snapshot>();
  /** Bodies of recent answers: served from memory under a lease (local), else only not sent again. */
  private readonly tier: LocalTier;
  /** The subscription to invalidations and acks (local tier only). */
  private readonly sub: Redis | null = null;
  private readonly subscribing = new Set<string>();
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private heartbeats = 0;
  /** Heartbeats on their way: number -> when it was sent (performance.now()). */
  private readonly sent = new Map<number, number>();
  /** Writes of this instance waiting for other instances to acknowledge their invalidation. */
  private readonly ackWaiters = new Map<string, AckWaiter>();
  /** Since when (performance.now()) Redis has been failing; null while it answers. */
  private failingSince: number | null = performance.now();
  private closed = false;
  /** Hits answered from this instance's memory (no Redis round trip). */
  localHits = 0;
  /** The command socket while it is corked (see holdWrites), with what will send it. */
  private holding: {
    stream: { uncork(): void };
    timer: NodeJS.Timeout | null;
    immediate: NodeJS.Immediate | null;
  } | null = null;

  constructor(
    private readonly client: Redis,
    private readonly options: RedisStoreOptions,
  ) {
    this.breaker = new CircuitBreaker(options.coolDownMs ?? 1000);
    this.commandTimeoutMs = options.commandTimeoutMs ?? COMMAND_TIMEOUT_MS;
    for (const [name, lua, numberOfKeys] of SCRIPTS) client.defineCommand(name, { lua, numberOfKeys });
    this.scripts = client as unknown as ScriptCommands;
    client.on('error', (error: Error) => this.failed(error));
    client.on('close', () => {
      this.failingSince ??= performance.now();
      // Redis may come back with its generations lost: speculation waits for a snapshot taken then.
      this.latest.clear();
    });
    client.on('ready', () => {
      // A new connection passed ioredis's ready check: stop refusing calls and invalidate what the
      // outage left unbumped.
      if (this.breaker.isFailing) this.logger.log('Redis reachable again: caching resumes');
      this.breaker.succeeded();
      this.failingSince = null;
      void this.flushDirty();
    });
    this.tier = new LocalTier(options.localBytes || RECENT_BYTES);
    if (options.localBytes) {
      // Connected once the command client is (two connections racing at start-up would make the
      // first requests miss the cache more often).
      this.sub = client.duplicate({
        autoResubscribe: false,
        commandTimeout: 1000,
        lazyConnect: true,
        enableAutoPipelining: false,
      });
      this.listenForInvalidations(this.sub);
      const sub = this.sub;
      const connect = () => {
        if (!this.closed) sub.connect().catch(() => undefined);
      };
      if (client.status === 'ready') connect();
      else client.once('ready', connect);
      this.heartbeatTimer = setInterval(() => this.heartbeat(), HEARTBEAT_MS).unref();
    }
  }

  private channelOf(db: string): string {
    return `${this.generations(db)}:inv`;
  }

  private get ackChannel(): string {
    return `${this.options.prefix}ack:${this.instance}`;
  }

  /**
   * The subscriber connection: a database's invalidations and this instance's heartbeats on its
   * channel, acknowledgements of this instance's writes on its own. A lost connection may have lost
   * messages: every database is reset (entries dropped, leases ended) and listened to anew.
   */
  private listenForInvalidations(sub: Redis): void {
    sub.on('error', () => undefined); // the command client reports Redis's state
    sub.on('close', () => {
      this.subscribing.clear();
      for (const db of this.tier.databases) this.tier.setListening(db, false);
    });
    sub.on('ready', () => {
      sub.subscribe(this.ackChannel).catch(() => undefined);
      for (const db of this.tier.databases) this.listen(db);
    });
    sub.on('message', (channel: string, message: string) => {
      if (channel === this.ackChannel) return this.acknowledged(message);
      let parsed: { t?: string; o?: string; w?: string; db?: string; s?: number; m?: string[]; k?: number };
      try {
        parsed = JSON.parse(message) as typeof parsed;
      } catch {
        parsed = {};
      }
      const db = typeof parsed.db === 'string' ? parsed.db : this.dbOfChannel(channel);
      if (db === null) return;
      if (parsed.t === 'i' && Array.isArray(parsed.m) && typeof parsed.s === 'number') {
        this.tier.invalidate(db, parsed.m.map(String), parsed.s);
        this.advance(db, parsed.s);
        if (parsed.o && parsed.o !== this.instance && parsed.w) {
          // A writer waits for this acknowledgement: it leaves at the end of this turn.
          this.holdWrites(false);
          this.client
            .publish(`${this.options.prefix}ack:${parsed.o}`, `${parsed.w} ${this.instance}`)
            .catch(() => undefined);
        }
      } else if (parsed.t === 'h') {
        if (parsed.o !== this.instance || typeof parsed.k !== 'number') return;
        const sentAt = this.sent.get(parsed.k);
        this.sent.delete(parsed.k);
        if (sentAt !== undefined) this.tier.extendLease(db, sentAt + LEASE_MS - CLOCK_MARGIN_MS);
      } else {
        // A new incarnation of the generations, or a message this instance cannot read: start over.
        this.latest.delete(db);
        this.tier.reset(db);
      }
    });
  }

  private dbOfChannel(channel: string): string | null {
    const open = channel.indexOf('{', this.options.prefix.length - 1);
    const close = channel.lastIndexOf('}:g:inv');
    return open >= 0 && close > open ? channel.slice(open + 1, close) : null;
  }

  /** Subscribes to a database's invalidations (once): its entries may be kept from then on. */
  private listen(db: string): void {
    const sub = this.sub;
    if (!sub || this.closed || this.tier.isListening(db) || this.subscribing.has(db)) return;
    if (sub.status !== 'ready') return;
    this.subscribing.add(db);
    sub.subscribe(this.channelOf(db)).then(
      () => {
        if (!this.subscribing.delete(db)) return; // the connection dropped meanwhile
        this.tier.setListening(db, true);
        this.heartbeatFor(db);
      },
      () => this.subscribing.delete(db),
    );
  }

  private heartbeat(): void {
    const now = performance.now();
    for (const [k, at] of this.sent) if (now - at > LEASE_MS) this.sent.delete(k);
    for (const db of this.tier.databases) if (this.tier.isListening(db)) this.heartbeatFor(db);
  }

  /** Renews the lease on a database; it is only extended when the heartbeat comes back. */
  private heartbeatFor(db: string, leave = false): Promise<unknown> {
    const k = ++this.heartbeats;
    if (!leave) this.sent.set(k, performance.now());
    return this.attempt(db, () =>
      this.scripts.ntHeartbeat(
        this.generations(db),
        this.newToken(),
        this.instance,
        db,
        k,
        leave ? '1' : '0',
      ),
    );
  }

  private acknowledged(message: string): void {
    const space = message.indexOf(' ');
    const waiter = this.ackWaiters.get(message.slice(0, space));
    if (!waiter) return;
    waiter.acks.add(message.slice(space + 1));
    waiter.changed?.();
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
  private async attempt<T>(
    db: string,
    fn: () => Promise<T>,
    trips = true,
    hold = false,
  ): Promise<T | undefined> {
    // Not connected: ioredis would reject at once anyway; its 'error' event reports why.
    if (this.client.status !== 'ready' || !this.breaker.allow()) return undefined;
    try {
      const result = await this.inTime(
        this.dirty.has(db) ? this.flush(db).then(() => this.send(fn, hold)) : this.send(fn, hold),
      );
      if (this.breaker.isFailing) this.logger.log('Redis reachable again: caching resumes');
      this.breaker.succeeded();
      this.failingSince = null;
      return result;
    } catch (error) {
      if (trips) this.failed(error as Error);
      return undefined;
    }
  }

  private send<T>(fn: () => Promise<T>, hold: boolean): Promise<T> {
    // ioredis writes a command into the socket as it is called: held with this turn's others.
    this.holdWrites(hold);
    return fn();
  }

  /**
   * The reply, or a timeout once commandTimeoutMs passed without it. A timer only fires between
   * turns of the event loop: after a stall of this process (a long synchronous task, a major GC) it
   * is due before the socket is read, though the reply may wait there, and a command held in the
   * socket for the turn's others may not even have left. So the verdict is given a turn later
   * (setImmediate runs once the loop has read its sockets), and a timer that fired late (the loop was
   * busy for part of the time) grants the full time again, up to ten times in all. A stall counted
   * against Redis would open the breaker, and a bump taken for lost invalidates the whole database.
   */
  private inTime<T>(reply: Promise<T>): Promise<T> {
    const ms = this.commandTimeoutMs;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const started = performance.now();
      let due = started + ms;
      const expire = () => {
        const now = performance.now();
        if (now - due > ms / 2 && now - started < 10 * ms) {
          due = now + ms;
          timer = setTimeout(expire, ms);
          return;
        }
        setImmediate(() => {
          if (settled) return;
          settled = true;
          reject(new Error(`Redis did not answer within ${ms} ms`));
        });
      };
      let timer = setTimeout(expire, ms);
      reply.then(
        (value) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          reject(error as Error);
        },
      );
    });
  }

  /**
   * Holds what ioredis writes until the end of this turn of the event loop, so that the commands of
   * the requests answered in one turn (their lookups, fills, releases) leave in one write. A fill
   * (`untilNext`) is held longer, until the next command or STORE_HOLD_MS: at one connection the next
   * request's lookup takes it along.
   */
  private holdWrites(untilNext: boolean): void {
    let held = this.holding;
    if (!held) {
      const stream = (this.client as unknown as { stream?: { cork(): void; uncork(): void } }).stream;
      if (!stream || typeof stream.cork !== 'function') return;
      stream.cork();
      held = this.holding = { stream, timer: null, immediate: null };
    }
    if (!untilNext) held.immediate ??= setImmediate(() => this.sendHeld());
    else if (!held.timer && !held.immediate) {
      held.timer = setTimeout(() => this.sendHeld(), STORE_HOLD_MS);
      held.timer.unref();
    }
  }

  /** Sends what the socket holds (the socket it was held in: a reconnection replaces it). */
  private sendHeld(): void {
    const held = this.holding;
    if (!held) return;
    this.holding = null;
    if (held.timer) clearTimeout(held.timer);
    if (held.immediate) clearImmediate(held.immediate);
    held.stream.uncork();
  }

  private failed(error: Error): void {
    this.failingSince ??= performance.now();
    this.latest.clear();
    if (!this.breaker.isFailing)
      this.logger.warn(`Redis unavailable, answering without the cache: ${error.message}`);
    this.breaker.failed();
  }

  private async flush(db: string): Promise<void> {
    const mark = this.dirty.get(db);
    const bumped = this.scripts.ntBump(
      this.generations(db),
      this.newToken(),
      this.instance,
      '',
      db,
      WHOLE_DATABASE,
    );
    this.sendHeld();
    await bumped;
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

  /** A fresh entry from this instance's memory, while it holds a lease on the database. */
  peek(db: string, key: string): CachedAnswer | null {
    const local = this.sub ? this.tier.serve(db, key, performance.now()) : undefined;
    if (!local) return null;
    this.localHits++;
    return local.answer;
  }

  async lookup(request: LookupRequest): Promise<LookupResult> {
    const { db, key, profile, common, lockOwner } = request;
    if (this.sub) {
      const local = this.tier.serve(db, key, performance.now());
      if (local) {
        this.localHits++;
        return { kind: 'hit', answer: local.answer };
      }
    }
    const guard = this.tier.guard(db);
    const known = this.tier.peek(db, key);
    const raw = await this.attempt(db, () =>
      this.scripts.ntLookupBuffer(
        this.generations(db),
        this.entryKey(db, key),
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
    // Listened to once the generations exist (a hash created while instances listen means it was lost).
    if (kind === 'hit' || kind === 'same') this.listen(db);
    if (kind === 'same' && known && known.version === String(raw[1])) {
      // Vouched for again (and most recently used).
      this.tier.keep({ ...known, deps: depsOf(raw[2]) }, Number(raw[3]), guard, common);
      return { kind: 'hit', answer: known.answer };
    }
    if (kind === 'hit') {
      const head = this.headOf(String(raw[1]));
      const answer = { ...head, body: raw[2] as Buffer };
      const entry: LocalEntry = { db, key, version: String(raw[3]), deps: depsOf(raw[4]), answer };
      this.tier.keep(entry, Number(raw[5]), guard, common);
      return { kind: 'hit', answer };
    }
    if (kind === 'same') {
      // Our copy was dropped meanwhile: ask again for the body.
      return this.lookup(request);
    }
    const snapshot: Snapshot = { token: String(raw[1]), seq: Number(raw[2]) };
    this.latest.set(db, snapshot);
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
    if (!raw) return null;
    const snapshot = { token: String(raw[0]), seq: Number(raw[1]) };
    this.latest.set(db, snapshot);
    return snapshot;
  }

  /**
   * A bump to `seq` is known to have happened (its message read, or this instance's own bump
   * answered): reads starting now may take it as their snapshot, so an answer that read what the
   * write wrote is kept (a snapshot older than the write would make the STORE refuse it).
   */
  private advance(db: string, seq: number): void {
    const latest = this.latest.get(db);
    if (latest && seq > latest.seq) this.latest.set(db, { token: latest.token, seq });
  }

  /**
   * The lookup sent, not awaited, with the last snapshot Redis gave for the database: Redis answered
   * it before this call, so every write it does not count bumped after it, and the STORE refuses an
   * answer that read one of its models (never a stale entry, at worst one not kept). Not offered
   * while Redis fails, before a first snapshot, or when this instance holds a copy of the entry
   * (then the lookup is most likely a hit, or only a version check).
   */
  speculate(request: LookupRequest): { snapshot: Snapshot; confirm: Promise<LookupResult> } | null {
    const snapshot = this.latest.get(request.db);
    if (!snapshot || this.failingSince !== null || this.tier.peek(request.db, request.key)) return null;
    const confirm = this.lookup(request).catch((): LookupResult => ({ kind: 'unavailable' }));
    return { snapshot, confirm };
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
      true,
    );
    if (stored !== 1) return false;
    // Listened to from now on; the answer itself goes into this instance's memory only when it is
    // asked for again (a hit from Redis keeps it). Admitting every fill let answers asked for once
    // (a crawler, an export, any uncached load) fill the tier and push out those asked for often, and
    // kept 32 MiB of them alive for nothing.
    this.listen(db);
    return true;
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

  /**
   * Bumps the models' generations and, with the local tier, waits until every instance holding a
   * lease on the database has read the invalidation (its acknowledgement) or lost its lease. When
   * Redis cannot be reached, waits until a lease granted before it failed has ended.
   */
  async bump(db: string, models: Iterable<string>): Promise<void> {
    const list = [...models];
    if (!list.length) return;
    this.tier.invalidate(db, list, 0);
    const writeId = this.newToken();
    const waiter: AckWaiter = { acks: new Set(), changed: null };
    if (this.sub) this.ackWaiters.set(writeId, waiter);
    try {
      const raw = await this.attempt(db, () =>
        this.scripts.ntBump(this.generations(db), this.newToken(), this.instance, writeId, db, ...list),
      );
      if (raw === undefined) {
        this.markDirty(db);
        this.tier.reset(db);
        if (this.sub && this.failingSince !== null)
          await sleepUntil(this.failingSince + LEASE_MS + CLOCK_MARGIN_MS);
        return;
      }
      const received = performance.now();
      const [seq, now, freshUntil] = [Number(raw[0]), Number(raw[1]), Number(raw[2])];
      this.tier.invalidate(db, list, seq);
      this.advance(db, seq);
      if (!this.sub) return;
      const pending = new Map<string, number>();
      for (let i = 3; i + 1 < raw.length; i += 2) {
        const id = String(raw[i]);
        if (id !== this.instance) pending.set(id, received + Number(raw[i + 1]) - now + CLOCK_MARGIN_MS);
      }
      const waits: Promise<void>[] = [];
      if (freshUntil > now) waits.push(sleepUntil(received + freshUntil - now + CLOCK_MARGIN_MS));
      if (pending.size) waits.push(this.acksOf(waiter, pending));
      await Promise.all(waits);
    } finally {
      this.ackWaiters.delete(writeId);
    }
  }

  /** Resolves once every pending instance acknowledged, or its lease (deadline) ended. */
  private acksOf(waiter: AckWaiter, pending: Map<string, number>): Promise<void> {
    return new Promise((done) => {
      let timer: NodeJS.Timeout | null = null;
      const check = () => {
        const now = performance.now();
        let next = Infinity;
        for (const [id, deadline] of pending) {
          if (waiter.acks.has(id) || deadline <= now) pending.delete(id);
          else next = Math.min(next, deadline);
        }
        if (timer) clearTimeout(timer);
        timer = null;
        if (!pending.size) {
          waiter.changed = null;
          return done();
        }
        timer = setTimeout(check, Math.max(1, Math.ceil(next - now)));
      };
      waiter.changed = check;
      check();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.sendHeld();
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.retryTimer = null;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
    if (this.sub) {
      // Give the leases up, so that writers stop waiting for this instance at once.
      const dbs = [...this.tier.databases].filter((db) => this.tier.isListening(db));
      this.tier.clear();
      await Promise.all(dbs.map((db) => this.heartbeatFor(db, true)));
      await this.sub.quit().catch(() => this.sub!.disconnect());
    }
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
