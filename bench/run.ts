import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { createApplicationKey } from '../src/auth/application-keys';
import { openCli, CliContext } from '../src/cli/context';
import { setupDatabase } from '../src/storage/setup';
import { createApp } from '../src/main';
import { DatabaseServer } from '../src/storage/database';
import { spawnBaseline } from './baselines';
import { clientOverhead } from './client-overhead';
import { load, loadGenerator, LoadResult } from './load';
import { b64url, b64urlPadded, modelPath, peerConfig, query, Side } from './peer';
import { streamOnce, StreamResult } from './streaming';

/**
 * npm run bench: the issue's request kinds on its data sizes (`--demo large`: 10,000 parties with
 * addresses, 1,000 products, 20,000 sales with ~60,000 lines), each at 1 and at 10 connections,
 * beside baselines measured in the same run (a bare node:http server sending the same bytes; the
 * party page by hand with pg), and beside a Tryton-compatible peer when BENCH_PEER_URL is set.
 *
 * Every scenario states its cache state and controls it: the server runs with a cache prefix of its
 * own (nothing left by an earlier run is found), "uncached" requests each carry a distinct unused
 * parameter (each one a miss: key, lookup, computation, store), "cached" ones are warmed and checked
 * to be hits before the load starts. Rows written by a scenario are deleted after it, so the data
 * sizes stay those of the demo from run to run.
 *
 * Needs DATABASE_URL (default: the machine's PostgreSQL) and REDIS_URL (default: the machine's Redis).
 */
export const DB = process.env.BENCH_DB ?? 'bench_large';
/** A second database for the 100,000-record stream (the first keeps the issue's sizes). */
const STREAM_DB = process.env.BENCH_STREAM_DB ?? 'bench_stream';
export const PORT = Number(process.env.BENCH_PORT ?? 8765);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,10').split(',').map(Number);
/**
 * Seconds each scenario runs on this server before it is measured (not counted): V8 compiles the
 * code a request kind runs only after it has run it many times, so the first scenario measured on a
 * fresh server would pay for it and the others not (at 1 connection, 2-3× the CPU per request).
 */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
/** Only the scenarios whose name contains this text (and the baselines they compare with). */
const ONLY = process.env.BENCH_ONLY ?? '';
process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432';
process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
process.env.LOG_LEVEL ??= 'silent';

const PARTY_FIELDS = ['name', 'code', 'addresses.city'];
const NESTED_FIELDS = [
  'name',
  'code',
  'addresses.city',
  'addresses.country.name',
  'contact_mechanisms.value',
];
const SALE_FIELDS = [
  'number',
  'state',
  'total_amount',
  'lines.product.name',
  'lines.quantity',
  'lines.unit_price',
];
const STREAM_TOTAL = 100_000;
/** Headers Node's http server writes itself (the bare baseline gets every other header of the answer). */
const NODE_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
/** Names of the parties the create scenario makes (deleted after it). */
const CREATED = 'Bench created';

function log(message: string): void {
  console.log(`[bench] ${message}`);
}

/** Rows in the main tables: the data sizes the figures were measured on. */
async function sizes(ctx: CliContext, db: string): Promise<Record<string, number>> {
  const tables = ['party_party', 'party_address', 'product_product', 'sale_sale', 'sale_line'];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await ctx.server.pool(db).query(`SELECT count(*)::int AS n FROM "${table}"`);
    counts[table] = rows[0].n as number;
  }
  return counts;
}

/** Deletes parties a scenario (or an earlier version of this bench) added. */
async function deleteAddedParties(ctx: CliContext, db: string): Promise<number> {
  return ctx.asRoot(db, async (env) => {
    const Party = env.model('party.party');
    const ids = await Party.search(env, [
      'OR',
      ['name', 'like', `${CREATED} %`],
      ['name', 'like', 'Bench %'],
      ['name', 'like', 'Stream %'],
    ]);
    for (let i = 0; i < ids.length; i += 5000) await Party.delete(env, ids.slice(i, i + 5000));
    return ids.length;
  });
}

