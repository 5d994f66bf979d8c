import { Pool } from 'undici';
import { Client } from 'nest-tryton-client';

export interface ClientOverhead {
  /** Median latency per call, µs. */
  cachedGet: { calls: number; rawUndiciUs: number; clientUs: number; ratio: number };
  streamedList: {
    records: number;
    rawUndiciMs: number;
    clientMs: number;
    ratio: number;
    rawHeapPeakMiB: number;
    clientHeapPeakMiB: number;
  };
}

const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * The client's cost over raw undici on the same requests: one cached GET repeated (the client
 * revalidates with If-None-Match and builds a Record; raw undici reads the cached 200 and JSON.parses
 * it), and one streamed list (the client parses and yields Records as they arrive; raw undici buffers
 * the body and JSON.parses it whole).
 */
export async function clientOverhead(
  databaseUrl: string,
  key: string,
  options: { model: string; id: number; fields: string[]; calls: number },
): Promise<ClientOverhead> {
  const url = new URL(databaseUrl);
  const auth = { authorization: `Bearer ${key}`, accept: 'application/json' };
  const query = options.fields.map((f) => `f=${encodeURIComponent(f)}`).join('&');
  const getPath = `${url.pathname}/rest/model/${options.model}/${options.id}?${query}`;
  const listPath = `${url.pathname}/rest/model/${options.model}?${query}`;
  const pool = new Pool(url.origin, { connections: 4 });
  const client = new Client(databaseUrl, key, { pool: { connections: 4 }, timeout: 120_000 });
  try {
    const rawGet = async () => {
      const res = await pool.request({ method: 'GET', path: getPath, headers: auth });
      return res.body.json();
    };
    const clientGet = () => client.get(options.model, options.id, { fields: options.fields });
    // Interleaved call by call, medians of the per-call latencies: the machine's load drifts,
    // and this way it weighs on both sides alike.
    for (let i = 0; i < 50; i++) {
      await rawGet(); // warm-up (and the server's cache)
      await clientGet();
    }
    const raws: number[] = [];
    const clients: number[] = [];
    const elapsedUs = async (fn: () => Promise<unknown>) => {
      const start = process.hrtime.bigint();
      await fn();
      return Number(process.hrtime.bigint() - start) / 1e3;
    };
    for (let i = 0; i < options.calls; i++) {
      raws.push(await elapsedUs(rawGet));
      clients.push(await elapsedUs(clientGet));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const rawUs = median(raws);
    const clientUs = median(clients);

    const sampleHeap = () => {
      let peak = process.memoryUsage().heapUsed;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
      return () => {
        clearInterval(timer);
        return Math.max(peak, process.memoryUsage().heapUsed);
      };
    };
    const measure = async (fn: () => Promise<number>) => {
      global.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      const stop = sampleHeap();
      const begin = process.hrtime.bigint();
      const count = await fn();
      const ms = Number(process.hrtime.bigint() - begin) / 1e6;
      return { ms, peak: stop() - heapBefore, count };
    };
    const rawList = async () => {
      const res = await pool.request({ method: 'GET', path: listPath, headers: auth, bodyTimeout: 120_000 });
      return ((await res.body.json()) as unknown[]).length;
    };
    const clientList = async () => {
      let streamed = 0;
      for await (const record of client.searchAll(options.model, [], { fields: options.fields })) {
        if (record.id) streamed++;
      }
      return streamed;
    };
    const rawRuns = [];
    const clientRuns = [];
    for (let run = 0; run < 3; run++) {
      rawRuns.push(await measure(rawList));
      clientRuns.push(await measure(clientList));
    }
    const records = rawRuns[0].count;
    if (clientRuns.some((r) => r.count !== records))
      throw new Error('the client and raw undici read different counts');
    const rawMs = median(rawRuns.map((r) => r.ms));
    const clientMs = median(clientRuns.map((r) => r.ms));
    const rawPeak = Math.max(...rawRuns.map((r) => r.peak));
    const clientPeak = Math.max(...clientRuns.map((r) => r.peak));
    return {
      cachedGet: {
        calls: options.calls,
        rawUndiciUs: round(rawUs),
        clientUs: round(clientUs),
        ratio: round(clientUs / rawUs, 2),
      },
      streamedList: {
        records,
        rawUndiciMs: Math.round(rawMs),
        clientMs: Math.round(clientMs),
        ratio: round(clientMs / rawMs, 2),
        rawHeapPeakMiB: mib(rawPeak),
        clientHeapPeakMiB: mib(clientPeak),
      },
    };
  } finally {
    await client.close();
    await pool.close();
  }
}
