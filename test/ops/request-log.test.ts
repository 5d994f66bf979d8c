import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/logging/logger';
import type { TestDatabase } from '../support/database';
import { createTestApp, TestApp, useTestApp } from '../support/app';
import { createApplicationKey } from '../support/keys';

/** The logger a LOG_LEVEL makes, its lines landing in `lines`, parsed. */
function capture(level = 'info') {
  const lines: Record<string, any>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger(loadConfig({ ...process.env, LOG_LEVEL: level }), stream) };
}

const requestLines = (lines: Record<string, any>[]) => lines.filter((l) => 'reqId' in l);

describe('the request log', () => {
  const log = capture();
  let tdb: TestDatabase;
  let sut: TestApp;
  let auth: { Authorization: string };
  let admin: number;
  useTestApp(
    [],
    async (stack) => {
      ({ tdb, sut } = stack);
      auth = { Authorization: `Bearer ${await tdb.commit((env) => createApplicationKey(env, 'admin'))}` };
      admin = await tdb.rollback(
        async (env) => (await env.model('res.user').search(env, [['login', '=', 'admin']]))[0],
      );
    },
    { env: { LOG_LEVEL: 'info' }, logger: log.logger },
  );

  it('writes one JSON line per request, with the id X-Request-Id carried in and back', async () => {
    const path = `/${tdb.db}/rest/model/res.user/${admin}`;
    const res = await sut.http().get(path).set(auth).set('X-Request-Id', 'trace-42');
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-request-id'], 'trace-42');
    const [line] = requestLines(log.lines).filter((l) => l.reqId === 'trace-42');
    const { time, duration_ms, ...rest } = line;
    assert.match(time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(typeof duration_ms === 'number' && duration_ms >= 0);
    assert.deepEqual(rest, {
      level: 30,
      service: 'nest-tryton',
      reqId: 'trace-42',
      method: 'GET',
      route: '/:db/rest/model/:model/:id',
      url: path,
      status: 200,
      db: tdb.db,
      application: 'rest',
      user: admin,
      cache: 'MISS',
      msg: 'GET /:db/rest/model/:model/:id 200',
    });
  });

  it('logs cache hits answered by the fast path, with their route, caller and result', async () => {
    const path = `/${tdb.db}/rest/model/res.user/${admin}`;
    await sut.http().get(path).set(auth).expect(200);
    const res = await sut.http().get(path).set(auth).set('X-Request-Id', 'hit-1');
    assert.equal(res.headers['x-cache'], 'HIT');
    assert.equal(res.headers['x-request-id'], 'hit-1');
    const [line] = requestLines(log.lines).filter((l) => l.reqId === 'hit-1');
    assert.deepEqual(
      [line.route, line.status, line.db, line.application, line.cache],
      ['/:db/rest/model/:model/:id', 200, tdb.db, 'rest', 'HIT'],
    );
  });

  it('replaces an X-Request-Id that is not a sane token by a new id, and logs refusals', async () => {
    const res = await sut.http().get(`/${tdb.db}/rest/model/res.user`).set('X-Request-Id', 'a b\tc');
    assert.equal(res.status, 401);
    const id = res.headers['x-request-id'];
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const [line] = requestLines(log.lines).filter((l) => l.reqId === id);
    assert.deepEqual([line.status, line.application, line.db], [401, null, tdb.db]);
  });
});

describe('LOG_LEVEL', () => {
  let tdb: TestDatabase;
  useTestApp([], (stack) => void ({ tdb } = stack));

  it('is honoured: at warn, answered requests write no line', async () => {
    const log = capture('warn');
    const sut = await createTestApp(tdb, [], { LOG_LEVEL: 'warn' }, { logger: log.logger });
    try {
      await sut.http().get(`/${tdb.db}/rest/model/res.user`).expect(401);
      await sut.http().get('/health/live').expect(200);
      assert.deepEqual(requestLines(log.lines), []);
    } finally {
      await sut.close();
    }
  });
});
