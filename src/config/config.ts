import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

/** The whole configuration, read from the environment once at boot. Nothing else reads process.env. */
export class AppConfig {
  /** A PostgreSQL server; the `:db` path segment selects a database on it. Unset: embedded PostgreSQL. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgresql:// URL' })
  databaseUrl?: string;

  @IsString()
  dataDir = './data';

  /** Unset: an in-process LRU cache with the same interface. */
  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  redisUrl?: string;

  @IsInt()
  @Min(0)
  @Max(65535)
  port = 8000;

  /**
   * Interface `serve` listens on (HOST). Loopback by default: a fresh install (its demo admin key,
   * /metrics) is not reachable from the network until an operator says so (`0.0.0.0` or `::`, e.g.
   * in a container behind its port mapping).
   */
  @IsString()
  host = '127.0.0.1';

  /** ms to receive a request's head (headersTimeout): a slowloris socket is closed (408) past it. */
  @IsInt()
  @Min(1)
  httpHeadersTimeout = 10_000;

  /** ms to receive a whole request, head and body (requestTimeout). */
  @IsInt()
  @Min(1)
  httpRequestTimeout = 30_000;

  /** ms an idle keep-alive connection stays open (keepAliveTimeout). */
  @IsInt()
  @Min(1)
  httpKeepAliveTimeout = 5000;

  /** ms SIGTERM waits for in-flight requests before closing what is left. */
  @IsInt()
  @Min(0)
  shutdownTimeout = 30_000;

  /** When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`. */
  @IsOptional()
  @IsString()
  metricsToken?: string;

  /**
   * Where modules from outside this repository are loaded from (MODULE_PATHS, comma-separated: paths
   * relative to the working directory, or package names). The built-in modules are always known.
   */
  @IsString({ each: true })
  modulePaths: string[] = [];

  /** Active modules; null = all known modules. */
  @IsOptional()
  modules: string[] | null = null;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  logLevel = 'info';

  /** LOG_FORMAT: `json` lines, `pretty` (readable, for development), or `auto` (pretty on a terminal). */
  @IsIn(['auto', 'json', 'pretty'])
  logFormat: 'auto' | 'json' | 'pretty' = 'auto';

  /** Cache-Control max-age (seconds) of cacheable GET answers. */
  @IsInt()
  @Min(0)
  cacheMaxAge = 0;

  /** Largest answer (bytes) teed into a cache entry. */
  @IsInt()
  @Min(0)
  cacheEntryLimit = 1024 * 1024;

  /** Cache-Control scope: `private` since answers depend on the caller's key and rights. */
  @IsIn(['private', 'public'])
  cacheScope: 'private' | 'public' = 'private';

  /** Seconds a cache entry is kept at most (freshness does not depend on it: writes invalidate). */
  @IsInt()
  @Min(1)
  cacheTtl = 24 * 3600;

  /** Prefix of the cache's Redis keys (deployments sharing one Redis use distinct prefixes). */
  @IsString()
  cachePrefix = 'nest-tryton:cache:';

  /** Bytes of answers the in-process cache keeps when REDIS_URL is unset. */
  @IsInt()
  @Min(0)
  cacheMemoryBytes = 64 * 1024 * 1024;

  /**
   * Bytes of answers each instance serves from its own memory in front of Redis, kept exact by the
   * invalidations every write publishes and waits for (0: every hit asks Redis).
   */
  @IsInt()
  @Min(0)
  cacheLocalBytes = 32 * 1024 * 1024;

  /**
   * Misses of this instance at once that read the database while their Redis lookup is still on
   * its way (the lookup's answer then only decides whether the answer is stored, or replaced by the
   * shared one): one round trip less per miss while the instance is not busy. 0: every miss waits
   * for its lookup first.
   */
  @IsInt()
  @Min(0)
  cacheSpeculate = 4;

  /**
   * Milliseconds one Redis command may go unanswered before the request goes on without the cache
   * (and Redis is left alone for a second). A stall of this process's own event loop does not count.
   */
  @IsInt()
  @Min(1)
  redisCommandTimeout = 100;

  /** Rows per cursor batch when streaming. */
  @IsInt()
  @Min(1)
  streamBatchSize = 500;

