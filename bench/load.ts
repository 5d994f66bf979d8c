import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

export interface LoadResult {
  name: string;
  requestsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  errors: number;
  non2xx: number;
  total: number;
}

export interface LoadOptions {
  name: string;
  url: string;
  connections?: number;
  duration?: number;
  method?: 'GET' | 'POST' | 'PUT';
  headers?: Record<string, string>;
  body?: string;
  /** Varies each request (path, body) so that it is not served from the cache. */
  setupRequest?: (req: { path: string; body?: string; headers?: Record<string, string> }) => {
    path: string;
    body?: string;
    headers?: Record<string, string>;
  };
}

/**
 * The load generator: wrk (C, one thread, an event loop of its own) when it is on the PATH, else
 * autocannon (in this process). At one connection every microsecond the generator spends between
 * an answer and the next request counts in the figure: autocannon's share there is several times
 * wrk's (one product by id, same server and minute: 302 req/s under autocannon, 830-940 under wrk).
 * BENCH_LOADGEN=autocannon or =wrk chooses.
 */
export type LoadGenerator = 'wrk' | 'autocannon';

let chosen: LoadGenerator | null = null;

export function loadGenerator(env: NodeJS.ProcessEnv = process.env): LoadGenerator {
  if (chosen) return chosen;
  const asked = env.BENCH_LOADGEN;
  if (asked && asked !== 'wrk' && asked !== 'autocannon')
    throw new Error(`BENCH_LOADGEN must be wrk or autocannon, not "${asked}"`);
  const found = spawnSync('wrk', ['-v'], { stdio: 'ignore' });
  const hasWrk = !found.error;
  if (asked === 'wrk' && !hasWrk) throw new Error('BENCH_LOADGEN=wrk but wrk is not on the PATH');
  chosen = asked === 'autocannon' || !hasWrk ? 'autocannon' : 'wrk';
  return chosen;
}

/** Requests made beforehand per second of a wrk run (more than any uncached scenario sends). */
const WRK_REQUESTS_PER_SECOND = 20_000;

/** The Lua script of a wrk run: sends the requests of `file` (path, tab, body) in turn. */
function wrkScript(file: string, method: string, headers: Record<string, string>): string {
  const lines = Object.entries(headers).map(
    ([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`,
  );
  return [
    ...lines,
    `local method = ${JSON.stringify(method)}`,
    'local paths, bodies = {}, {}',
    `for line in io.lines(${JSON.stringify(file)}) do`,
    "  local tab = line:find('\\t', 1, true)",
    '  paths[#paths + 1] = line:sub(1, tab - 1)',
    '  local body = line:sub(tab + 1)',
    "  bodies[#bodies + 1] = body ~= '' and body or false",
    'end',
    'local i = 0',
    'request = function()',
    '  i = i % #paths + 1',
    '  return wrk.format(method, paths[i], nil, bodies[i] or nil)',
    'end',
    'done = function(summary, latency)',
    '  local e = summary.errors',
    `  io.write(string.format('\\nWRK-RESULT {"requests":%d,"duration":%d,"errors":%d,"status":%d,"p50":%f,"p99":%f}\\n',`,
    '    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,',
    '    latency:percentile(50), latency:percentile(99)))',
    'end',
    '',
  ].join('\n');
}

/**
 * One wrk run. The requests a run may send (setupRequest's, in order) are made beforehand, one per
 * line of a file its script reads at start, and sent in turn (again from the first if the run sends
 * more): the same requests autocannon would send.
 */
async function wrkLoad(options: LoadOptions): Promise<LoadResult> {
  const connections = options.connections ?? 20;
  const seconds = Math.max(1, Math.round(options.duration ?? 6));
  const url = new URL(options.url);
  const base = { path: url.pathname + url.search, body: options.body, headers: options.headers };
  const requests: { path: string; body?: string }[] = [];
  if (options.setupRequest) {
    const count = WRK_REQUESTS_PER_SECOND * seconds;
    for (let i = 0; i < count; i++) requests.push(options.setupRequest({ ...base }));
  } else requests.push(base);
  for (const r of requests) {
    // (a path never holds a tab or a line break; a body's are JSON's escapes)
    if (/[\t\r\n]/.test(r.path) || /[\r\n]/.test(r.body ?? ''))
      throw new Error(`cannot hand this request to wrk: ${r.path.slice(0, 80)}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-wrk-'));
  try {
    const file = join(dir, 'requests');
    writeFileSync(file, requests.map((r) => `${r.path}\t${r.body ?? ''}\n`).join(''));
    const script = join(dir, 'script.lua');
    writeFileSync(script, wrkScript(file, options.method ?? 'GET', options.headers ?? {}));
    const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '30s', '-s', script, url.origin];
    const output = await new Promise<string>((done, fail) => {
      const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      child.on('error', fail);
      child.on('exit', (code) =>
        code === 0 ? done(out) : fail(new Error(`wrk exited with ${code}: ${out}`)),
      );
    });
    const line = /WRK-RESULT (\{.*\})/.exec(output);
    if (!line) throw new Error(`wrk printed no result: ${output}`);
    const r = JSON.parse(line[1]) as Record<string, number>;
    return {
      name: options.name,
      requestsPerSecond: Math.round(r.requests / (r.duration / 1e6)),
      // (wrk counts microseconds; autocannon's figures are milliseconds)
      latencyP50: Math.round(r.p50 / 100) / 10,
      latencyP99: Math.round(r.p99 / 100) / 10,
      errors: r.errors,
      non2xx: r.status,
      total: r.requests,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One run, bounded in time, against a server on this machine (see loadGenerator). */
export async function load(options: LoadOptions): Promise<LoadResult> {
  if (loadGenerator() === 'wrk') return wrkLoad(options);
  const result = await autocannon({
    url: options.url,
    connections: options.connections ?? 20,
    duration: options.duration ?? 6,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    requests: options.setupRequest ? [{ setupRequest: options.setupRequest as never }] : undefined,
  });
  return {
    name: options.name,
    requestsPerSecond: Math.round(result.requests.average),
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}
