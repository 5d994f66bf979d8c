import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { ACCESS_CONTROL, AccessControl } from '../pool/env';
import { Pool } from '../pool/pool';
import { DatabaseServer } from '../storage/database';
import { accessModels } from './access-models';
import { AccessProfiles } from './access-profiles';
import { CacheInterceptor } from './cache.interceptor';
import { CachedRoutes } from './cached-routes';
import { CacheKeyParts } from './cache-key-parts';
import type { CacheStore } from './cache-store';
import { MODEL_GENERATIONS } from './cache.tokens';
import { MemoryCacheStore } from './memory-store';
import { createRedisClient } from './redis-client';
import { RedisCacheStore } from './redis-store';
import { ResponseCache } from './response-cache';

/** Nest token of the CacheStore (Redis when REDIS_URL is set, else in-process). */
export const CACHE_STORE = Symbol('CACHE_STORE');

/** How long a request waits for another filling the same key, and how long a fill lock lives. */
const FILL_WAIT_MS = 3000;

export function createCacheStore(config: AppConfig): CacheStore {
  const ttlMs = config.cacheTtl * 1000;
  if (!config.redisUrl) return new MemoryCacheStore({ maxBytes: config.cacheMemoryBytes, ttlMs });
  return new RedisCacheStore(createRedisClient(config.redisUrl), {
    prefix: config.cachePrefix,
    ttlMs,
    lockMs: FILL_WAIT_MS,
    localBytes: config.cacheLocalBytes,
    commandTimeoutMs: config.redisCommandTimeout,
  });
}

@Injectable()
export class CacheLifecycle implements OnApplicationShutdown {
  constructor(@Inject(CACHE_STORE) private readonly store: CacheStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/**
 * The response cache: the store, access profiles, what the REST controllers answer through
 * (CachedRoutes; CacheInterceptor for other controllers),
 * MODEL_GENERATIONS (the store's bump) for the write path, and CacheKeyParts for modules whose
 * answers depend on more than the request and the caller's rights.
 */
@Global()
@Module({
  providers: [
    { provide: CACHE_STORE, inject: [AppConfig], useFactory: createCacheStore },
    { provide: MODEL_GENERATIONS, useExisting: CACHE_STORE },
    {
      provide: AccessProfiles,
      inject: [CACHE_STORE, DatabaseServer, Pool, { token: ACCESS_CONTROL, optional: true }],
      useFactory: (store: CacheStore, database: DatabaseServer, pool: Pool, access?: AccessControl) =>
        new AccessProfiles(store, database, pool, access ?? null, accessModels(pool)),
    },
    { provide: CacheKeyParts, useFactory: () => new CacheKeyParts() },
    {
      provide: ResponseCache,
      inject: [CACHE_STORE, AccessProfiles, CacheKeyParts, AppConfig],
      useFactory: (store: CacheStore, profiles: AccessProfiles, parts: CacheKeyParts, config: AppConfig) =>
        new ResponseCache(store, profiles, parts, {
          policy: { scope: config.cacheScope, maxAge: config.cacheMaxAge },
          entryLimit: config.cacheEntryLimit,
          fillWaitMs: FILL_WAIT_MS,
          speculate: config.cacheSpeculate,
        }),
    },
    CacheInterceptor,
    CachedRoutes,
    CacheLifecycle,
  ],
  exports: [
    CACHE_STORE,
    MODEL_GENERATIONS,
    AccessProfiles,
    CacheKeyParts,
    ResponseCache,
    CacheInterceptor,
    CachedRoutes,
  ],
})
export class CacheModule {}
