/**
 * npm run bench:storefront — not a test. Chromium with mobile emulation (a phone's viewport, CPU
 * throttled 4x, Lighthouse's "slow 4G" network) loads the home, a category and a product page,
 * streamed and buffered, cache warm and cold, N runs each (20 by default, BENCH_RUNS), and prints
 * the medians of TTFB, FCP and LCP. Results also go to bench/results/storefront-<date>.json.
 *
 * cold: a fresh browser context (empty HTTP cache: stylesheet and pictures fetched again), the
 *       storefront's ETag store emptied and the API's cache invalidated for the database.
 * warm: the same browser context as the previous run, every cache filled by a first visit.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MemoryEtagStore, type CachedAnswer, type EtagStore } from 'nest-tryton-client';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { MODEL_GENERATIONS, WHOLE_DATABASE, type CacheStore } from 'nest-tryton';
import { CHROMIUM, CHROMIUM_FLAGS } from '../support/chromium';
import { startShopStack, type ShopStack } from '../support/stack';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const PAGES = [
  ['home', '/fr/'],
  ['category', '/fr/category/1'],
  ['product', '/fr/product/1'],
] as const;
const MODES = ['stream', 'buffer'] as const;
const CACHES = ['warm', 'cold'] as const;

/** Lighthouse's DevTools throttling for "slow 4G" (RTT 150 ms × 3.75, 1.6 Mbps × 0.9 down, 750 kbps × 0.9 up). */
const SLOW_4G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1638.4 * 0.9 * 1024) / 8,
  uploadThroughput: (750 * 0.9 * 1024) / 8,
};

/** An ETag store the bench can empty between cold runs. */
class ClearableStore implements EtagStore {
  private store = new MemoryEtagStore();
  get(key: string) {
    return this.store.get(key);
  }
  set(key: string, answer: CachedAnswer) {
    this.store.set(key, answer);
  }
  delete(key: string) {
    this.store.delete(key);
  }
  clear() {
    this.store = new MemoryEtagStore();
  }
}

interface Sample {
  ttfb: number;
  fcp: number;
  lcp: number;
}

/**
 * TTFB (responseStart), FCP and LCP of the page just loaded, in ms from navigation start. Paint
 * entries can come after the load event on a throttled CPU: wait for them (5 s at most), then two
 * frames for a last LCP candidate.
 */
const MEASURE = `new Promise((done) => {
  const nav = performance.getEntriesByType('navigation')[0];
  let fcp = NaN;
  let lcp = NaN;
  const finish = () => requestAnimationFrame(() => requestAnimationFrame(() =>
    done({ ttfb: nav.responseStart, fcp, lcp })));
  const check = () => { if (!Number.isNaN(fcp) && !Number.isNaN(lcp)) finish(); };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') fcp = e.startTime;
    check();
  }).observe({ type: 'paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) lcp = e.startTime;
    check();
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  setTimeout(finish, 5000);
})`;

async function mobilePage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    locale: 'fr-BE',
    userAgent:
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  return { context, page };
}

async function load(page: Page, url: string): Promise<Sample> {
  await page.goto(url, { waitUntil: 'load' });
  return (await page.evaluate(MEASURE)) as Sample;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main(): Promise<void> {
  const store = new ClearableStore();
  let stack: ShopStack | undefined;
  let browser: Browser | undefined;
  try {
    stack = await startShopStack({ storefront: { cache: store } });
    const generations = stack.sut.app.get<CacheStore>(MODEL_GENERATIONS);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
    const results: Record<string, Sample & { runs: number }> = {};
    console.log(`storefront bench: ${RUNS} runs each, mobile (390x844, CPU 4x, slow 4G), medians in ms`);
    console.log('page      mode    cache   TTFB     FCP      LCP');
    for (const [name, path] of PAGES) {
      for (const mode of MODES) {
        const url = `${stack.storefront.url}${path}?render=${mode}`;
        for (const cache of CACHES) {
          const samples: Sample[] = [];
          let warm: { context: BrowserContext; page: Page } | null = null;
          if (cache === 'warm') {
            warm = await mobilePage(browser);
            await load(warm.page, url);
          }
          for (let run = 0; run < RUNS; run++) {
            if (cache === 'warm') {
              samples.push(await load(warm!.page, url));
              continue;
            }
            store.clear();
            await generations.bump(stack.tdb.db, [WHOLE_DATABASE]);
            const cold = await mobilePage(browser);
            samples.push(await load(cold.page, url));
            await cold.context.close();
          }
          await warm?.context.close();
          const m = {
            ttfb: median(samples.map((s) => s.ttfb)),
            fcp: median(samples.map((s) => s.fcp)),
            lcp: median(samples.map((s) => s.lcp)),
            runs: samples.length,
          };
          results[`${name}/${mode}/${cache}`] = m;
          const cell = (v: number) => v.toFixed(0).padStart(6) + '  ';
          console.log(
            `${name.padEnd(9)} ${mode.padEnd(7)} ${cache.padEnd(6)} ${cell(m.ttfb)} ${cell(m.fcp)} ${cell(m.lcp)}`,
          );
        }
      }
    }
    const dir = resolve('bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = resolve(dir, `storefront-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify({ runs: RUNS, network: SLOW_4G, cpuThrottling: 4, results }, null, 2));
    console.log(`written ${file}`);
  } finally {
    await browser?.close();
    await stack?.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
