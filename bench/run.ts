import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { createApplicationKey } from '../src/auth/application-keys';
import { openCli, CliContext } from '../src/cli/context';
import { setupDatabase } from '../src/storage/setup';
import { createApp } from '../src/main';
import { DatabaseServer } from '../src/storage/database';
import { bareServer, handWrittenPartyServer } from './baselines';
import { clientOverhead } from './client-overhead';
import { load, LoadResult } from './load';
import { streamOnce, StreamResult } from './streaming';

/**
 * npm run bench: every scenario beside its baseline, in the same run, on the --demo large data set.
 * Needs DATABASE_URL (default: the machine's PostgreSQL) and REDIS_URL (default: the machine's Redis).
 */
export const DB = process.env.BENCH_DB ?? 'bench_large';
export const PORT = Number(process.env.BENCH_PORT ?? 8765);
const DURATION = Number(process.env.BENCH_DURATION ?? 6);
process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432';
process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
process.env.LOG_LEVEL ??= 'silent';

const PARTY_FIELDS = ['name', 'code', 'addresses.city', 'addresses.country.name', 'contact_mechanisms.value'];
const STREAM_TOTAL = 100_000;

function log(message: string): void {
  console.log(`[bench] ${message}`);
}

export async function prepare(ctx: CliContext): Promise<string> {
  if (!(await ctx.server.exists(DB))) {
    log(`creating ${DB} with --demo large (once; reused by later runs)`);
    const start = Date.now();
    await ctx.server.createDatabase(DB);
    await setupDatabase(ctx.server, ctx.pool, DB, { demo: 'large' });
    log(`demo large loaded in ${((Date.now() - start) / 1000).toFixed(1)} s`);
  }
  // Extra parties so that a streamed list reaches 100,000 records.
  await ctx.asRoot(DB, async (env) => {
    const Party = env.model('party.party');
    const count = await Party.searchCount(env, []);
    if (count < STREAM_TOTAL) {
      log(`adding ${STREAM_TOTAL - count} parties for the streaming scenario`);
      for (let done = count; done < STREAM_TOTAL; done += 10_000) {
        const n = Math.min(10_000, STREAM_TOTAL - done);
        await Party.create(
          env,
          Array.from({ length: n }, (_, i) => ({ name: `Stream ${done + i}`, code: `S${done + i}` })),
        );
      }
    }
  });
  return ctx.asRoot(DB, (env) => createApplicationKey(env, 'admin', 'rest'));
}

export function startServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [resolve(__dirname, '../src/cli/main.js'), 'serve'], {
    env: { ...process.env, PORT: String(PORT) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((done, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) done(child);
    });
    child.on('exit', (code) => fail(new Error(`server exited with ${code}`)));
  });
}

function get(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((done, fail) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
      .on('error', fail);
  });
}

const query = (params: [string, string][]) =>
  params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** SQL statements one request costs, counted in-process, for two page sizes. */
async function statementCounts(auth: Record<string, string>): Promise<Record<string, number>> {
  const { loadConfig } = await import('../src/config/config');
  const app = await createApp(loadConfig());
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const server = app.get(DatabaseServer);
  const counts: Record<string, number> = {};
  try {
    // Each request a different (equivalent) filter, so that none is answered from the cache.
    let variant = 1_000_000 + (Date.now() % 100_000) * 10;
    const path = (size: number) =>
      `/${DB}/rest/model/party.party?${query([['s', String(size)], ['d', b64([['id', '>', -++variant]])], ...PARTY_FIELDS.map((f): [string, string] => ['f', f])])}`;
    const base = url.replace('[::1]', '127.0.0.1');
    // Warm the access tables (loaded lazily on the first requests).
    await get(base + path(10), auth);
    await get(base + path(10), auth);
    for (const size of [10, 100]) {
      const before = server.counter.statements;
      const res = await get(base + path(size), auth);
      if (res.status !== 200)
        throw new Error(`statement count request failed: ${res.status} ${res.body.toString()}`);
      if (res.headers['x-cache'] === 'HIT') throw new Error('statement count request was a cache hit');
      counts[`page of ${size}`] = server.counter.statements - before;
    }
  } finally {
    await app.close();
  }
  return counts;
}

