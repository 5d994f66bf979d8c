import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp, TestApp } from '../support/app';
import type { TestDatabase } from '../support/database';
import { apiKey } from '../support/keys';
import { PlainDateTime } from '../../src/fields';
import { expireDelay } from '../../src/res/reset-password.report';
import { RESET_TIMEOUT, User } from '../../src/res/user.model';
import { hashPassword } from '../../src/res/password';
import { bearer } from './http-support';

/**
 * Tryton's reset_password: a temporary password of `length` letters and digits (at least 8) in
 * password_reset, valid one day, the password cleared; a login with it works until it expires; the
 * report shows it; administrators alone read it.
 */
describe('res.user reset_password, as Tryton does it', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  const keys: Record<string, string> = {};
  const users: Record<string, number> = {};
  useTestApp(
    [],
    (stack) => {
      tdb = stack.tdb;
      sut = stack.sut;
    },
    {
      seed: async (db) => {
        keys.admin = await apiKey(db, 'rp_admin', ['res.group_admin']);
        keys.carol = await apiKey(db, 'rp_carol');
        await db.commit(async (env) => {
          for (const login of ['rp_admin', 'rp_carol', 'rp_dave']) {
            let [id] = await env.model('res.user').search(env, [['login', '=', login]]);
            id ??= (await env.model('res.user').create(env, [{ login, name: 'Dave' }]))[0];
            users[login] = id;
          }
          await env
            .model('res.user')
            .write(env, [users.rp_dave], { password_hash: await hashPassword('old secret') });
        });
      },
    },
  );
  const model = (path: string) => `/${tdb.db}/rest/model/${path}`;
  const post = (key: string, url: string, body: unknown = {}) =>
    sut.http().post(url).set(bearer(key)).set('Content-Type', 'application/json').send(JSON.stringify(body));
  const read = async (id: number) =>
    (
      await sut
        .http()
        .get(model(`res.user/${id}?f=password_hash&f=password_reset&f=password_reset_expire`))
        .set(bearer(keys.admin))
    ).body as { password_hash: string | null; password_reset: string | null; password_reset_expire: unknown };
  const login = (login: string, password: string) =>
    tdb.rollback((env) => User.getLogin(env, login, password));

  it('stores a temporary password of the length asked, clears the password, expires in one day', async () => {
    assert.equal(await login('rp_dave', 'old secret'), users.rp_dave);
    const before = Date.now();
    const reset = await post(keys.admin, model(`res.user/${users.rp_dave}/reset_password`), { length: 12 });
    assert.equal(reset.status, 200, reset.text);
    const user = await read(users.rp_dave);
    assert.match(user.password_reset!, /^[A-Za-z0-9]{12}$/);
    assert.equal(user.password_hash, null);
    const expire = user.password_reset_expire as unknown as Record<string, number>;
    assert.equal(expire.__class__, 'datetime');
    const end = Date.UTC(
      expire.year,
      expire.month - 1,
      expire.day,
      expire.hour,
      expire.minute,
      expire.second,
    );
    assert.ok(Math.abs(end - (before + RESET_TIMEOUT * 1000)) < 60_000, JSON.stringify(expire));
    // The old password no longer logs in; the temporary one does, and nothing else.
    assert.equal(await login('rp_dave', 'old secret'), null);
    assert.equal(await login('rp_dave', user.password_reset!), users.rp_dave);
    assert.equal(await login('rp_dave', user.password_reset!.slice(1)), null);
    assert.equal(await login('rp_carol', user.password_reset!), null);
  });

  it('makes 8 characters by default and never fewer (Tryton raises a shorter length to 8)', async () => {
    const seen = new Set<string>();
    for (const body of [{}, { length: 3 }]) {
      assert.equal(
        (await post(keys.admin, model(`res.user/${users.rp_dave}/reset_password`), body)).status,
        200,
      );
      const { password_reset } = await read(users.rp_dave);
      assert.match(password_reset!, /^[A-Za-z0-9]{8}$/);
      seen.add(password_reset!);
    }
    assert.equal(seen.size, 2, 'each reset draws a new password');
    for (const length of [0, 129, 'x', 8.5]) {
      const bad = await post(keys.admin, model(`res.user/${users.rp_dave}/reset_password`), { length });
      assert.equal(bad.status, 400, `${length}: ${bad.text}`);
    }
  });

  it('refuses the temporary password once expired, in the database clock', async () => {
    await post(keys.admin, model(`res.user/${users.rp_dave}/reset_password`));
    const { password_reset } = await read(users.rp_dave);
    assert.equal(await login('rp_dave', password_reset!), users.rp_dave);
    const expired = await tdb.rollback(async (env) => {
      await env.tx.query(
        `UPDATE "res_user" SET "password_reset_expire" = (CURRENT_TIMESTAMP AT TIME ZONE 'UTC') - INTERVAL '1 second' WHERE "id" = $1`,
        [users.rp_dave],
      );
      return User.getLogin(env, 'rp_dave', password_reset!);
    });
    assert.equal(expired, null);
  });

  it('a new password replaces the temporary one', async () => {
    await post(keys.admin, model(`res.user/${users.rp_dave}/reset_password`));
    const { password_reset } = await read(users.rp_dave);
    await tdb.commit((env) => User.setPassword(env, [users.rp_dave], 'new secret'));
    // Read in the database: this write went round the app, whose cache does not know of it.
    const [user] = await tdb.rollback((env) =>
      env.tx.query('SELECT "password_reset", "password_reset_expire" FROM "res_user" WHERE "id" = $1', [
        users.rp_dave,
      ]),
    );
    assert.equal(user.password_reset, null);
    assert.equal(user.password_reset_expire, null);
    assert.equal(await login('rp_dave', password_reset!), null);
    assert.equal(await login('rp_dave', 'new secret'), users.rp_dave);
    assert.equal(await login('rp_dave', ''), null);
  });

  it("mails the temporary password in the report, to administrators only; others can't reset", async () => {
    await post(keys.admin, model(`res.user/${users.rp_dave}/reset_password`), { length: 10 });
    const { password_reset } = await read(users.rp_dave);
    const report = await sut
      .http()
      .get(`/${tdb.db}/rest/report/res.user.email_reset_password/${users.rp_dave}`)
      .set(bearer(keys.admin));
    assert.equal(report.status, 200);
    const html = report.text || String(report.body);
    assert.ok(html.includes(`<code>${password_reset}</code>`), html);
    assert.match(html, /valid for (1 day, 0:00:00|23:59:00)/);
    const carol = await sut
      .http()
      .get(`/${tdb.db}/rest/report/res.user.email_reset_password/${users.rp_carol}`)
      .set(bearer(keys.carol));
    assert.equal(carol.status, 403);
    assert.ok(!carol.text.includes(password_reset!));
    const self = await post(keys.carol, model(`res.user/${users.rp_carol}/reset_password`));
    assert.equal(self.status, 403);
  });

  it("renders the time left as Tryton's timedelta, to the minute", () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    assert.equal(expireDelay(new PlainDateTime(2026, 1, 2, 12, 0, 20), now), '1 day, 0:00:00');
    assert.equal(expireDelay(new PlainDateTime(2026, 1, 4, 14, 5, 0), now), '3 days, 2:05:00');
    assert.equal(expireDelay(new PlainDateTime(2026, 1, 1, 12, 44, 31), now), '0:45:00');
    assert.equal(expireDelay(new PlainDateTime(2025, 1, 1, 0, 0, 0), now), '0:00:00');
    assert.equal(expireDelay(null, now), '');
  });
});