  /** Size of each database pool. */
  @IsInt()
  @Min(1)
  dbPoolSize = 10;

  /** Milliseconds a request waits for a free connection before a 503. */
  @IsInt()
  @Min(1)
  dbAcquireTimeout = 5000;

  /** statement_timeout (ms) of every statement; 0 = none. */
  @IsInt()
  @Min(0)
  dbStatementTimeout = 30_000;

  /** idle_in_transaction_session_timeout (ms): the server ends a session left idle in a transaction. */
  @IsInt()
  @Min(0)
  dbIdleInTransactionTimeout = 60_000;

  /** Milliseconds between two reads of the database list (a miss waits for the next read). */
  @IsInt()
  @Min(0)
  dbListRefresh = 2000;

  /** application_name of the API's connections (pg_stat_activity). */
  @IsString()
  dbApplicationName = 'nest-tryton';

  /** Milliseconds a streamed list may wait for its reader before it is aborted. */
  @IsInt()
  @Min(1)
  streamStallTimeout = 10_000;

  /** Window (ms) of the rate limits. */
  @IsInt()
  @Min(1)
  rateLimitWindow = 60_000;

  /** Requests per window and client address without a key (public routes, keyless requests); 0 = off. */
  @IsInt()
  @Min(0)
  rateLimitAnonymous = 300;

  /** Key requests and revocations (POST/DELETE /:db/user/application/) per window and address; 0 = off. */
  @IsInt()
  @Min(0)
  rateLimitKeyRequests = 10;

  /** Requests per window and key; 0 = off (the default: keys belong to known applications). */
  @IsInt()
  @Min(0)
  rateLimitPerKey = 0;

  /** Express's `trust proxy`: whether (and how far) X-Forwarded-For gives the client address. */
  @IsString()
  trustProxy = 'false';

  /** Largest request body (bytes), checked while reading: past it, 413. */
  @IsInt()
  @Min(0)
  bodyLimit = 10 * 1024 * 1024;

  /** Largest body (bytes) of the key routes (POST/DELETE /:db/user/application/). */
  @IsInt()
  @Min(0)
  keyBodyLimit = 64 * 1024;

  /**
   * Milliseconds between two runs of the scheduler (ir.cron) on each database; 0 = off. Several
   * instances may run it: a cron is run by one of them at a time (its row is locked while it runs).
   */
  @IsInt()
  @Min(0)
  cronInterval = 60_000;

  /** The databases the scheduler runs the crons of (CRON_DATABASES, comma-separated); null = every one. */
  @IsOptional()
  @IsString({ each: true })
  cronDatabases: string[] | null = null;