export async function prepare(ctx: CliContext): Promise<{ key: string; streamKey: string }> {
  if (!(await ctx.server.exists(DB))) {
    log(`creating ${DB} with --demo large (once; reused by later runs)`);
    const start = Date.now();
    await ctx.server.createDatabase(DB);
    await setupDatabase(ctx.server, ctx.pool, DB, { demo: 'large' });
    log(`demo large loaded in ${((Date.now() - start) / 1000).toFixed(1)} s`);
  }
  const removed = await deleteAddedParties(ctx, DB);
  if (removed) log(`removed ${removed} parties added by earlier runs`);
  if (!(await ctx.server.exists(STREAM_DB))) {
    log(`creating ${STREAM_DB} with ${STREAM_TOTAL} parties (once)`);
    await ctx.server.createDatabase(STREAM_DB);
    await setupDatabase(ctx.server, ctx.pool, STREAM_DB, {});
  }
  await ctx.asRoot(STREAM_DB, async (env) => {
    const Party = env.model('party.party');
    const count = await Party.searchCount(env, []);
    for (let done = count; done < STREAM_TOTAL; done += 10_000) {
      const n = Math.min(10_000, STREAM_TOTAL - done);
      await Party.create(
        env,
        Array.from({ length: n }, (_, i) => ({ name: `Streamed ${done + i}`, code: `S${done + i}` })),
      );
    }
  });
  return {
    key: await ctx.asRoot(DB, (env) => createApplicationKey(env, 'admin', 'rest')),
    streamKey: await ctx.asRoot(STREAM_DB, (env) => createApplicationKey(env, 'admin', 'rest')),
  };
}

export function startServer(env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, [resolve(__dirname, '../src/cli/main.js'), 'serve'], {
    env: { ...process.env, PORT: String(PORT), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((done, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) done(child);
    });
    child.on('exit', (code) => fail(new Error(`server exited with ${code}`)));
  });
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function request(
  url: string,
  headers: Record<string, string>,
  method = 'GET',
  body?: string,
): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', fail);
    req.end(body);
  });
}

const get = (url: string, headers: Record<string, string>) => request(url, headers);

/** One kind of request, the same on both sides. */
interface Scenario {
  name: string;
  /** What the cache holds for these requests, and how that is ensured. */
  cache: 'uncached' | 'cached' | 'write';
  method?: 'GET' | 'POST';
  /** The path of the n-th request on a side. */
  path(side: Side, n: number): string;
  body?(n: number): string;
}

/** A distinct, unused query parameter: each request is its own cache key (a miss), same work. */
let busterBase = Date.now() * 1000;
const buster = () => `_=${++busterBase}`;

const scenarios: Scenario[] = [
  {
    name: 'party search, 100 rows, name+code+addresses.city',
    cache: 'uncached',
    path: (side) =>
      `${modelPath(side, 'party.party')}?${query([['s', '100'], ...PARTY_FIELDS.map((f): [string, string] => ['f', f])])}&${buster()}`,
  },
  {
    name: 'party search, 100 rows, name+code+addresses.city',
    cache: 'cached',
    path: (side) =>
      `${modelPath(side, 'party.party')}?${query([['s', '100'], ...PARTY_FIELDS.map((f): [string, string] => ['f', f])])}`,
  },
  {
    name: 'one product by id',
    cache: 'uncached',
    path: (side, n) =>
      `${modelPath(side, 'product.product', `/${side.products[n % side.products.length]}`)}?${buster()}`,
  },
  {
    name: 'one sale with its lines',
    cache: 'uncached',
    path: (side, n) =>
      `${modelPath(side, 'sale.sale', `/${side.sales[n % side.sales.length]}`)}?${query(SALE_FIELDS.map((f): [string, string] => ['f', f]))}&${buster()}`,
  },
  {
    name: 'create a party',
    cache: 'write',
    method: 'POST',
    path: (side) => modelPath(side, 'party.party'),
    body: (n) => JSON.stringify({ name: `${CREATED} ${n}` }),
  },
];

interface Row {
  scenario: string;
  cache: string;
  connections: number;
  here: LoadResult & { cpuMicrosPerRequest?: number; rssPeakMiB?: number };
  peer?: LoadResult;
}

