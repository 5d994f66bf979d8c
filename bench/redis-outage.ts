import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createConnection, createServer } from 'node:net';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApplicationKey } from '../src/auth/application-keys';
import { openCli } from '../src/cli/context';
import { setupDatabase } from '../src/storage/setup';
import { load, LoadResult } from './load';

/**
 * npm run bench:outage: the check "Redis stopped (and Redis frozen with SIGSTOP) during a load run:
 * zero failed requests; restarted: hits resume", against a server process of its own and a
 * redis-server of its own on a free port (never the shared one on 6379).
 *
 * Phases, each an autocannon run on one cached GET:
 *   a. Redis up (after warm-up: HITs expected);
 *   b. Redis frozen (SIGSTOP) during the load, then thawed: HITs must come back;
 *   c. Redis killed during the load, left down;
 *   d. Redis restarted on the same port during the load: HITs must come back.
 * Exits non-zero if any request failed (load or samples) or hits did not resume.
 */
const DB = process.env.BENCH_DB ?? 'bench_large';
/** Used when DB does not exist: a small demo database (created once). */
const FALLBACK_DB = 'bench_outage_small';
const PORT = Number(process.env.BENCH_PORT ?? 8766);
const PHASE_SECONDS = Number(process.env.OUTAGE_PHASE_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.OUTAGE_CONNECTIONS ?? 10);
/** When the outage starts, after the load started. */
const EVENT_AFTER_MS = 1000;
/** Bound of every wait for HITs to come back. */
const RESUME_LIMIT_MS = 20_000;
const SAMPLE_INTERVAL_MS = 200;
const SAMPLE_TIMEOUT_MS = 5000;
const KILL_SIGNAL: NodeJS.Signals = process.env.OUTAGE_KILL_SIGNAL === 'SIGTERM' ? 'SIGTERM' : 'SIGKILL';
process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432';
process.env.LOG_LEVEL = 'silent';

function log(message: string): void {
  console.log(`[outage] ${message}`);
}

/** A port nobody listens on right now (on 127.0.0.1). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** One PING over a raw socket: true when the server answers +PONG within `ms`. */
function ping(port: number, ms: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      done(ok);
    };
    const timer = setTimeout(() => finish(false), ms);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => finish(chunk.toString().startsWith('+PONG')));
    socket.on('error', () => finish(false));
  });
}

