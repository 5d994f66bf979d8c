import http from 'node:http';
import type { FuzzRequest } from './grammar';

export interface FuzzStats {
  sent: number;
  /** Answers by HTTP status. */
  statuses: Record<string, number>;
  /** Requests by grammar kind. */
  kinds: Record<string, number>;
  /** Answers of 500 and more, the first ones described. */
  serverErrors: { request: string; status: number; body: string }[];
  /** Requests that took longer than the slow threshold (or got no answer within it). */
  slow: { request: string; ms: number }[];
  /** Transfers the server cut (a stream aborted, a socket closed): counted, not failures by themselves. */
  aborted: number;
  /** Requests Node's client refused to send (invalid header characters): the grammar's own misses. */
  unsendable: number;
  maxMs: number;
  durations: number[];
}

const describe = (r: FuzzRequest) =>
  `${r.kind} ${r.method} ${r.path.slice(0, 300)} ${JSON.stringify(r.headers).slice(0, 300)} ${
    r.body ? r.body.subarray(0, 200).toString('latin1') : ''
  }`;

/** One request; resolves with its status (0: cut, -1: not sendable) and duration. */
function sendOne(
  agent: http.Agent,
  base: URL,
  request: FuzzRequest,
  slowMs: number,
): Promise<{ status: number; ms: number; body: string }> {
  return new Promise((resolve) => {
    const start = performance.now();
    const done = (status: number, body = '') => resolve({ status, ms: performance.now() - start, body });
    let req: http.ClientRequest;
    try {
      req = http.request({
        agent,
        host: base.hostname,
        port: base.port,
        method: request.method,
        path: request.path,
        headers: { ...request.headers, ...(request.body ? { 'Content-Length': request.body.length } : {}) },
      });
    } catch {
      done(-1);
      return;
    }
    // No answer after twice the slow threshold: give up (counted slow).
    req.setTimeout(slowMs * 2, () => req.destroy(new Error('timeout')));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < 4096) chunks.push(c);
        size += c.length;
      });
      res.on('end', () => done(res.complete ? res.statusCode! : 0, Buffer.concat(chunks).toString()));
      res.on('error', () => done(0));
      res.on('aborted', () => done(0));
    });
    req.on('error', (e) => done(e.message === 'timeout' ? -2 : 0));
    req.end(request.body);
  });
}

/** Sends every request, `concurrency` at a time, and counts what came back. */
export async function sendAll(
  baseUrl: string,
  next: () => FuzzRequest,
  count: number,
  options: { concurrency?: number; slowMs?: number; onProgress?: (done: number) => void } = {},
): Promise<FuzzStats> {
  const base = new URL(baseUrl);
  const concurrency = options.concurrency ?? 8;
  const slowMs = options.slowMs ?? 5000;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const stats: FuzzStats = {
    sent: 0,
    statuses: {},
    kinds: {},
    serverErrors: [],
    slow: [],
    aborted: 0,
    unsendable: 0,
    maxMs: 0,
    durations: [],
  };
  let issued = 0;
  const worker = async () => {
    while (issued < count) {
      issued++;
      const request = next();
      stats.kinds[request.kind] = (stats.kinds[request.kind] ?? 0) + 1;
      const { status, ms, body } = await sendOne(agent, base, request, slowMs);
      stats.sent++;
      if (status === -1) {
        stats.unsendable++;
        continue;
      }
      stats.durations.push(ms);
      stats.maxMs = Math.max(stats.maxMs, ms);
      if (ms > slowMs || status === -2) stats.slow.push({ request: describe(request), ms: Math.round(ms) });
      if (status === 0) stats.aborted++;
      if (status === -2) continue;
      const key = status === 0 ? 'cut' : String(status);
      stats.statuses[key] = (stats.statuses[key] ?? 0) + 1;
      if (status >= 500 && stats.serverErrors.length < 20)
        stats.serverErrors.push({ request: describe(request), status, body: body.slice(0, 500) });
      else if (status >= 500) stats.serverErrors.push({ request: '', status, body: '' });
      if (stats.sent % 1000 === 0) options.onProgress?.(stats.sent);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return stats;
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
