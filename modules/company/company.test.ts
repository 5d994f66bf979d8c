import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Env } from 'nest-tryton';
import { createTestDatabase, TestDatabase } from 'nest-tryton/testing';
import { BUSINESS_MODULES } from '../index';
import { makeCompany } from '../test-factories';
import { Company } from './company.model';

type UserModel = ReturnType<Env['model']> & { get_preferences(env: Env): Promise<Record<string, unknown>> };

describe(Company.__name__, () => {
  let sut: TestDatabase;
  before(async () => {
    sut = await createTestDatabase(BUSINESS_MODULES);
  });
  after(async () => sut.drop());

  it('is named by its party, and gives new users the only company there is', async () => {
    await sut.rollback(async (env) => {
      const { company } = await makeCompany(env);
      assert.equal(
        (await env.model('company.company').getRecName(env, [company])).get(company),
        'Tryton Shop SA',
      );
      const Users = env.model('res.user') as UserModel;
      const [user] = await Users.create(env, [{ login: 'clerk' }]);
      const [read] = await Users.read(env, [user], ['companies', 'company']);
      assert.deepEqual([read.companies, read.company], [[company], company]);
      const preferences = await Users.get_preferences(new Env(env.pool, env.tx, user));
      assert.equal(preferences.company, company);
      assert.deepEqual(preferences.companies, [company]);
    });
  });

  it('refuses a current company the user does not work for', async () => {
    await sut.rollback(async (env) => {
      const first = await makeCompany(env);
      const second = await makeCompany(env, 'usd');
      const Users = env.model('res.user');
      await assert.rejects(
        Users.create(env, [{ login: 'x', companies: [['add', [first.company]]], company: second.company }]),
        { status: 400, message: /must be one of the companies/ },
      );
      const [user] = await Users.create(env, [{ login: 'y' }]);
      assert.deepEqual((await Users.read(env, [user], ['companies']))[0].companies, []);
    });
  });
});
