import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, TestDatabase } from '../support/database';
import { createTestApp, TestApp, useTestApp } from '../support/app';
import { freePort } from '../cache/support/redis-server';

describe('GET /health/live and /health/ready', () => {
  let sut: TestApp;
  useTestApp([], (stack) => ({ sut } = stack));

  it('live: 200 {"status":"ok"} without a key', async () => {
    const res = await sut.http().get('/health/live');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: 'ok' });
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  it('ready: 200 with the database and the cache up', async () => {
    // The Redis connection opens asynchronously at boot: on a loaded machine the first probes may
    // still see it connecting ("degraded"); readiness settles once it is up.
    let res = await sut.http().get('/health/ready');
    for (let i = 0; i < 50 && res.body.checks?.cache?.status !== 'up'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      res = await sut.http().get('/health/ready');
    }
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'ok');
    assert.equal(res.body.checks.database.status, 'up');
    assert.equal(res.body.checks.cache.status, 'up');
    assert.equal(res.body.checks.cache.store, process.env.REDIS_URL ? 'redis' : 'memory');
    assert.equal(typeof res.body.checks.database.responseTimeMs, 'number');
  });

  it('the probes are not taken for a database name', async () => {
    const res = await sut.http().get('/health/other');
    assert.equal(res.status, 404);
  });
});

describe('GET /health/ready when a dependency is down', () => {
  let tdb: TestDatabase;
  before(async () => {
    tdb = await createTestDatabase([]);
  });
  after(async () => {
    await tdb?.drop();
  });

  it('cache unreachable: 200 "degraded" (the cache is fail-open)', async () => {
    const sut = await createTestApp(tdb, [], { REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    try {
      const res = await sut.http().get('/health/ready');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.status, 'degraded');
      assert.equal(res.body.checks.database.status, 'up');
      assert.equal(res.body.checks.cache.status, 'down');
      assert.equal(res.body.checks.cache.store, 'redis');
      assert.equal((await sut.http().get('/health/live')).status, 200);
    } finally {
      await sut.close();
    }
  });

  it('database server unreachable: 503 with the details; live stays 200', async () => {
    const sut = await createTestApp(tdb, [], {
      DATABASE_URL: `postgresql://postgres@127.0.0.1:${await freePort()}`,
    });
    try {
      const res = await sut.http().get('/health/ready');
      assert.equal(res.status, 503);
      assert.equal(res.headers['retry-after'], '5');
      assert.equal(res.body.status, 'error');
      assert.equal(res.body.checks.database.status, 'down');
      assert.equal(typeof res.body.checks.database.error, 'string');
      // The cache may still be connecting right after boot: either way the database decides.
      assert.ok(['up', 'down'].includes(res.body.checks.cache.status));
      assert.equal((await sut.http().get('/health/live')).status, 200);
    } finally {
      await sut.close();
    }
  });
});
