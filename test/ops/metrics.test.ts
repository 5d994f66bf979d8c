import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestDatabase } from '../support/database';
import { TestApp, useTestApp } from '../support/app';
import { createApplicationKey } from '../support/keys';

/** The value of one sample line of the Prometheus text, 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const body = line.slice(name.length + 1, line.lastIndexOf('}'));
    const found = Object.fromEntries(
      [...body.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]] as [string, string]),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(line.split(' ').pop());
  }
  return 0;
}

describe('GET /metrics', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let auth: { Authorization: string };
  useTestApp([], async (stack) => {
    ({ tdb, sut } = stack);
    auth = { Authorization: `Bearer ${await tdb.commit((env) => createApplicationKey(env, 'admin'))}` };
  });

  it('answers Prometheus text without a key, with process metrics', async () => {
    const res = await sut.http().get('/metrics');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^text\/plain; version=0\.0\.4/);
    assert.match(res.text, /^# TYPE process_cpu_user_seconds_total counter$/m);
    assert.match(res.text, /^# TYPE nodejs_eventloop_lag_seconds gauge$/m);
    assert.match(res.text, /^# TYPE http_requests_total counter$/m);
    assert.match(res.text, /^# TYPE http_request_duration_seconds histogram$/m);
    assert.match(res.text, /^# TYPE http_cache_results_total counter$/m);
  });

  it('counts requests by route pattern and status, cache hits of the fast path included', async () => {
    const path = `/${tdb.db}/rest/model/res.user/1`;
    const first = await sut.http().get(path).set(auth);
    assert.equal(first.status, 200);
    const second = await sut.http().get(path).set(auth);
    assert.equal(second.headers['x-cache'], 'HIT');
    assert.equal((await sut.http().get(path)).status, 401);
    assert.equal((await sut.http().get('/no/such/route/here/at/all')).status, 404);

    const text = (await sut.http().get('/metrics')).text;
    const route = '/:db/rest/model/:model/:id';
    assert.equal(sample(text, 'http_requests_total', { method: 'GET', route, status: '200' }), 2);
    assert.equal(sample(text, 'http_requests_total', { method: 'GET', route, status: '401' }), 1);
    assert.equal(
      sample(text, 'http_requests_total', { method: 'GET', route: '(unmatched)', status: '404' }),
      1,
    );
    assert.equal(
      sample(text, 'http_request_duration_seconds_count', { method: 'GET', route, status: '200' }),
      2,
    );
    assert.equal(sample(text, 'http_cache_results_total', { result: 'HIT' }), 1);
    assert.equal(sample(text, 'http_cache_results_total', { result: 'MISS' }), 1);
    // Never a URL in a label.
    assert.doesNotMatch(text, new RegExp(tdb.db));
  });
});