async function idsOf(side: Side, model: string, limit: number, domain?: unknown): Promise<number[]> {
  const params: [string, string][] = [
    ['s', String(limit)],
    ['f', 'id'],
  ];
  if (domain) params.push(['d', JSON.stringify(domain)]);
  const res = await get(`${side.origin}${modelPath(side, model)}?${query(params)}`, side.headers);
  if (res.status !== 200) throw new Error(`${side.name}: listing ${model} answered ${res.status}`);
  return (JSON.parse(res.body.toString()) as { id: number }[]).map((r) => r.id);
}

/** Checks one request of the scenario on a side, and warms what a cached scenario needs. */
async function check(side: Side, scenario: Scenario): Promise<string | null> {
  const url = `${side.origin}${scenario.path(side, 0)}`;
  const headers = { ...side.headers, 'Content-Type': 'application/json' };
  const first = await request(url, headers, scenario.method, scenario.body?.(0));
  if (first.status >= 300) return `${first.status} ${first.body.toString().slice(0, 200)}`;
  if (scenario.cache === 'cached' && side.name === 'here') {
    // Warm: the first answer is stored; the next ones are hits (from memory once the lease holds).
    let cache: unknown;
    for (let i = 0; i < 50 && cache !== 'HIT'; i++) {
      cache = (await get(url, side.headers)).headers['x-cache'];
      await new Promise((r) => setTimeout(r, 20));
    }
    if (cache !== 'HIT') return `the cached scenario is not served from the cache (X-Cache ${String(cache)})`;
  }
  return null;
}

/** CPU time (user + system, µs) a process has used, from /proc: steadier than wall time on a busy machine. */
/** The resident memory of a process, in MiB. */
export function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

export function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
}

async function run(
  side: Side,
  scenario: Scenario,
  connections: number,
  serverPid: number | null,
  duration = DURATION,
): Promise<LoadResult & { cpuMicrosPerRequest?: number; rssPeakMiB?: number }> {
  let n = 0;
  const url = `${side.origin}${scenario.path(side, 0)}`;
  const cpuBefore = serverPid === null ? 0 : cpuMicros(serverPid);
  // The server's resident memory, sampled while the load runs: its peak.
  let rssPeak = serverPid === null ? 0 : rssMiB(serverPid);
  const sampler =
    serverPid === null ? null : setInterval(() => (rssPeak = Math.max(rssPeak, rssMiB(serverPid))), 100);
  const result = await load({
    name: `${side.name}: ${scenario.name} (${scenario.cache}, ${connections} conn.)`,
    url,
    method: scenario.method,
    headers: { ...side.headers, ...(scenario.body ? { 'Content-Type': 'application/json' } : {}) },
    connections,
    duration,
    setupRequest: (req) => {
      n++;
      return { ...req, path: scenario.path(side, n), ...(scenario.body ? { body: scenario.body(n) } : {}) };
    },
  });
  if (sampler) clearInterval(sampler);
  if (serverPid === null || !result.total) return result;
  return {
    ...result,
    cpuMicrosPerRequest: Math.round((cpuMicros(serverPid) - cpuBefore) / result.total),
    rssPeakMiB: Math.max(rssPeak, rssMiB(serverPid)),
  };
}

/** A load run and the CPU the answering process spent on it, per request. */
async function measured(pid: number, go: () => Promise<LoadResult>): Promise<LoadResult & { cpu: number }> {
  const before = cpuMicros(pid);
  const result = await go();
  return { ...result, cpu: (cpuMicros(pid) - before) / Math.max(1, result.total) };
}

/**
 * Scenario and baseline alternated in three slices each (the machine's load drifts: a ratio of
 * neighbouring slices is steadier than one of two long runs far apart). Both answer from a process
 * of their own, whose CPU per request is reported beside.
 */
