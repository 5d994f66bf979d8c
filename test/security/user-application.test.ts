import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setApplicationKeyState } from '../../src/auth/application-keys';
import { UserApplicationController } from '../../src/auth/user-application.controller';
import { createTestApp, TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { apiKey, createUser } from '../support/keys';
import { bearer, median } from './http-support';

describe(UserApplicationController.name, () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  const url = () => `/${tdb.db}/user/application/`;
  const request = (body: unknown) =>
    sut.http().post(url()).set('Content-Type', 'application/json').send(JSON.stringify(body));
  const revoke = (body: unknown) =>
    sut.http().delete(url()).set('Content-Type', 'application/json').send(JSON.stringify(body));
  const users = (key: string) => sut.http().get(`/${tdb.db}/rest/model/res.user`).set(bearer(key));

  before(async () => {
    tdb = await createTestDatabase([]);
    // Many requests from one address: the key routes' rate limit is tested in test/availability/.
    sut = await createTestApp(tdb, [], { RATE_LIMIT_KEY_REQUESTS: '0' });
    await tdb.commit((env) => createUser(env, { login: 'consumer' }));
  });
  after(async () => {
    await sut.close();
    await tdb.drop();
  });

  it('answers a requested key as a JSON string, which works once validated', async () => {
    const res = await request({ user: 'consumer', application: 'rest' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/json');
    const key = JSON.parse(res.text) as string;
    assert.match(key, /^[0-9a-f]{64}$/);
    assert.equal((await users(key)).status, 401);
    await tdb.commit((env) => setApplicationKeyState(env, { key }, 'validated'));
    assert.equal((await users(key)).status, 200);
  });

  it('answers an unknown login exactly like a known one, in body and time', async () => {
    const known = await request({ user: 'consumer', application: 'rest' });
    const unknown = await request({ user: 'nobody-at-all', application: 'rest' });
    assert.equal(unknown.status, known.status);
    assert.deepEqual(Object.keys(unknown.headers).sort(), Object.keys(known.headers).sort());
    assert.match(JSON.parse(unknown.text), /^[0-9a-f]{64}$/);
    assert.equal(unknown.text.length, known.text.length);
    const rows = await tdb.commit((env) =>
      env.tx.query(`SELECT COUNT(*) AS "n" FROM "res_user_application" WHERE "state" = 'requested'`),
    );
    assert.equal(Number(rows[0].n), 1, 'only the known login got a key');

    const times: Record<'known' | 'unknown', number[]> = { known: [], unknown: [] };
    for (let i = 0; i < 15; i++) {
      for (const [kind, login] of [
        ['known', 'consumer'],
        ['unknown', `ghost${i}`],
      ] as const) {
        const start = process.hrtime.bigint();
        assert.equal((await request({ user: login, application: 'rest' })).status, 200);
        times[kind].push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }
    const ratio = median(times.unknown) / median(times.known);
    assert.ok(ratio > 0.4 && ratio < 2.5, `median times differ too much: ${JSON.stringify(times)}`);
  });

  it('refuses an unknown application the same way for every login', async () => {
    const known = await request({ user: 'consumer', application: 'nope' });
    const unknown = await request({ user: 'nobody', application: 'nope' });
    assert.equal(known.status, 400);
    assert.deepEqual(unknown.body, known.body);
    assert.equal((await sut.http().post(url()).send('not json')).status, 400);
    assert.equal((await request(['a'])).status, 400);
  });

  it('revokes a key given back with its login and application', async () => {
    const key = await apiKey(tdb, 'leaving');
    assert.equal((await users(key)).status, 200);
    assert.equal((await revoke({ user: 'leaving', key, application: 'rest' })).status, 204);
    assert.equal((await users(key)).status, 401);
  });

  it('answers 429 after repeated failures for a login, and only for it', async () => {
    const key = await apiKey(tdb, 'target');
    const other = await apiKey(tdb, 'bystander');
    for (let i = 0; i < 5; i++) {
      assert.equal((await revoke({ user: 'target', key: `wrong${i}`, application: 'rest' })).status, 204);
    }
    const blocked = await revoke({ user: 'target', key, application: 'rest' });
    assert.equal(blocked.status, 429);
    assert.equal(blocked.body.status, 429);
    assert.ok(Number(blocked.headers['retry-after']) > 0);
    assert.equal((await users(key)).status, 200, 'a blocked attempt changes nothing');
    assert.equal((await revoke({ user: 'bystander', key: other, application: 'rest' })).status, 204);
  });

  it('answers 404 for an unknown database', async () => {
    assert.equal((await sut.http().post('/no_such_db/user/application/').send('{}')).status, 404);
  });
});
