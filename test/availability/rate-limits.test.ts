import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { apiKey, createUser } from '../support/keys';

/** The rate limits (@nestjs/throttler): per client address without a key and on key routes, per key. */
describe('rate limits', () => {
  let tdb: TestDatabase;
  let apps: TestApp[] = [];
  let keyRoutes: TestApp;
  let revocation: TestApp;
  let anonymous: TestApp;
  let perKey: TestApp;
  let owner: string;
  let other: string;
  before(async () => {
    tdb = await createTestDatabase([]);
    await tdb.commit((env) => createUser(env, { login: 'consumer' }));
    owner = await apiKey(tdb, 'owner');
    other = await apiKey(tdb, 'other');
    // X-Forwarded-For gives the client address (TRUST_PROXY), so one test can be several clients.
    const app = (env: Record<string, string>) => createTestApp(tdb, [], { TRUST_PROXY: 'true', ...env });
    keyRoutes = await app({ RATE_LIMIT_KEY_REQUESTS: '3' });
    revocation = await app({ RATE_LIMIT_KEY_REQUESTS: '100' });
    anonymous = await app({ RATE_LIMIT_ANONYMOUS: '5' });
    perKey = await app({ RATE_LIMIT_PER_KEY: '3' });
    apps = [keyRoutes, revocation, anonymous, perKey];
  });
  after(async () => {
    for (const a of apps) await a.close();
    await tdb.drop();
  });
  const keys = () => `/${tdb.db}/user/application/`;
  const users = () => `/${tdb.db}/rest/model/res.user`;

  it('limits key requests per client address (429 naming the limit, with Retry-After)', async () => {
    const ask = (address: string) =>
      keyRoutes
        .http()
        .post(keys())
        .set('X-Forwarded-For', address)
        .send({ user: 'consumer', application: 'rest' });
    for (let i = 0; i < 3; i++) assert.equal((await ask('10.0.0.7')).status, 200);
    const refused = await ask('10.0.0.7');
    assert.equal(refused.status, 429);
    assert.match(refused.body.message, /limit 3 per 60 s/);
    assert.ok(Number(refused.headers['retry-after']) > 0);
    assert.equal((await ask('10.0.0.8')).status, 200, 'another address is not limited');
  });

  it('never locks the holder of the right key out of revoking it', async () => {
    const leaving = await apiKey(tdb, 'leaving');
    const revoke = (address: string, key: string) =>
      revocation
        .http()
        .delete(keys())
        .set('X-Forwarded-For', address)
        .send({ user: 'leaving', key, application: 'rest' });
    for (let i = 0; i < 5; i++) assert.equal((await revoke('10.6.6.6', `wrong${i}`)).status, 204);
    assert.equal((await revoke('10.6.6.6', leaving)).status, 429, 'the failing requester is locked out');
    assert.equal(
      (await revocation.http().get(users()).set('Authorization', `Bearer ${leaving}`)).status,
      200,
    );
    assert.equal((await revoke('10.0.0.1', leaving)).status, 204, 'the holder revokes it');
    assert.equal(
      (await revocation.http().get(users()).set('Authorization', `Bearer ${leaving}`)).status,
      401,
    );
  });

  it('limits requests without a key per address, and leaves keyed requests alone', async () => {
    const bare = (address: string) => anonymous.http().get(users()).set('X-Forwarded-For', address);
    for (let i = 0; i < 5; i++) assert.equal((await bare('10.1.1.1')).status, 401);
    const refused = await bare('10.1.1.1');
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers['retry-after']) > 0);
    for (let i = 0; i < 8; i++) {
      const res = await anonymous
        .http()
        .get(users())
        .set('X-Forwarded-For', '10.1.1.1')
        .set('Authorization', `Bearer ${owner}`);
      assert.equal(res.status, 200);
    }
  });

  it('limits requests per key when RATE_LIMIT_PER_KEY is set, in both dialects', async () => {
    // Distinct queries: an answer served from the cache (no database work) is not counted.
    let n = 0;
    const as = (key: string, path = users()) =>
      perKey.http().get(`${path}?p=${n++}`).set('Authorization', `Bearer ${key}`);
    for (let i = 0; i < 3; i++) assert.equal((await as(owner)).status, 200);
    const refused = await as(owner);
    assert.equal(refused.status, 429);
    assert.equal(refused.body.status, 429);
    const pydal = await as(owner, `/${tdb.db}/rest/api/res.user`);
    assert.equal(pydal.status, 429, pydal.text);
    assert.equal(pydal.body.code, 429);
    assert.ok(Number(pydal.headers['retry-after']) > 0);
    assert.equal((await as(other)).status, 200, 'another key has its own count');
  });
});