async function main(): Promise<void> {
  const ctx = await openCli();
  let key: string;
  try {
    key = await prepare(ctx);
  } finally {
    await ctx.close();
  }
  const auth = { Authorization: `Bearer ${key}` };
  const base = `http://127.0.0.1:${PORT}/${DB}/rest/model`;
  const results: LoadResult[] = [];
  const ratios: Record<string, number> = {};
  const server = await startServer();
  try {
    // 1. Cached GET of a 100-party page vs node:http sending the same bytes.
    const cachedUrl = `${base}/party.party?${query([
      ['s', '100'],
      ['f', 'name'],
      ['f', 'code'],
    ])}`;
    await get(cachedUrl, auth);
    const sample = await get(cachedUrl, auth);
    log(`cached page: ${sample.body.length} bytes, X-Cache ${String(sample.headers['x-cache'])}`);
    const bare = await bareServer(sample.body, { 'Content-Type': 'application/json' });
    results.push(await load({ name: 'baseline: node:http, same bytes', url: bare.url, duration: DURATION }));
    await bare.close();
    results.push(
      await load({ name: 'cached GET 100 parties', url: cachedUrl, headers: auth, duration: DURATION }),
    );
    ratios['cached GET / bare node:http'] = results[1].requestsPerSecond / results[0].requestsPerSecond;

    // 2. Uncached GET of 100 parties with nested fields vs the same SQL by hand (pg + JSON.stringify).
    const hand = await handWrittenPartyServer(`${process.env.DATABASE_URL}/${DB}`, 100);
    results.push(
      await load({ name: 'baseline: pg + JSON.stringify by hand', url: hand.url, duration: DURATION }),
    );
    await hand.close();
    let n = 0;
    const nestedPath = (k: number) =>
      `/${DB}/rest/model/party.party?${query([['s', '100'], ['d', b64([['id', '>', -k]])], ...PARTY_FIELDS.map((f): [string, string] => ['f', f])])}`;
    results.push(
      await load({
        name: 'uncached GET 100 parties, nested',
        url: `http://127.0.0.1:${PORT}${nestedPath(1)}`,
        headers: auth,
        duration: DURATION,
        setupRequest: (req) => ({ ...req, path: nestedPath(++n + 1) }),
      }),
    );
    ratios['uncached nested GET / hand-written pg'] =
      results[3].requestsPerSecond / results[2].requestsPerSecond;

    // 3. A single product with usage web_shop (rotating over the products: first misses, then hits).
    const products = JSON.parse((await get(`${base}/product.product?f=id&s=1000`, auth)).body.toString()) as {
      id: number;
    }[];
    let p = 0;
    results.push(
      await load({
        name: 'GET product, usage web_shop',
        url: `${base}/product.product/${products[0].id}`,
        headers: { ...auth, 'X-Tryton-Usage': 'web_shop' },
        duration: DURATION,
        setupRequest: (req) => ({
          ...req,
          path: `/${DB}/rest/model/product.product/${products[p++ % products.length].id}`,
        }),
      }),
    );

    // 4. A create.
    let c = 0;
    results.push(
      await load({
        name: 'POST party (create)',
        url: `${base}/party.party`,
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        duration: DURATION,
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ name: `Bench ${++c}` }) }),
      }),
    );

    // 5. The sale quote button, each request on another draft sale.
    const drafts = JSON.parse(
      (
        await get(
          `${base}/sale.sale?${query([
            ['d', JSON.stringify([['state', '=', 'draft']])],
            ['f', 'id'],
          ])}`,
          auth,
        )
      ).body.toString(),
    ) as { id: number }[];
    let q = 0;
    results.push(
      await load({
        name: 'POST sale quote (button)',
        url: `${base}/sale.sale/${drafts[0].id}/quote`,
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        duration: Math.min(DURATION, 4),
        connections: 10,
        setupRequest: (req) => ({
          ...req,
          path: `/${DB}/rest/model/sale.sale/${drafts[q++ % drafts.length].id}/quote`,
          body: '{}',
        }),
      }),
    );

    // 6. Streaming: time to first byte and memory, 10 vs 10,000 vs 100,000 records.
    const streams: Record<string, StreamResult> = {};
    // Each size: a warm-up, then the median (by time to first byte) of several uncached runs.
    let streamVariant = 2_000_000 + (Date.now() % 100_000) * 10;
    const streamUrl = (size: number) =>
      `${base}/party.party?${query([
        ['s', String(size)],
        ['d', b64([['id', '>', -++streamVariant]])],
        ['f', 'name'],
        ['f', 'code'],
      ])}`;
    for (const size of [10, 10_000, 100_000]) {
      await streamOnce(streamUrl(size), auth, server.pid!);
      const runs: StreamResult[] = [];
      for (let i = 0; i < (size === 100_000 ? 3 : 7); i++)
        runs.push(await streamOnce(streamUrl(size), auth, server.pid!));
      runs.sort((x, y) => x.ttfbMs - y.ttfbMs);
      const median = runs[Math.floor(runs.length / 2)];
      // Memory: the largest rise over the runs.
      streams[`${size} records`] = { ...median, rssDeltaMiB: Math.max(...runs.map((r) => r.rssDeltaMiB)) };
    }
    ratios['TTFB 10,000 / TTFB 10'] = streams['10000 records'].ttfbMs / streams['10 records'].ttfbMs;

    // 7. The TypeScript client's overhead over raw undici: a cached GET, a streamed list.
    log('client overhead against raw undici');
    const client = await clientOverhead(`http://127.0.0.1:${PORT}/${DB}`, key, {
      model: 'party.party',
      id: 1,
      fields: ['name', 'code'],
      calls: 2000,
    });

    const counts = await statementCounts(auth);
    const report = {
      date: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      durationSeconds: DURATION,
      load: results,
      ratios: Object.fromEntries(Object.entries(ratios).map(([k, v]) => [k, Math.round(v * 100) / 100])),
      streaming: streams,
      client,
      sqlStatementsPerRequest: counts,
    };
    console.table(
      results.map((r) => ({
        scenario: r.name,
        'req/s': r.requestsPerSecond,
        'p50 ms': r.latencyP50,
        'p99 ms': r.latencyP99,
        errors: r.errors,
        non2xx: r.non2xx,
      })),
    );
    console.table(report.ratios);
    console.table(
      Object.fromEntries(
        Object.entries(streams).map(([k, s]) => [
          k,
          {
            records: s.records,
            MB: Math.round(s.bytes / 1e5) / 10,
            'ttfb ms': Math.round(s.ttfbMs * 10) / 10,
            'total ms': Math.round(s.totalMs),
            'rss +MiB': s.rssDeltaMiB,
          },
        ]),
      ),
    );
    console.table({ 'cached GET (µs/call)': client.cachedGet, 'streamed list': client.streamedList });
    console.table(counts);
    const dir = resolve(__dirname, '../../bench/results');
    mkdirSync(dir, { recursive: true });
    const file = resolve(dir, `bench-${report.date.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(report, null, 2));
    log(`results written to ${file}`);
  } finally {
    server.kill('SIGTERM');
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
