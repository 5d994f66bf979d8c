/**
 * npm run fuzz: the seeded grammar-aware fuzzer against `nest-tryton serve` in its own process, over
 * a fresh database of every business module (with demo data). Prints counts by status and kind,
 * answers >= 500, requests over 5 s, whether the process is alive (and exits 0 on SIGTERM), and its
 * memory before and after. Exits 1 when any of those fails.
 *
 *   FUZZ_REQUESTS (20000)  FUZZ_SEED (20261201)  FUZZ_CONCURRENCY (8)  FUZZ_DEMO (small, or none)
 *   DATABASE_URL / REDIS_URL as for serve.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApplicationKey } from '../src/auth/application-keys';
import { openCli } from '../src/cli/context';
import { setupDatabase } from '../src/storage/setup';
import { FuzzTarget, fuzzRequests } from './fuzz/grammar';
import { percentile, sendAll } from './fuzz/send';

const count = Number(process.env.FUZZ_REQUESTS ?? 20_000);
const seed = Number(process.env.FUZZ_SEED ?? 20261201);
const concurrency = Number(process.env.FUZZ_CONCURRENCY ?? 8);
const demo = process.env.FUZZ_DEMO ?? 'small';
const SLOW_MS = 5000;

const WRITABLE = [
  'party.party',
  'party.category',
  'party.address',
  'party.contact_mechanism',
  'product.template',
  'product.product',
  'product.category',
  'web.shop',
  'country.country',
  'country.subdivision',
  'sale.sale',
  'sale.line',
  'currency.currency',
];

async function memory(base: string, token: string): Promise<{ rssMB: number; heapMB: number }> {
  const text = await (
    await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${token}` } })
  ).text();
  const metric = (name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    rssMB: Math.round(metric('process_resident_memory_bytes') / 1e5) / 10,
    heapMB: Math.round(metric('nodejs_heap_size_used_bytes') / 1e5) / 10,
  };
}

async function main(): Promise<void> {
  const ctx = await openCli();
  const db = `fuzz_${randomBytes(4).toString('hex')}`;
  const token = randomBytes(16).toString('hex');
  console.log(`fuzz: ${count} requests, seed ${seed}, concurrency ${concurrency}, database ${db}`);
  await ctx.server.createDatabase(db, { exclusive: true });
  let passed: boolean | undefined;
  try {
    await setupDatabase(ctx.server, ctx.pool, db, demo === 'none' ? {} : { demo });
    const key = await ctx.asRoot(db, (env) => createApplicationKey(env, 'admin'));
    const models = ctx.pool.all().filter((m) => !m._internal);
    const fieldsOf = (name: string) => Object.keys(ctx.pool.get(name)._fields).slice(0, 30);
    const target: FuzzTarget = {
      db,
      key,
      models: Object.fromEntries(models.map((m) => [m.__name__, fieldsOf(m.__name__)])),
      writable: WRITABLE.filter((m) => ctx.pool.has(m)),
      tables: Object.fromEntries(models.map((m) => [m.__name__, ['id', ...fieldsOf(m.__name__)]])),
      writableTables: WRITABLE.filter((m) => ctx.pool.has(m)),
      methods: [...new Set(models.flatMap((m) => [...Object.keys(m._buttons), ...Object.keys(m._rpc)]))],
      reports: ['sale.sale', 'res.user.email_reset_password'],
      logins: ['admin', 'nobody'],
    };

    const child = spawn(process.execPath, [join(__dirname, '..', 'src', 'cli', 'main.js'), 'serve'], {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        METRICS_TOKEN: token,
        // Keyless requests are part of the grammar: without this most would be 429s.
        RATE_LIMIT_ANONYMOUS: '0',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Whatever happens to the runner, the server it started goes with it.
    process.on('exit', () => child.exitCode === null && child.kill('SIGKILL'));
    const base = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]);
      });
      void exited.then((code) => reject(new Error(`serve exited with ${code}: ${out}`)));
    });
    const before = await memory(base, token);
    const started = Date.now();
    const stats = await sendAll(base, fuzzRequests(seed, target), count, {
      concurrency,
      slowMs: SLOW_MS,
      onProgress: (done) => process.stdout.write(`\r${done}/${count}`),
    });
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write('\n');
    await new Promise((r) => setTimeout(r, 3000));
    const alive =
      child.exitCode === null &&
      (await fetch(`${base}/health/live`)
        .then((r) => r.status)
        .catch(() => 0)) === 200;
    const after = alive ? await memory(base, token) : null;
    child.kill('SIGTERM');
    const sigtermExit = await exited;

    const report = {
      seed,
      requests: stats.sent,
      seconds,
      perSecond: Math.round(stats.sent / seconds),
      statuses: stats.statuses,
      kinds: stats.kinds,
      serverErrors: stats.serverErrors.length,
      over5s: stats.slow.length,
      cutTransfers: stats.aborted,
      unsendable: stats.unsendable,
      latencyMs: {
        p50: Math.round(percentile(stats.durations, 50)),
        p99: Math.round(percentile(stats.durations, 99)),
        max: Math.round(stats.maxMs),
      },
      alive,
      sigtermExit,
      memory: { before, after },
    };
    console.log(JSON.stringify(report, null, 2));
    for (const e of stats.serverErrors.slice(0, 10))
      console.log(`5xx: ${e.status} ${e.request}\n     ${e.body}`);
    for (const s of stats.slow.slice(0, 10)) console.log(`slow: ${s.ms} ms ${s.request}`);
    const dir = join(__dirname, '..', '..', 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, `fuzz-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
      JSON.stringify(report, null, 2),
    );
    const ok = stats.serverErrors.length === 0 && stats.slow.length === 0 && alive && sigtermExit === 0;
    console.log(ok ? 'fuzz: OK' : 'fuzz: FAILED');
    passed = ok;
  } finally {
    await ctx.server.dropDatabase(db).catch(() => undefined);
    await ctx.close();
  }
  process.exit(passed ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
