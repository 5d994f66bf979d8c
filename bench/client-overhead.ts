import { Pool } from 'undici';
import { Client } from 'nest-tryton-client';

export interface ClientOverhead {
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
    const time = async (fn: () => Promise<unknown>) => {
      for (let i = 0; i < 50; i++) await fn(); // warm-up (and the server's cache)
      const start = process.hrtime.bigint();
      for (let i = 0; i < options.calls; i++) await fn();
      return Number(process.hrtime.bigint() - start) / 1e3 / options.calls;
    };
    // Alternate to even out the machine's noise.
    const raws: number[] = [];
    const clients: number[] = [];
    for (let round_ = 0; round_ < 3; round_++) {
      raws.push(await time(rawGet));
      clients.push(await time(clientGet));
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
    global.gc?.();
    let heapBefore = process.memoryUsage().heapUsed;
    let stop = sampleHeap();
    let start = process.hrtime.bigint();
    const res = await pool.request({ method: 'GET', path: listPath, headers: auth, bodyTimeout: 120_000 });
    const all = (await res.body.json()) as unknown[];
    const rawMs = Number(process.hrtime.bigint() - start) / 1e6;
    const rawPeak = stop() - heapBefore;
    const records = all.length;
    all.length = 0;
    global.gc?.();
    heapBefore = process.memoryUsage().heapUsed;
    stop = sampleHeap();
    start = process.hrtime.bigint();
    let streamed = 0;
    for await (const record of client.searchAll(options.model, [], { fields: options.fields })) {
      if (record.id) streamed++;
    }
    const clientMs = Number(process.hrtime.bigint() - start) / 1e6;
    const clientPeak = stop() - heapBefore;
    if (streamed !== records) throw new Error(`streamed ${streamed} records, raw undici read ${records}`);
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
