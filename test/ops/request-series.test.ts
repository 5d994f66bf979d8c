import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Histogram, Registry } from 'prom-client';
import { FixedCounter, RequestSeries } from '../../src/metrics/request-series';
import { observeResponses } from '../../src/http/response-observers';

const BUCKETS = [0.001, 0.01, 0.1, 1];
const HELP = { total: 'requests', duration: 'durations' };

/** The same observations given to prom-client's own classes and to ours: the same text out. */
describe('RequestSeries', () => {
  it("writes what prom-client's Counter and Histogram write for the same requests", async () => {
    const theirs = new Registry();
    const counter = new Counter({
      name: 'http_requests_total',
      help: HELP.total,
      labelNames: ['method', 'route', 'status'],
      registers: [theirs],
    });
    const histogram = new Histogram({
      name: 'http_request_duration_seconds',
      help: HELP.duration,
      labelNames: ['method', 'route', 'status'],
      buckets: BUCKETS,
      registers: [theirs],
    });
    const cache = new Counter({
      name: 'cache_total',
      help: 'c',
      labelNames: ['result'],
      registers: [theirs],
    });
    const ours = new Registry();
    const series = new RequestSeries(ours, BUCKETS, HELP);
    const fixed = new FixedCounter<'HIT' | 'MISS'>(ours, 'cache_total', 'c', 'result');

    const requests: [string, string, string, number][] = [
      ['GET', '/:db/rest/model/:model', '200', 0.0004],
      ['GET', '/:db/rest/model/:model', '200', 0.01],
      ['GET', '/:db/rest/model/:model', '404', 0.5],
      ['POST', '/a "quoted"\\route\n', '201', 3],
      ['GET', '/:db/rest/model/:model', '200', 0.1000001],
    ];
    for (const [method, route, status, seconds] of requests) {
      counter.inc({ method, route, status });
      histogram.observe({ method, route, status }, seconds);
      series.observe(method, route, status, seconds);
    }
    for (const result of ['HIT', 'MISS', 'HIT'] as const) {
      cache.inc({ result });
      fixed.inc(result);
    }
    assert.equal(await ours.metrics(), await theirs.metrics());
  });
});

describe('observeResponses', () => {
  it('gives every observer each response with one listener, and stops when the last one does', async () => {
    const server = createServer((_req, res) => res.end('ok'));
    const before = server.listenerCount('request');
    const application = server.listeners('request')[0];
    const seen: string[] = [];
    const stopFirst = observeResponses(server, {
      started: (_req: IncomingMessage, res: ServerResponse) => res.setHeader('X-Seen', 'yes'),
      closed: (res, seconds) => seen.push(`first ${res.statusCode} ${seconds >= 0}`),
    });
    const stopSecond = observeResponses(server, { closed: (res) => seen.push(`second ${res.statusCode}`) });
    assert.equal(server.listenerCount('request'), before + 1);
    // In front of the application's listener: its headers go out with any answer.
    assert.deepEqual(server.listeners('request').slice(1), [application]);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const { port } = server.address() as AddressInfo;
      const header = await new Promise<string | string[] | undefined>((done, fail) =>
        request({ port, host: '127.0.0.1', path: '/' }, (res) => {
          res.resume();
          res.on('end', () => done(res.headers['x-seen']));
        })
          .on('error', fail)
          .end(),
      );
      assert.equal(header, 'yes');
      for (let i = 0; i < 50 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(seen, ['first 200 true', 'second 200']);
      stopFirst();
      assert.equal(server.listenerCount('request'), before + 1);
      stopSecond();
      assert.equal(server.listenerCount('request'), before);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});
