import pg from 'pg';
import type Redis from 'ioredis';
import type { Transaction } from '../../storage/transaction';
import { failOpenRedis } from './redis-client';

/** What changed: keys (a key cancelled, a user deactivated) or access rights (groups, rules, ...). */
export type SecurityTopic = 'keys' | 'access';
/** `db` null = every database; topic '*' = everything (a message may have been missed). */
export type SecurityHandler = (db: string | null, topic: SecurityTopic | '*') => void;

const PG_CHANNEL = 'nest_tryton_security';
const REDIS_CHANNEL = 'nest-tryton:security';

const handlers = new Set<SecurityHandler>();
const remotePublishers = new Set<(db: string | null, topic: SecurityTopic) => Promise<void>>();
const announced = new WeakMap<Transaction, Set<string>>();

/** Subscribes an in-process cache to security changes; returns the unsubscribe function. */
export function onSecurityChange(handler: SecurityHandler): () => void {
  handlers.add(handler);
  return () => handlers.delete(handler);
}

function deliver(db: string | null, topic: SecurityTopic | '*'): void {
  for (const handler of handlers) handler(db, topic);
}

/** The database a transaction runs on (pg's client knows it); null when it cannot be told. */
export function databaseOf(tx: Transaction): string | null {
  const client = (tx as unknown as { client?: { database?: unknown } }).client;
  return typeof client?.database === 'string' ? client.database : null;
}

/**
 * Announces a security change made in `tx`: a NOTIFY inside the transaction (PostgreSQL delivers it
 * to every instance listening on that database if, and only if, it commits), and after the commit,
 * synchronously to this process's caches and over Redis to the other instances.
 */
export async function announceSecurityChange(tx: Transaction, topic: SecurityTopic): Promise<void> {
  let topics = announced.get(tx);
  if (!topics) announced.set(tx, (topics = new Set()));
  if (topics.has(topic)) return;
  topics.add(topic);
  const db = databaseOf(tx);
  if (!tx.readOnly) await tx.query('SELECT pg_notify($1, $2)', [PG_CHANNEL, topic]);
  tx.afterCommit.push(async () => {
    deliver(db, topic);
    for (const publish of remotePublishers) await publish(db, topic).catch(() => undefined);
  });
}

export interface SecurityChannelOptions {
  /** Redis pub/sub also carries the changes between instances when set. */
  redisUrl?: string;
  /** How to open a LISTEN connection on a database (PostgreSQL NOTIFY carries the changes). */
  connect?: (db: string) => pg.ClientConfig;
  /** Only publish (CLI): no subscription. */
  publishOnly?: boolean;
}

interface Listener {
  client: pg.Client;
  ready: boolean;
}

/**
 * How an instance learns about security changes made elsewhere, and whether it may trust its
 * in-memory caches. PostgreSQL LISTEN/NOTIFY is the reference: the NOTIFY is part of the changing
 * transaction, so every committed change reaches every instance listening on that database,
 * whichever process made it (a server, the CLI, `db update`). Redis pub/sub, when configured, carries
 * the same messages too (redundant, idempotent flushes). Caches are trusted only while the LISTEN
 * connection is up; a dropped connection may have lost messages, so they are flushed when it comes
 * back and bypassed meanwhile. Without a way to LISTEN, the Redis subscription decides.
 */
export class SecurityChannel {
  private sub: Redis | null = null;
  private pub: Redis | null = null;
  private subscribed = false;
  private readonly listeners = new Map<string, Listener>();
  private readonly retryAt = new Map<string, number>();
  private readonly publisher = (db: string | null, topic: SecurityTopic) =>
    this.pub!.publish(REDIS_CHANNEL, JSON.stringify({ db, topic })).then(() => undefined);
  private closed = false;

  constructor(private readonly options: SecurityChannelOptions = {}) {
    if (options.redisUrl) {
      this.pub = failOpenRedis(options.redisUrl, 'nest-tryton-security-pub');
      remotePublishers.add(this.publisher);
      if (!options.publishOnly) this.subscribeRedis(options.redisUrl);
    }
  }

  private subscribeRedis(url: string): void {
    const sub = (this.sub = failOpenRedis(url, 'nest-tryton-security-sub'));
    sub.on('ready', () => {
      sub
        .subscribe(REDIS_CHANNEL)
        .then(() => {
          this.subscribed = true;
          if (!this.options.connect) deliver(null, '*');
        })
        .catch(() => undefined);
    });
    sub.on('close', () => {
      if (this.subscribed && !this.options.connect) deliver(null, '*');
      this.subscribed = false;
    });
    sub.on('message', (_channel: string, message: string) => {
      try {
        const { db, topic } = JSON.parse(message) as { db: string | null; topic: SecurityTopic };
        deliver(typeof db === 'string' ? db : null, topic === 'keys' || topic === 'access' ? topic : '*');
      } catch {
        deliver(null, '*');
      }
    });
  }

  /** Whether every change to `db` committed from now on is guaranteed to reach this process's caches. */
  trusted(db: string): boolean {
    if (this.closed || this.options.publishOnly) return false;
    if (!this.options.connect) return !!this.sub && this.subscribed && this.sub.status === 'ready';
    const listener = this.listeners.get(db);
    if (listener) return listener.ready;
    if ((this.retryAt.get(db) ?? 0) <= Date.now()) void this.listen(db);
    return false;
  }

  private async listen(db: string): Promise<void> {
    const client = new pg.Client(this.options.connect!(db));
    const listener: Listener = { client, ready: false };
    this.listeners.set(db, listener);
    const drop = () => {
      if (this.listeners.get(db) !== listener) return;
      this.listeners.delete(db);
      this.retryAt.set(db, Date.now() + 1000);
      if (listener.ready) deliver(db, '*');
      listener.ready = false;
      client.end().catch(() => undefined);
    };
    client.on('error', drop);
    client.on('end', drop);
    client.on('notification', (n) => {
      const topic = n.payload === 'keys' || n.payload === 'access' ? n.payload : '*';
      deliver(db, topic);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${PG_CHANNEL}`);
      if (this.closed) return drop();
      listener.ready = true;
      deliver(db, '*');
    } catch {
      drop();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    remotePublishers.delete(this.publisher);
    this.subscribed = false;
    const clients = [...this.listeners.values()].map((l) => l.client);
    this.listeners.clear();
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    for (const redis of [this.sub, this.pub]) {
      if (!redis) continue;
      await redis.quit().catch(() => redis.disconnect());
    }
  }
}