/** A private redis-server child process that this benchmark freezes, kills and restarts. */
class PrivateRedis {
  private child: ChildProcess | null = null;
  private frozen = false;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    if (this.child) throw new Error('redis-server already running');
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
      ],
      { stdio: 'ignore' },
    );
    this.child = child;
    this.frozen = false;
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    for (let i = 0; i < 100; i++) {
      if (child.exitCode !== null) break;
      if (await ping(this.port, 500)) return;
      await sleep(50);
    }
    this.killNow();
    throw new Error(`redis-server did not start on port ${this.port}`);
  }

  freeze(): void {
    if (!this.child) throw new Error('redis-server not running');
    this.child.kill('SIGSTOP');
    this.frozen = true;
  }

  thaw(): void {
    if (this.child && this.frozen) this.child.kill('SIGCONT');
    this.frozen = false;
  }

  /** Kills it with `signal` and waits for its exit (bounded; SIGKILL after 5 s). */
  async kill(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    // A stopped process only acts on SIGTERM once continued.
    if (signal !== 'SIGKILL') this.thaw();
    child.kill(signal);
    const timedOut = await Promise.race([exited.then(() => false), sleep(5000).then(() => true)]);
    if (timedOut) {
      child.kill('SIGKILL');
      await exited;
    }
    this.frozen = false;
    if (this.child === child) this.child = null;
  }

  /** Synchronous last resort (process 'exit'). */
  killNow(): void {
    if (!this.child) return;
    try {
      this.child.kill('SIGCONT');
      this.child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

function startServer(redisUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [resolve(__dirname, '../src/cli/main.js'), 'serve'], {
    env: { ...process.env, PORT: String(PORT), REDIS_URL: redisUrl, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error('server did not listen within 60 s'));
    }, 60_000);
    // Keeps reading stdout for the server's whole life, so that it never blocks on a full pipe.
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) {
        clearTimeout(timer);
        done(child);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code ?? signal}`));
    });
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  if (await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)])) {
    child.kill('SIGKILL');
    await exited;
  }
}

interface Sample {
  /** Milliseconds since the phase started. */
  at: number;
  status: number;
  /** X-Cache header, or 'ERROR: ...' when the request failed. */
  cache: string;
  ms: number;
}

/** One GET with node:http; never rejects, never waits longer than SAMPLE_TIMEOUT_MS. */
function sample(url: string, headers: Record<string, string>, origin: number): Promise<Sample> {
  const start = performance.now();
  return new Promise((done) => {
    const finish = (status: number, cache: string) =>
      done({
        at: Math.round(Date.now() - origin),
        status,
        cache,
        ms: +(performance.now() - start).toFixed(1),
      });
    const req = http.get(url, { headers, timeout: SAMPLE_TIMEOUT_MS }, (res) => {
      res.resume();
      res.on('end', () => finish(res.statusCode ?? 0, String(res.headers['x-cache'] ?? 'none')));
      res.on('error', (e) => finish(0, `ERROR: ${e.message}`));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => finish(0, `ERROR: ${e.message}`));
  });
}

function distribution(samples: Sample[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of samples) counts[s.cache] = (counts[s.cache] ?? 0) + 1;
  return counts;
}

interface PhaseReport {
  phase: string;
  event: string;
  load: LoadResult;
  failed: number;
  samples: Sample[];
  /** X-Cache of the samples taken during the load after the event (all of them when there is none). */
  xCache: Record<string, number>;
  sampleFailures: number;
  /** Milliseconds from the recovery action (thaw, restart) to the first HIT; null: none within the bound. */
  hitsResumedMs?: number | null;
}

interface PhaseOptions {
  phase: string;
  event: string;
  url: string;
  auth: Record<string, string>;
  /** Done EVENT_AFTER_MS into the load (the outage, or the restart). */
  action?: () => Promise<void> | void;
  /** Whether the action itself is the recovery (restart): hits must come back after it. */
  recovers?: boolean;
  /** Done after the load (thaw): hits must come back after it. */
  recover?: () => void;
}

/**
 * One load run with an event in its course, node:http samples of X-Cache beside it, and when the
 * phase recovers, samples until the first HIT (bounded by RESUME_LIMIT_MS from the recovery).
 */
async function phase(options: PhaseOptions): Promise<PhaseReport> {
  const origin = Date.now();
  const since = () => Date.now() - origin;
  let eventAt: number | null = null;
  let recoveredAt: number | null = null;
  let loading = true;
  const running = load({
    name: options.phase,
    url: options.url,
    headers: options.auth,
    connections: CONNECTIONS,
    duration: PHASE_SECONDS,
  }).finally(() => (loading = false));
  const samples: Sample[] = [];
  let firstHit: number | null = null;
  const take = async () => {
    const s = await sample(options.url, options.auth, origin);
    samples.push(s);
    if (s.cache === 'HIT' && recoveredAt !== null && s.at >= recoveredAt) firstHit ??= s.at;
  };
  const maxSamples = Math.ceil((PHASE_SECONDS * 1000 + RESUME_LIMIT_MS) / SAMPLE_INTERVAL_MS) + 10;
  const sampler = (async () => {
    while (loading && samples.length < maxSamples) {
      await take();
      await sleep(SAMPLE_INTERVAL_MS);
    }
  })();
  if (options.action) {
    await sleep(EVENT_AFTER_MS);
    await options.action();
    eventAt = since();
    if (options.recovers) recoveredAt = eventAt;
    log(`${options.phase}: ${options.event} at ${eventAt} ms`);
  }
  const result = await running;
  const loadEndAt = since();
  await sampler;
  if (options.recover) {
    options.recover();
    recoveredAt = since();
    log(`${options.phase}: recovered at ${recoveredAt} ms`);
  }
  if (recoveredAt !== null) {
    // Faster sampling after the load, bounded in count and time.
    while (firstHit === null && since() - recoveredAt < RESUME_LIMIT_MS && samples.length < 2 * maxSamples) {
      await take();
      if (firstHit === null) await sleep(50);
    }
  }
  // The X-Cache distribution during the load, after the event.
  const after = samples.filter((s) => s.at >= (eventAt ?? 0) && s.at <= loadEndAt);
  const report: PhaseReport = {
    phase: options.phase,
    event: options.event,
    load: result,
    failed: result.errors + result.non2xx,
    samples,
    xCache: distribution(after),
    sampleFailures: samples.filter((s) => s.status !== 200).length,
  };
  if (recoveredAt !== null) report.hitsResumedMs = firstHit === null ? null : firstHit - recoveredAt;
  return report;
}

/** GETs (bounded in count and time) until X-Cache: HIT; the milliseconds it took, or null. */
async function untilHit(
  url: string,
  auth: Record<string, string>,
  samples: Sample[],
): Promise<number | null> {
  const start = Date.now();
  for (let i = 0; i < RESUME_LIMIT_MS / 50 && Date.now() - start < RESUME_LIMIT_MS; i++) {
    const s = await sample(url, auth, start);
    samples.push(s);
    if (s.cache === 'HIT') return Date.now() - start;
    await sleep(50);
  }
  return null;
}

async function prepare(): Promise<{ db: string; key: string }> {
  const ctx = await openCli();
  try {
    let db = DB;
    if (!(await ctx.server.exists(db))) {
      db = FALLBACK_DB;
      if (!(await ctx.server.exists(db))) {
        log(`${DB} is missing: creating ${db} with --demo small`);
        await ctx.server.createDatabase(db);
        await setupDatabase(ctx.server, ctx.pool, db, { demo: 'small' });
      } else log(`${DB} is missing: using ${db}`);
    }
    const key = await ctx.asRoot(db, (env) => createApplicationKey(env, 'admin', 'rest'));
    return { db, key };
  } finally {
    await ctx.close();
  }
}

async function main(): Promise<number> {
  const { db, key } = await prepare();
  const auth = { Authorization: `Bearer ${key}` };
  const url = `http://127.0.0.1:${PORT}/${db}/rest/model/party.party?s=20&f=name`;
  const redis = new PrivateRedis(await freePort());
  let server: ChildProcess | null = null;
  const lastResort = () => {
    redis.killNow();
    if (server && server.exitCode === null) server.kill('SIGKILL');
  };
  process.once('exit', lastResort);
  const interrupted = () => {
    lastResort();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  const phases: PhaseReport[] = [];
  const problems: string[] = [];
  let serverExit: string | null = null;
  let stopping = false;
  try {
    await redis.start();
    log(`redis-server pid ${redis.pid} on port ${redis.port}`);
    server = await startServer(redis.url);
    server.once('exit', (code, signal) => {
      if (!stopping) serverExit = `server exited during the run: ${code ?? signal}`;
    });
    log(`server pid ${server.pid} on port ${PORT}, database ${db}`);

    // Warm-up: the entry is filled, then served from Redis.
    const warm: Sample[] = [];
    const warmHit = await untilHit(url, auth, warm);
    log(`warm-up: ${warm.map((s) => `${s.status} ${s.cache}`).join(', ')}`);
    if (warmHit === null) problems.push('no HIT after warm-up with Redis up');

    phases.push(await phase({ phase: 'a. Redis up', event: 'none', url, auth }));

    phases.push(
      await phase({
        phase: 'b. Redis frozen (SIGSTOP)',
        event: 'SIGSTOP to redis-server (SIGCONT after the load)',
        url,
        auth,
        action: () => redis.freeze(),
        recover: () => redis.thaw(),
      }),
    );

    phases.push(
      await phase({
        phase: `c. Redis killed (${KILL_SIGNAL})`,
        event: `${KILL_SIGNAL} to redis-server`,
        url,
        auth,
        action: () => redis.kill(KILL_SIGNAL),
      }),
    );

    phases.push(
      await phase({
        phase: 'd. Redis restarted',
        event: `redis-server restarted on port ${redis.port}`,
        url,
        auth,
        action: () => redis.start(),
        recovers: true,
      }),
    );
    log(`d: redis-server pid ${redis.pid}`);
  } finally {
    stopping = true;
    redis.thaw();
    if (server) await stopServer(server);
    await redis.kill('SIGTERM');
    process.removeListener('exit', lastResort);
  }

  if (serverExit) problems.push(serverExit);
  for (const p of phases) {
    if (p.failed) problems.push(`${p.phase}: ${p.failed} failed requests in the load`);
    if (p.sampleFailures) problems.push(`${p.phase}: ${p.sampleFailures} failed sample requests`);
    if (p.hitsResumedMs === null) problems.push(`${p.phase}: no HIT within ${RESUME_LIMIT_MS / 1000} s`);
  }
  if (phases[0] && !phases[0].xCache.HIT) problems.push('a. Redis up: no HIT among the samples');

  console.table(
    phases.map((p) => ({
      phase: p.phase,
      'req/s': p.load.requestsPerSecond,
      'p50 ms': p.load.latencyP50,
      'p99 ms': p.load.latencyP99,
      requests: p.load.total,
      'errors+non2xx': p.failed,
      'X-Cache (samples after event)': Object.entries(p.xCache)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
      'hits resumed ms': p.hitsResumedMs === undefined ? '' : (p.hitsResumedMs ?? 'NO'),
    })),
  );
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version },
    database: db,
    url: url.replace(/^http:\/\/[^/]+/, ''),
    connections: CONNECTIONS,
    phaseSeconds: PHASE_SECONDS,
    eventAfterMs: EVENT_AFTER_MS,
    resumeLimitMs: RESUME_LIMIT_MS,
    phases,
    ok: problems.length === 0,
    problems,
  };
  const dir = resolve(__dirname, '../../bench/results');
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, `outage-${report.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2));
  log(`results written to ${file}`);
  for (const problem of problems) log(`FAILED: ${problem}`);
  log(problems.length ? 'check failed' : 'check passed: zero failed requests, hits resumed');
  return problems.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
