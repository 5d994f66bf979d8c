import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { SecurityChannel } from '../../src/ir/access/security-channel';
import { TrytonAccessControl } from '../../src/ir/access/tryton-access-control';
import { createTestDatabase, TestDatabase } from '../support/database';
import { asUser, factories, SecurityTestModule } from './fixtures';

describe(SecurityChannel.name, () => {
  let tdb: TestDatabase;
  let channel: SecurityChannel;
  let sut: TrytonAccessControl;
  before(async () => {
    tdb = await createTestDatabase([SecurityTestModule]);
    channel = new SecurityChannel({
      connect: (db) => ({ connectionString: tdb.server.pool(db).options.connectionString }),
    });
    sut = new TrytonAccessControl({ channel });
  });
  after(async () => {
    sut.close();
    await channel.close();
    await tdb.drop();
  });

  it('lets transactions share the access tables while it listens, and drops them on a committed change', async () => {
    for (let i = 0; i < 100 && !channel.trusted(tdb.db); i++) await sleep(20);
    assert.ok(channel.trusted(tdb.db));
    const uid = await tdb.commit((env) => factories(env).user());
    const check = () =>
      tdb.rollback(async (env) => {
        const before = env.tx.statements;
        const allowed = await sut.canModel(asUser(env, sut, uid), env.model('sectest.order'), 'read');
        return { allowed, statements: env.tx.statements - before };
      });
    assert.ok((await check()).statements > 0);
    assert.deepEqual(await check(), { allowed: true, statements: 0 });

    // Another process, knowing nothing of this one, changes the rights with SQL and a NOTIFY.
    const client = await tdb.server.pool(tdb.db).connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO "ir_model_access" ("model", "perm_read", "perm_write", "perm_create", "perm_delete", "group", "create_uid", "create_date")
         VALUES ('sectest.order', TRUE, TRUE, TRUE, TRUE, 1, 0, NOW())`,
      );
      await client.query(`SELECT pg_notify('nest_tryton_security', 'access')`);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    await sleep(50);
    assert.equal((await check()).allowed, false);
  });
});