  /** Where the European Central Bank's reference rates are read from (currency.cron, source `ecb`). */
  @Matches(/^https?:\/\//, { message: 'CURRENCY_ECB_URL must be an http:// or https:// URL' })
  currencyEcbUrl = 'https://www.ecb.europa.eu/stats/eurofxref/';

  /** Milliseconds a fetch of an external source (ECB rates) may take. */
  @IsInt()
  @Min(1)
  fetchTimeout = 10_000;

  /** Connections of a pool that long streams may hold at once (default: half the pool). */
  @IsInt()
  @Min(1)
  streamConnections = 5;
}

export class ConfigError extends Error {}

function intOf(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw.trim()))
    throw new ConfigError(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

function listOf(raw: string | undefined): string[] | null {
  if (!raw) return null;
  return raw
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const config = new AppConfig();
  config.databaseUrl = env.DATABASE_URL || undefined;
  config.dataDir = env.DATA_DIR || config.dataDir;
  config.redisUrl = env.REDIS_URL || undefined;
  config.port = intOf(env, 'PORT', config.port);
  config.host = env.HOST || config.host;
  config.httpHeadersTimeout = intOf(env, 'HTTP_HEADERS_TIMEOUT', config.httpHeadersTimeout);
  config.httpRequestTimeout = intOf(env, 'HTTP_REQUEST_TIMEOUT', config.httpRequestTimeout);
  config.httpKeepAliveTimeout = intOf(env, 'HTTP_KEEP_ALIVE_TIMEOUT', config.httpKeepAliveTimeout);
  config.shutdownTimeout = intOf(env, 'SHUTDOWN_TIMEOUT', config.shutdownTimeout);
  config.metricsToken = env.METRICS_TOKEN || undefined;
  config.modulePaths = listOf(env.MODULE_PATHS) ?? [];
  config.modules = listOf(env.MODULES);
  config.logLevel = env.LOG_LEVEL || config.logLevel;
  config.logFormat = (env.LOG_FORMAT || config.logFormat) as AppConfig['logFormat'];
  config.cacheMaxAge = intOf(env, 'CACHE_MAX_AGE', config.cacheMaxAge);
  config.cacheEntryLimit = intOf(env, 'CACHE_ENTRY_LIMIT', config.cacheEntryLimit);
  config.cacheScope = (env.CACHE_SCOPE || config.cacheScope) as AppConfig['cacheScope'];
  config.cacheTtl = intOf(env, 'CACHE_TTL', config.cacheTtl);
  config.cachePrefix = env.CACHE_PREFIX || config.cachePrefix;
  config.cacheMemoryBytes = intOf(env, 'CACHE_MEMORY_BYTES', config.cacheMemoryBytes);
  config.cacheLocalBytes = intOf(env, 'CACHE_LOCAL_BYTES', config.cacheLocalBytes);
  config.cacheSpeculate = intOf(env, 'CACHE_SPECULATE', config.cacheSpeculate);
  config.redisCommandTimeout = intOf(env, 'REDIS_COMMAND_TIMEOUT', config.redisCommandTimeout);
  config.streamBatchSize = intOf(env, 'STREAM_BATCH_SIZE', config.streamBatchSize);
  config.dbPoolSize = intOf(env, 'DB_POOL_SIZE', config.dbPoolSize);
  config.dbAcquireTimeout = intOf(env, 'DB_ACQUIRE_TIMEOUT', config.dbAcquireTimeout);
  config.dbStatementTimeout = intOf(env, 'DB_STATEMENT_TIMEOUT', config.dbStatementTimeout);
  config.dbIdleInTransactionTimeout = intOf(
    env,
    'DB_IDLE_IN_TRANSACTION_TIMEOUT',
    config.dbIdleInTransactionTimeout,
  );
  config.dbListRefresh = intOf(env, 'DB_LIST_REFRESH', config.dbListRefresh);
  config.dbApplicationName = env.DB_APPLICATION_NAME || config.dbApplicationName;
  config.bodyLimit = intOf(env, 'BODY_LIMIT', config.bodyLimit);
  config.rateLimitWindow = intOf(env, 'RATE_LIMIT_WINDOW', config.rateLimitWindow);
  config.rateLimitAnonymous = intOf(env, 'RATE_LIMIT_ANONYMOUS', config.rateLimitAnonymous);
  config.rateLimitKeyRequests = intOf(env, 'RATE_LIMIT_KEY_REQUESTS', config.rateLimitKeyRequests);
  config.rateLimitPerKey = intOf(env, 'RATE_LIMIT_PER_KEY', config.rateLimitPerKey);
  config.trustProxy = env.TRUST_PROXY || config.trustProxy;
  config.keyBodyLimit = intOf(env, 'KEY_BODY_LIMIT', config.keyBodyLimit);
  config.streamStallTimeout = intOf(env, 'STREAM_STALL_TIMEOUT', config.streamStallTimeout);
  config.streamConnections = intOf(env, 'STREAM_CONNECTIONS', Math.max(1, Math.floor(config.dbPoolSize / 2)));
  config.cronInterval = intOf(env, 'CRON_INTERVAL', config.cronInterval);
  config.cronDatabases = listOf(env.CRON_DATABASES);
  config.currencyEcbUrl = env.CURRENCY_ECB_URL || config.currencyEcbUrl;
  config.fetchTimeout = intOf(env, 'FETCH_TIMEOUT', config.fetchTimeout);
  const errors = validateSync(config);
  if (errors.length) {
    const messages = errors.flatMap((e) => Object.values(e.constraints ?? {}));
    throw new ConfigError(`Invalid configuration: ${messages.join('; ')}`);
  }
  return config;
}
