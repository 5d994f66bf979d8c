import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BUSINESS_MODULES } from '../../modules';
import { DatabaseServer } from '../../src/storage/database';
import type { TestDatabase } from '../support/database';
import { TestApp, useTestApp } from '../support/app';
import { createApplicationKey } from '../support/keys';
import { postgresPort, writesDuring } from '../support/writes';

/**
 * What creating a party through the API costs PostgreSQL (the bench's "create a party"): a step
 * waits only for what it needs, the rest leaves with it.
 */
describe('POST party.party', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let key: string;
  useTestApp(BUSINESS_MODULES, async (stack) => {
    ({ tdb, sut } = stack);
    key = await tdb.commit((env) => createApplicationKey(env, 'admin'));
  });
  const create = (name: string) =>
    sut.http().post(`/${tdb.db}/rest/model/party.party`).set('Authorization', `Bearer ${key}`).send({ name });

  it('costs 7 statements in 5 round trips, the answer as before', async () => {
    const counter = sut.app.get(DatabaseServer).counter;
    const port = postgresPort(tdb);
    // Warm the key, the access tables and the prepared statements.
    for (let i = 0; i < 3; i++) assert.equal((await create(`Warm-up ${i}`)).status, 200);
    const before = counter.statements;
    let res!: Awaited<ReturnType<typeof create>>;
    const writes = await writesDuring(port, async () => {
      res = await create('Counted');
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { id: res.body.id, __name__: 'party.party', rec_name: 'Counted' });
    assert.equal(res.headers.location, `/${tdb.db}/rest/model/party.party/${res.body.id}`);
    // The settings (3), the code, the INSERT (its read-only rules judged from what it returns), the
    // audit row with the rec_name (the record just created is not looked for again: admin has no
    // rules on parties); BEGIN and COMMIT are not counted.
    assert.equal(counter.statements - before, 7);
    // BEGIN with the settings; the code; the INSERT; the audit row and the rec_name; COMMIT.
    assert.equal(writes, 5);
    const [log] = await tdb.commit((env) =>
      env.tx.query('SELECT "event", "target", "created" FROM "ir_model_log" WHERE "resource" = $1', [
        `party.party,${res.body.id}`,
      ]),
    );
    assert.deepEqual(log, { event: 'write', target: 'code,name', created: true });
  });

  it('reads the created row again when the answer asks for its columns', async () => {
    const counter = sut.app.get(DatabaseServer).counter;
    const before = counter.statements;
    const res = await sut
      .http()
      .post(`/${tdb.db}/rest/model/party.party?f=name&f=code`)
      .set('Authorization', `Bearer ${key}`)
      .send({ name: 'With columns' });
    assert.equal(res.status, 200);
    assert.equal(res.body.name, 'With columns');
    assert.match(res.body.code, /^\d+$/);
    // The settings (3), the code, the INSERT, the audit row, the row read back.
    assert.equal(counter.statements - before, 7);
  });

  // Last: the rule stays.
  it("still applies the user's record rules to the created record (hidden: 204 with its Location)", async () => {
    // Through the API: the server hears the change of its rules.
    const rule = await sut
      .http()
      .post(`/${tdb.db}/rest/model/ir.rule.group`)
      .set('Authorization', `Bearer ${key}`)
      .send({
        name: 'no hidden parties',
        model: 'party.party',
        global_p: true,
        perm_read: true,
        perm_write: false,
        perm_create: false,
        perm_delete: false,
        rules: [['create', [{ domain: JSON.stringify([['name', 'not like', 'Hidden%']]) }]]],
      });
    assert.equal(rule.status, 200, JSON.stringify(rule.body));
    const hidden = await create('Hidden party');
    assert.equal(hidden.status, 204);
    assert.match(String(hidden.headers.location), /\/rest\/model\/party\.party\/\d+$/);
    const shown = await create('Shown party');
    assert.equal(shown.status, 200);
    assert.equal(shown.body.rec_name, 'Shown party');
  });
});