async function beside(
  name: string,
  scenario: () => Promise<LoadResult>,
  scenarioPid: number,
  baseline: () => Promise<LoadResult>,
  baselinePid: number,
): Promise<{ scenario: LoadResult; baseline: LoadResult; ratio: number; cpu: number; baselineCpu: number }> {
  const a: (LoadResult & { cpu: number })[] = [];
  const b: (LoadResult & { cpu: number })[] = [];
  for (let i = 0; i < 3; i++) {
    b.push(await measured(baselinePid, baseline));
    a.push(await measured(scenarioPid, scenario));
  }
  const merge = (runs: LoadResult[], label: string): LoadResult => ({
    name: label,
    requestsPerSecond: Math.round(runs.reduce((s, r) => s + r.requestsPerSecond, 0) / runs.length),
    latencyP50: Math.max(...runs.map((r) => r.latencyP50)),
    latencyP99: Math.max(...runs.map((r) => r.latencyP99)),
    errors: runs.reduce((s, r) => s + r.errors, 0),
    non2xx: runs.reduce((s, r) => s + r.non2xx, 0),
    total: runs.reduce((s, r) => s + r.total, 0),
  });
  const cpu = (runs: (LoadResult & { cpu: number })[]) =>
    Math.round(
      runs.reduce((s, r) => s + r.cpu * r.total, 0) /
        Math.max(
          1,
          runs.reduce((s, r) => s + r.total, 0),
        ),
    );
  const ratios = a.map((r, i) => r.requestsPerSecond / b[i].requestsPerSecond).sort((x, y) => x - y);
  return {
    scenario: merge(a, name),
    baseline: merge(b, `baseline for ${name}`),
    ratio: ratios[1],
    cpu: cpu(a),
    baselineCpu: cpu(b),
  };
}

/** SQL statements one request costs, counted in-process, for two page sizes. */
async function statementCounts(auth: Record<string, string>): Promise<Record<string, number>> {
  const { loadConfig } = await import('../src/config/config');
  const app = await createApp(loadConfig({ ...process.env, CACHE_PREFIX: `nest-tryton:bench-sql:` }));
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const server = app.get(DatabaseServer);
  const counts: Record<string, number> = {};
  const side: Side = { name: 'here', origin: url, db: DB, headers: auth, products: [], sales: [] };
  try {
    const path = (size: number, fields: string[]) =>
      `${modelPath(side, 'party.party')}?${query([['s', String(size)], ...fields.map((f): [string, string] => ['f', f])])}&${buster()}`;
    side.products = await idsOf(side, 'product.product', 10);
    side.sales = await idsOf(side, 'sale.sale', 10);
    const requests: Record<string, string> = {
      'party page of 10, nested': path(10, NESTED_FIELDS),
      'party page of 100, nested': path(100, NESTED_FIELDS),
      'one product by id': scenarios[2].path(side, 1),
      'one sale with its lines': scenarios[3].path(side, 1),
    };
    // Warm the access tables (loaded lazily on the first requests).
    for (const p of Object.values(requests)) await get(url + p.replace(/_=\d+/, buster()), auth);
    for (const [name, p] of Object.entries(requests)) {
      const before = server.counter.statements;
      const res = await get(url + p.replace(/_=\d+/, buster()), auth);
      if (res.status !== 200) throw new Error(`statement count of ${name} failed: ${res.status}`);
      if (res.headers['x-cache'] === 'HIT') throw new Error(`statement count of ${name} was a cache hit`);
      counts[name] = server.counter.statements - before;
    }
  } finally {
    await app.close();
  }
  return counts;
}

/** Time to first byte (median of 7 after a warm-up) and memory, each request uncached. */
async function ttfb(
  side: Side,
  size: number,
  serverPid: number | null,
  runs = 7,
): Promise<StreamResult & { size: number }> {
  const url = () =>
    `${side.origin}${modelPath(side, 'party.party')}?${query([
      ['s', String(size)],
      ['f', 'name'],
      ['f', 'code'],
    ])}&${buster()}`;
  await streamOnce(url(), side.headers, serverPid);
  const results: StreamResult[] = [];
  for (let i = 0; i < runs; i++) results.push(await streamOnce(url(), side.headers, serverPid));
  results.sort((x, y) => x.ttfbMs - y.ttfbMs);
  const median = results[Math.floor(results.length / 2)];
  return { ...median, size, rssDeltaMiB: Math.max(...results.map((r) => r.rssDeltaMiB)) };
}

