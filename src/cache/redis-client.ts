import { Redis } from 'ioredis';

/** How long one cache command may take before the request goes on without the cache. */
export const COMMAND_TIMEOUT_MS = 100;

/**
 * An ioredis client that fails fast instead of queueing: ioredis's defaults hold a command for over
 * a minute while Redis is down. Without the offline queue a command fails at once when disconnected,
 * `commandTimeout` bounds a frozen server, and reconnection keeps trying in the background so
 * caching resumes by itself. The caller must listen to 'error' (an unhandled one kills the process).
 *
 * Auto-pipelining: the commands of one turn of the event loop (the lookups and stores of the
 * requests answered in that turn) leave in one socket write. Each write wakes Redis and costs a
 * system call: under concurrent load this is a large share of a cache miss's CPU.
 */
export function createRedisClient(url: string): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: 1000,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
    enableAutoPipelining: true,
  });
}
