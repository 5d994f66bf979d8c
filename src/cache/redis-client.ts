import { Redis } from 'ioredis';

/**
 * How long one cache command may take before the request goes on without the cache (the store's
 * own, stall-aware timeout: RedisCacheStore's commandTimeoutMs).
 */
export const COMMAND_TIMEOUT_MS = 100;

/**
 * ioredis's own timeout, a backstop for commands no request waits for (QUIT on shutdown, an
 * acknowledgement). It would fire at the end of any stall of the event loop longer than itself,
 * before the reply waiting in the socket is read, so it is kept well above the store's.
 */
const BACKSTOP_TIMEOUT_MS = 2000;

/**
 * An ioredis client that fails fast instead of queueing: ioredis's defaults hold a command for over
 * a minute while Redis is down. Without the offline queue a command fails at once when disconnected,
 * a timeout bounds a frozen server, and reconnection keeps trying in the background so
 * caching resumes by itself. The caller must listen to 'error' (an unhandled one kills the process).
 *
 * No auto-pipelining: it defers every command to a later turn of the event loop and builds a
 * pipeline for it, which cost about 55 µs of CPU per command here (measured: 131 against 77 µs per
 * EVALSHA one after the other), and a product read about 250 µs per uncached request at one
 * connection, while sharing writes gained nothing measurable at ten. The store holds its own writes
 * instead (RedisCacheStore: a fill leaves with the next command).
 */
export function createRedisClient(url: string): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: BACKSTOP_TIMEOUT_MS,
    connectTimeout: 1000,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
    enableAutoPipelining: false,
  });
}
