import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../support/app';
import type { TestDatabase } from '../support/database';
import { createApplicationKey } from '../support/keys';
import { MAX_LOOKUP_STEPS } from '../../src/restapi/lookup-parser';
import { HeroesModule } from './fixtures/heroes.module';
import { PydalClient, usePydalApp } from './fixtures/pydal-client';
import { heroes } from './fixtures/heroes-data';

const ENVELOPE_KEYS = ['api_version', 'code', 'message', 'status', 'timestamp'];

/** The answers that differed from real pyDAL's with no reason written down, now as pyDAL gives them. */
describe('pyDAL answers as pyDAL gives them (superheroes)', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let api: PydalClient;
  usePydalApp([HeroesModule], (app) => ({ tdb, sut, api } = app));
  let key: string | undefined;
  /** For requests the client does not make (raw paths, headers to read). */
  const auth = async () => ({
    Authorization: `Bearer ${(key ??= await tdb.commit((env) => createApplicationKey(env, 'admin')))}`,
  });

  it('ignores a filter key with no field (?eq=x, ?not=x) and lists every row', async () => {
    const queries: Record<string, string>[] = [
      { eq: 'x' },
      { not: 'x' },
      { 'not.eq': 'x' },
      { 'not.in': 'a,b' },
    ];
    for (const query of queries) {
      const { status, body } = await api.get('superhero', query);
      assert.deepEqual(
        [status, body.count, body.items.length],
        [200, heroes.length, heroes.length],
        JSON.stringify(query),
      );
    }
    const narrowed = await api.get('superhero', { eq: 'x', 'name.eq': 'Superman' });
    assert.equal(narrowed.body.count, 1);
  });

  it('answers a PUT with an invalid value on a missing id with 422 and "id": null', async () => {
    const missing = await api.put('tag', 99, { strength: 'abc' });
    assert.equal(missing.status, 422);
    assert.deepEqual([missing.body.id, missing.body.updated, missing.body.success], [null, 0, false]);
    assert.deepEqual(missing.body.errors, { strength: 'Enter an integer' });
    const found = await api.put('tag', 1, { strength: 'abc' });
    assert.deepEqual([found.status, found.body.id], [422, 1]);
    assert.equal((await api.put('tag', 99, { strength: 5 })).status, 404);
  });

  it('stamps every answer with its own time, cache hits included', async () => {
    const first = await sut
      .http()
      .get(`/${tdb.db}/rest/api/superhero?name.eq=Batman`)
      .set(await auth());
    await new Promise((done) => setTimeout(done, 5));
    const second = await sut
      .http()
      .get(`/${tdb.db}/rest/api/superhero?name.eq=Batman`)
      .set(await auth());
    assert.equal(second.headers['x-cache'], 'HIT');
    assert.notEqual(second.body.timestamp, first.body.timestamp);
    assert.ok(second.body.timestamp > first.body.timestamp);
    assert.match(second.body.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$/);
    const { timestamp: _a, ...rest1 } = first.body;
    const { timestamp: _b, ...rest2 } = second.body;
    assert.deepEqual(rest2, rest1);
    assert.equal(Number(second.headers['content-length']), Buffer.byteLength(second.text));
  });

  it('answers every path under /rest/api/ in the envelope, unmatched ones included', async () => {
    for (const path of ['superhero/1/2', 'superhero/1/2/3', '']) {
      const res = await sut
        .http()
        .get(`/${tdb.db}/rest/api/${path}`)
        .set(await auth());
      assert.equal(res.status, 404, path);
      assert.deepEqual(Object.keys(res.body).sort(), ENVELOPE_KEYS, path);
      assert.deepEqual([res.body.status, res.body.code, res.body.api_version], ['error', 404, '0.1']);
    }
    const anonymous = await sut.http().put(`/${tdb.db}/rest/api/superhero/1/2`);
    assert.equal(anonymous.status, 401);
    assert.deepEqual(Object.keys(anonymous.body).sort(), ENVELOPE_KEYS);
  });

  it(`caps @lookup at ${MAX_LOOKUP_STEPS} steps in one request`, async () => {
    const lookups = (n: number) => Array.from({ length: n }, (_, i) => `a${i}:real_identity[name]`).join(',');
    assert.equal((await api.get('superhero', { '@lookup': lookups(MAX_LOOKUP_STEPS) })).status, 200);
    const over = await api.get('superhero', { '@lookup': lookups(MAX_LOOKUP_STEPS + 1) });
    assert.equal(over.status, 400);
    assert.match(over.body.message, new RegExp(`at most ${MAX_LOOKUP_STEPS}`));
  });
});
