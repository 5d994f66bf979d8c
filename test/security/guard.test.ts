import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { issueApplicationKey, setApplicationKeyState } from '../../src/auth/application-keys';
import { ApplicationKeyGuard } from '../../src/auth/application-key.guard';
import { ApplicationKeyResolver } from '../../src/auth/application-key-resolver';
import { setResolvedAuth } from '../../src/auth/request-auth';
import { installSecurityListeners } from '../../src/ir/access/security-listeners';
import { createTestApp, TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { apiKey } from '../support/keys';
import { bearer, reachableRedis } from './http-support';

const run = promisify(execFile);
const CLI = join(__dirname, '..', '..', 'src', 'cli', 'main.js');

for (const mode of ['postgres', 'redis'] as const) {
  describe(`${ApplicationKeyGuard.name} (revocations over ${mode})`, async () => {
    const redisUrl = mode === 'redis' ? await reachableRedis() : null;
    let tdb: TestDatabase;
    let sut: TestApp;
    let adminKey: string;
    const users = (key?: string) => {
      const req = sut.http().get(`/${tdb.db}/rest/model/res.user`);
      return key === undefined ? req : req.set(bearer(key));
    };

    before(async () => {
      if (mode === 'redis' && !redisUrl) return;
      tdb = await createTestDatabase([]);
      // as in any process that runs this code base: its writes announce security changes
      installSecurityListeners(tdb.pool);
      sut = await createTestApp(tdb, [], { REDIS_URL: redisUrl ?? '' });
      adminKey = await apiKey(tdb, 'keeper', ['res.group_admin']);
    });
    after(async () => {
      await sut?.close();
      await tdb?.drop();
    });

    it(
      'answers a valid key, as Bearer in any case or as Basic with an empty user name',
      { skip: mode === 'redis' && !redisUrl },
      async () => {
        assert.equal((await users(adminKey)).status, 200);
        assert.equal((await users().set('Authorization', `bEaReR ${adminKey}`)).status, 200);
        const basic = Buffer.from(`:${adminKey}`).toString('base64');
        assert.equal((await users().set('Authorization', `Basic ${basic}`)).status, 200);
      },
    );

    it(
      'refuses no key, a malformed header, an unknown, a requested and a cancelled key with 401',
      { skip: mode === 'redis' && !redisUrl },
      async () => {
        const requested = await tdb.commit(
          async (env) => (await issueApplicationKey(env, 1, 'rest', 'requested')).key,
        );
        const cancelled = await tdb.commit(async (env) => {
          const { key } = await issueApplicationKey(env, 1, 'rest', 'validated');
          await setApplicationKeyState(env, { key }, 'cancelled');
          return key;
        });
        const headers = [
          undefined,
          'Bearer',
          `Token ${adminKey}`,
          `Bearer ${adminKey} extra`,
          `Basic ${Buffer.from(`admin:${adminKey}`).toString('base64')}`,
          'Basic !!!',
          `Bearer ${adminKey.slice(1)}`,
          `Bearer ${'0'.repeat(64)}`,
          `Bearer ${requested}`,
          `Bearer ${cancelled}`,
        ];
        for (const header of headers) {
          const req = users();
          const res = await (header === undefined ? req : req.set('Authorization', header));
          assert.equal(res.status, 401, String(header));
          assert.equal(res.body.status, 401);
          assert.equal(res.headers['www-authenticate'], 'Bearer');
          assert.equal(typeof res.body.message, 'string');
        }
      },
    );

    it(
      'answers 404 for an unknown database, before looking at the key',
      { skip: mode === 'redis' && !redisUrl },
      async () => {
        const res = await sut.http().get('/no_such_db/rest/model/res.user').set(bearer(adminKey));
        assert.equal(res.status, 404);
        assert.equal((await sut.http().get('/no_such_db/rest/model/res.user')).status, 404);
      },
    );

    it(
      'refuses a key cancelled while the server runs on the very next request',
      { skip: mode === 'redis' && !redisUrl },
      async () => {
        const key = await apiKey(tdb, `cancel_in_process_${mode}`);
        for (let i = 0; i < 3; i++) assert.equal((await users(key)).status, 200);
        await tdb.commit((env) => setApplicationKeyState(env, { key }, 'cancelled'));
        assert.equal((await users(key)).status, 401);
      },
    );

    it(
      'refuses a key cancelled by the CLI, another process, on the very next request',
      { skip: mode === 'redis' && !redisUrl },
      async () => {
        const key = await apiKey(tdb, `cancel_by_cli_${mode}`);
        for (let i = 0; i < 3; i++) assert.equal((await users(key)).status, 200);
        // The key is answered from memory: only the channel can tell this instance about the cancel.
        // (A change an earlier test made may still be on its way, and empties that memory when it
        // arrives: a request answered without a lookup shows the memory holds the key.)
        const resolver = sut.app.get(ApplicationKeyResolver);
        let fromMemory = false;
        for (let i = 0; i < 20 && !fromMemory; i++) {
          const lookups = resolver.lookups;
          assert.equal((await users(key)).status, 200);
          fromMemory = resolver.lookups === lookups;
        }
        assert.ok(fromMemory, 'the key is answered from memory');
        await run(process.execPath, [CLI, 'application', 'cancel', tdb.db, '--key', key], {
          env: { ...process.env, REDIS_URL: redisUrl ?? '' },
        });
        assert.equal((await users(key)).status, 401);
      },
    );

    it(
      'takes a caller resolved before the framework only for the same database and header',
      { skip: mode === 'redis' && !redisUrl },
      async () => {
        const guard = sut.app.get(ApplicationKeyGuard);
        const resolver = sut.app.get(ApplicationKeyResolver);
        const contextOf = (req: object) =>
          ({
            getType: () => 'http',
            getHandler: () => contextOf,
            getClass: () => Object,
            switchToHttp: () => ({ getRequest: () => req }),
          }) as never;
        const early = { user: 12345, application: 'rest', keyHash: 'x' };
        const req = { params: { db: tdb.db }, headers: { authorization: `Bearer ${adminKey}` } } as {
          params: { db: string };
          headers: { authorization: string };
          auth?: unknown;
        };
        setResolvedAuth(req, tdb.db, req.headers.authorization, early);
        const lookups = resolver.lookups;
        assert.equal(await guard.canActivate(contextOf(req)), true);
        assert.equal(req.auth, early, 'taken as resolved, no second lookup');
        assert.equal(resolver.lookups, lookups);
        // Another header (or database) on the same request object: resolved afresh, and refused.
        req.headers.authorization = 'Bearer not-a-key-of-anyone';
        await assert.rejects(guard.canActivate(contextOf(req)), { status: 401 });
        req.headers.authorization = `Bearer ${adminKey}`;
        req.params.db = `${tdb.db}_other`;
        await assert.rejects(guard.canActivate(contextOf(req)), { status: 404 });
      },
    );

    it(
      'refuses the keys of a user deactivated while the server runs',
      { skip: mode === 'redis' && !redisUrl },
      async () => {
        const key = await apiKey(tdb, `deactivated_${mode}`);
        assert.equal((await users(key)).status, 200);
        await tdb.commit(async (env) => {
          const [id] = await env.model('res.user').search(env, [['login', '=', `deactivated_${mode}`]]);
          await env.model('res.user').write(env, [id], { active: false });
        });
        assert.equal((await users(key)).status, 401);
      },
    );
  });
}
