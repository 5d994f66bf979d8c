import { Inject, Injectable } from '@nestjs/common';
import { CACHE_STORE } from '../cache/cache.module';
import type { CacheStore } from '../cache/cache-store';
import { RedisCacheStore } from '../cache/redis-store';
import { DatabaseServer } from '../storage/database';

/** PostgreSQL's maintenance database: always there, whatever databases `db create` made. */
const MAINTENANCE_DB = 'postgres';
/**
 * The database name the cache check takes a snapshot of: one small generations hash in Redis,
 * `<prefix>{__health__}:g`, that no real database can share (`_` names are valid, but this one is
 * reserved here for the probe).
 */
export const HEALTH_PROBE_DB = '__health__';
/** A check slower than this counts as down (a frozen server must not hold the probe). */
export const CHECK_TIMEOUT_MS = 2000;

export interface CheckResult {
  status: 'up' | 'down';
  responseTimeMs: number;
  error?: string;
  [detail: string]: unknown;
}

export interface Readiness {
  /** ok: all up; degraded: the cache is down (the API answers without it); error: the database is down. */
  status: 'ok' | 'degraded' | 'error';
  checks: { database: CheckResult; cache: CheckResult };
}

async function timed(fn: () => Promise<unknown>, extra: Record<string, unknown> = {}): Promise<CheckResult> {
  const start = process.hrtime.bigint();
  let timer: NodeJS.Timeout | undefined;
  const elapsed = () => Math.round(Number(process.hrtime.bigint() - start) / 1e5) / 10;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { status: 'up', responseTimeMs: elapsed(), ...extra };
  } catch (e) {
    // Named, never quoted: a driver's message carries internal addresses (connect ECONNREFUSED host:port).
    const message = (e as Error).message;
    const error = message.startsWith('no answer within') ? message : 'unreachable';
    return { status: 'down', responseTimeMs: elapsed(), ...extra, error };
  } finally {
    clearTimeout(timer);
  }
}

/** Liveness and readiness of this instance. */
@Injectable()
export class HealthService {
  constructor(
    @Inject(DatabaseServer) private readonly database: DatabaseServer,
    @Inject(CACHE_STORE) private readonly cache: CacheStore,
  ) {}

  /** The database server answers a query (through the pool of its maintenance database). */
  checkDatabase(): Promise<CheckResult> {
    return timed(() => this.database.pool(MAINTENANCE_DB).query('SELECT 1'));
  }

  /**
   * The cache store answers: a snapshot is its cheapest round trip (the in-process store always
   * answers). A Redis store that its circuit breaker keeps closed reports down until it is tried again.
   */
  checkCache(): Promise<CheckResult> {
    const store = this.cache instanceof RedisCacheStore ? 'redis' : 'memory';
    return timed(
      async () => {
        if (!(await this.cache.snapshot(HEALTH_PROBE_DB))) throw new Error('cache store unreachable');
      },
      { store },
    );
  }

  async readiness(): Promise<Readiness> {
    const [database, cache] = await Promise.all([this.checkDatabase(), this.checkCache()]);
    const status = database.status === 'down' ? 'error' : cache.status === 'down' ? 'degraded' : 'ok';
    return { status, checks: { database, cache } };
  }
}