async function dropPrefix(prefix: string): Promise<void> {
  const client = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
  const started = new Date();
  const loadAtStart = loadavg();
  const peer = peerConfig();
  const ctx = await openCli();
  let keys: { key: string; streamKey: string };
  let dataSizes: Record<string, number>;
  try {
    keys = await prepare(ctx);
    dataSizes = await sizes(ctx, DB);
  } finally {
    await ctx.close();
  }
  log(`data: ${JSON.stringify(dataSizes)}; load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}`);
  log(`load generator: ${loadGenerator()}`);
  const context = peer?.context ?? '{"company":1}';
  const here: Side = {
    name: 'here',
    origin: `http://127.0.0.1:${PORT}`,
    db: DB,
    headers: { Authorization: `Bearer ${keys.key}`, 'X-Tryton-Context': b64url(context) },
    products: [],
    sales: [],
  };
  const sides: Side[] = [here];
  if (peer) {
    const origin = new URL(peer.url).origin;
    sides.push({
      name: 'peer',
      origin,
      db: peer.db,
      headers: { Authorization: `bearer ${peer.key}`, 'X-Tryton-Context': b64urlPadded(peer.context) },
      products: [],
      sales: [],
    });
  }
  // A cache of this run's own: nothing an earlier run stored is found, and it is dropped after.
  const prefix = `nest-tryton:bench:${randomBytes(4).toString('hex')}:`;
  const server = await startServer({ CACHE_PREFIX: prefix });
  const rows: Row[] = [];
  const baselines: Record<string, unknown>[] = [];
  const ratios: Record<string, number> = {};
  const skipped: Record<string, string> = {};
  try {
    for (const side of sides) {
      side.products = await idsOf(side, 'product.product', 1000);
      side.sales = await idsOf(side, 'sale.sale', 1000);
    }
    const wanted = (name: string) => !ONLY || name.includes(ONLY);
    // The server's memory before any load (its module code loaded, no answer computed yet).
    const idleRss = rssMiB(server.pid!);
    log(`server RSS at rest: ${idleRss.toFixed(0)} MiB`);

    for (const scenario of scenarios) {
      const label = `${scenario.name} (${scenario.cache})`;
      if (!wanted(label)) continue;
      const problems = await Promise.all(sides.map((side) => check(side, scenario)));
      const active = sides.filter((side, i) => {
        if (problems[i]) skipped[`${side.name}: ${label}`] = problems[i]!;
        return !problems[i];
      });
      if (!active.includes(here)) continue;
      if (WARMUP > 0) {
        log(`${label}: warming up for ${WARMUP} s (not measured)`);
        await run(here, scenario, 10, null, WARMUP);
      }
      for (const connections of CONNECTIONS) {
        log(`${label}, ${connections} connection(s)`);
        const row: Row = { scenario: scenario.name, cache: scenario.cache, connections, here: null! };
        for (const side of active) {
          const result = await run(side, scenario, connections, side.name === 'here' ? server.pid! : null);
          if (side.name === 'here') row.here = result;
          else row.peer = result;
        }
        rows.push(row);
      }
      if (scenario.cache === 'write') {
        const ctx2 = await openCli();
        try {
          log(`deleted ${await deleteAddedParties(ctx2, DB)} parties the scenario created`);
        } finally {
          await ctx2.close();
        }
      }
    }

    // Baselines, alternated with the scenario they measure.
    const cachedPath = scenarios[1].path(here, 0);
    if (wanted('baseline') || wanted('cached')) {
      // Warmed again: the create scenario's writes invalidated the page.
      const warm = await check(here, scenarios[1]);
      if (warm) throw new Error(`the cached page: ${warm}`);
      const sample = await get(here.origin + cachedPath, here.headers);
      if (sample.headers['x-cache'] !== 'HIT') throw new Error('the cached page is not a hit');
      // The same bytes: the body and every header of the answer but those Node writes itself.
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(sample.headers)) {
        if (typeof value === 'string' && !NODE_HEADERS.has(name)) headers[name] = value;
      }
      const bare = await spawnBaseline({ kind: 'bare', body: sample.body.toString('base64'), headers });
      for (const connections of CONNECTIONS) {
        log(`cached page beside bare node:http, ${connections} connection(s)`);
        const pair = await beside(
          `cached party search (${sample.body.length} B), ${connections} conn.`,
          () =>
            load({
              name: 'cached',
              url: here.origin + cachedPath,
              headers: here.headers,
              connections,
              duration: DURATION / 3,
            }),
          server.pid!,
          () => load({ name: 'bare', url: bare.url, connections, duration: DURATION / 3 }),
          bare.pid,
        );
        baselines.push({
          scenario: pair.scenario.name,
          'req/s': pair.scenario.requestsPerSecond,
          baseline: 'bare node:http, same bytes',
          'baseline req/s': pair.baseline.requestsPerSecond,
          ratio: round(pair.ratio),
          'CPU µs/req': pair.cpu,
          'baseline CPU µs/req': pair.baselineCpu,
        });
        ratios[`cached / bare node:http, ${connections} conn.`] = round(pair.ratio);
      }
      await bare.close();
    }
    if (wanted('baseline') || wanted('uncached')) {
      const hand = await spawnBaseline({
        kind: 'hand',
        connectionString: `${process.env.DATABASE_URL}/${DB}`,
        pageSize: 100,
      });
      for (const connections of CONNECTIONS) {
        log(`uncached party search beside pg by hand, ${connections} connection(s)`);
        let n = 0;
        const pair = await beside(
          `uncached party search, ${connections} conn.`,
          () =>
            load({
              name: 'uncached',
              url: here.origin + scenarios[0].path(here, 0),
              headers: here.headers,
              connections,
              duration: DURATION / 3,
              setupRequest: (req) => ({ ...req, path: scenarios[0].path(here, ++n) }),
            }),
          server.pid!,
          () => load({ name: 'pg by hand', url: hand.url, connections, duration: DURATION / 3 }),
          hand.pid,
        );
        baselines.push({
          scenario: pair.scenario.name,
          'req/s': pair.scenario.requestsPerSecond,
          baseline: 'pg + JSON.stringify by hand, same rows',
          'baseline req/s': pair.baseline.requestsPerSecond,
          ratio: round(pair.ratio),
          'CPU µs/req': pair.cpu,
          'baseline CPU µs/req': pair.baselineCpu,
        });
        ratios[`uncached party search / pg by hand, ${connections} conn.`] = round(pair.ratio);
      }
      await hand.close();
    }
    if (wanted('baseline') || wanted('product')) {
      const product = scenarios.find((s) => s.name === 'one product by id')!;
      const floor = await spawnBaseline({
        kind: 'product-floor',
        connectionString: `${process.env.DATABASE_URL}/${DB}`,
        redisUrl: process.env.REDIS_URL!,
      });
      const floorOrigin = { ...here, origin: floor.url };
      for (const connections of CONNECTIONS) {
        log(`uncached product beside the framework-less floor, ${connections} connection(s)`);
        let n = 0;
        let m = 0;
        const pair = await beside(
          `uncached product by id, ${connections} conn.`,
          () =>
            load({
              name: 'uncached',
              url: here.origin + product.path(here, 0),
              headers: here.headers,
              connections,
              duration: DURATION / 3,
              setupRequest: (req) => ({ ...req, path: product.path(here, ++n) }),
            }),
          server.pid!,
          () =>
            load({
              name: 'floor',
              url: floor.url + product.path(floorOrigin, 0),
              connections,
              duration: DURATION / 3,
              setupRequest: (req) => ({ ...req, path: product.path(floorOrigin, ++m) }),
            }),
          floor.pid,
        );
        baselines.push({
          scenario: pair.scenario.name,
          'req/s': pair.scenario.requestsPerSecond,
          baseline: 'framework-less floor, same hops',
          'baseline req/s': pair.baseline.requestsPerSecond,
          ratio: round(pair.ratio),
          'CPU µs/req': pair.cpu,
          'baseline CPU µs/req': pair.baselineCpu,
        });
        ratios[`uncached product / framework-less floor, ${connections} conn.`] = round(pair.ratio);
        const peer = rows.find((r) => r.scenario === product.name && r.connections === connections)?.peer;
        if (peer?.requestsPerSecond) {
          const ratio = round(pair.baseline.requestsPerSecond / peer.requestsPerSecond);
          ratios[`framework-less floor / Tryton, one product, ${connections} conn.`] = ratio;
          log(`the framework-less floor is ${ratio}× Tryton for one product at ${connections} connection(s)`);
        }
      }
      await floor.close();
    }

    // Time to first byte of a 10,000-party list (beside 10 records), on both sides.
    const firstBytes: Record<string, Record<string, number>> = {};
    if (wanted('first byte')) {
      for (const side of sides) {
        for (const size of [10, 10_000]) {
          log(`${side.name}: first byte of ${size} parties`);
          const r = await ttfb(
            side,
            size,
            side.name === 'here' ? server.pid! : null,
            side.name === 'peer' ? 3 : 7,
          );
          firstBytes[`${side.name}: ${size} parties`] = {
            'ttfb ms': round(r.ttfbMs, 1),
            'total ms': Math.round(r.totalMs),
            records: r.records,
            ...(side.name === 'here' ? { 'rss +MiB': r.rssDeltaMiB } : {}),
          };
        }
      }
    }

    // 100,000 records streamed (memory), on the second database.
    let stream: StreamResult | null = null;
    if (wanted('stream')) {
      log(`${STREAM_TOTAL} records streamed`);
      const streamSide: Side = {
        ...here,
        db: STREAM_DB,
        headers: { Authorization: `Bearer ${keys.streamKey}` },
      };
      stream = await ttfb(streamSide, STREAM_TOTAL, server.pid!, 3);
    }

    // The TypeScript client's overhead over raw undici: a cached GET, a streamed list.
    const client = wanted('client')
      ? await clientOverhead(`${here.origin}/${DB}`, keys.key, {
          model: 'party.party',
          id: 1,
          fields: ['name', 'code'],
          calls: 2000,
        })
      : null;
    const counts = wanted('statements') ? await statementCounts({ Authorization: `Bearer ${keys.key}` }) : {};

    const table = rows.map((r) => ({
      scenario: r.scenario,
      cache: r.cache,
      conns: r.connections,
      'here req/s': r.here.requestsPerSecond,
      ...(peer
        ? {
            'peer req/s': r.peer?.requestsPerSecond ?? '–',
            ratio: r.peer ? round(r.here.requestsPerSecond / Math.max(1, r.peer.requestsPerSecond), 1) : '–',
          }
        : {}),
      'p99 ms here': r.here.latencyP99,
      'server CPU µs/req': r.here.cpuMicrosPerRequest ?? '–',
      'RSS +MiB': r.here.rssPeakMiB === undefined ? '–' : Math.round(r.here.rssPeakMiB - idleRss),
      ...(peer ? { 'p99 ms peer': r.peer?.latencyP99 ?? '–' } : {}),
      'errors/non-2xx': `${r.here.errors}/${r.here.non2xx}${r.peer ? ` · ${r.peer.errors}/${r.peer.non2xx}` : ''}`,
    }));
    const report = {
      date: started.toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        loadAverageAtStart: loadAtStart.map((l) => round(l)),
        loadAverageAtEnd: loadavg().map((l) => round(l)),
      },
      data: dataSizes,
      serverRssAtRestMiB: Math.round(idleRss),
      durationSeconds: DURATION,
      loadGenerator: loadGenerator(),
      peer: peer ? { url: peer.url, db: peer.db } : null,
      scenarios: rows,
      baselines,
      ratios,
      firstBytes,
      stream,
      client,
      sqlStatementsPerRequest: counts,
      skipped,
    };
    console.table(table);
    console.table(baselines);
    if (Object.keys(firstBytes).length) console.table(firstBytes);
    if (stream)
      console.table({
        [`${STREAM_TOTAL} records`]: {
          MB: round(stream.bytes / 1e6, 1),
          'ttfb ms': round(stream.ttfbMs, 1),
          'total ms': Math.round(stream.totalMs),
          'rss +MiB': stream.rssDeltaMiB,
        },
      });
    if (client)
      console.table({ 'cached GET (µs/call)': client.cachedGet, 'streamed list': client.streamedList });
    if (Object.keys(counts).length) console.table(counts);
    if (Object.keys(skipped).length) console.table(skipped);
    log(`load average at the end: ${report.machine.loadAverageAtEnd.join(' ')}`);
    const dir = resolve(__dirname, '../../bench/results');
    mkdirSync(dir, { recursive: true });
    const file = resolve(dir, `bench-${report.date.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(report, null, 2));
    log(`results written to ${file}`);
  } finally {
    server.kill('SIGTERM');
    await dropPrefix(prefix).catch(() => undefined);
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
