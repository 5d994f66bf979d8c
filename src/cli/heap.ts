import { setFlagsFromString } from 'node:v8';

/** HEAP_GROWING_PERCENT when unset (see applyHeapGrowth). */
export const DEFAULT_HEAP_GROWING_PERCENT = 100;

/**
 * HEAP_GROWING_PERCENT for the server process: after each full collection, the old generation may
 * grow by this percent of what survived before the next one (V8's --heap-growing-percent, which it
 * reads at every collection, so setting it once the process runs takes effect). Under sustained
 * uncached load V8's own heuristics let dead answers pile up to several times the live heap: with
 * 100 the server's RSS rose +104 MiB over 15 s of uncached party pages at 10 connections, against
 * +174 MiB without (same machine, same minute), at no server CPU per request we could measure; 30
 * gives +68 MiB for ~12 % more CPU. 0 leaves V8's heuristics. A --heap-growing-percent given to node
 * itself (NODE_OPTIONS, the command line) wins.
 */
export function applyHeapGrowth(
  env: NodeJS.ProcessEnv,
  execArgv: readonly string[] = process.execArgv,
): void {
  const given = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) =>
    /^--heap[-_]growing[-_]percent\b/.test(a),
  );
  if (given) return;
  const raw = env.HEAP_GROWING_PERCENT;
  const percent = raw === undefined || raw === '' ? DEFAULT_HEAP_GROWING_PERCENT : Number(raw);
  if (!Number.isInteger(percent) || percent < 0 || percent > 1000)
    throw new Error(`HEAP_GROWING_PERCENT must be an integer from 0 to 1000, not "${raw}"`);
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
