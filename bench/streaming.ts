import { readFileSync } from 'node:fs';
import http from 'node:http';

/** Resident memory of a process (bytes), from /proc. */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

export interface StreamResult {
  records: number;
  bytes: number;
  ttfbMs: number;
  totalMs: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
  rssDeltaMiB: number;
}

/** GETs a list, timing the first byte and the whole answer while sampling the server's memory. */
export function streamOnce(
  url: string,
  headers: Record<string, string>,
  serverPid: number | null,
): Promise<StreamResult> {
  const rss = (pid: number | null) => (pid === null ? 0 : rssOf(pid));
  return new Promise((done, fail) => {
    const before = rss(serverPid);
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rss(serverPid));
    }, 10);
    const start = process.hrtime.bigint();
    let first = 0n;
    let bytes = 0;
    let tail = '';
    let commas = 0;
    const req = http.get(url, { headers }, (res) => {
      res.on('data', (chunk: Buffer) => {
        if (!first) first = process.hrtime.bigint();
        bytes += chunk.length;
        // Count records cheaply: each has one "id" (the lists read have no nested records; Tryton
        // writes `"id": ` after `"__name__"`, we write `{"id":`). The tail kept is one byte shorter
        // than the pattern, so a match is never counted twice.
        const text = tail + chunk.toString('latin1');
        commas += text.split('"id":').length - 1;
        tail = text.slice(-4);
      });
      res.on('end', () => {
        clearInterval(sampler);
        peak = Math.max(peak, rss(serverPid));
        const end = process.hrtime.bigint();
        const mib = (b: number) => Math.round((b / 1048576) * 10) / 10;
        done({
          records: commas,
          bytes,
          ttfbMs: Number(first - start) / 1e6,
          totalMs: Number(end - start) / 1e6,
          rssBeforeMiB: mib(before),
          rssPeakMiB: mib(peak),
          rssDeltaMiB: mib(peak - before),
        });
      });
    });
    req.on('error', (e) => {
      clearInterval(sampler);
      fail(e);
    });
  });
}
