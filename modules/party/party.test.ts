import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Env } from 'nest-tryton';
import { createTestDatabase, postgresPort, TestDatabase, writesDuring } from 'nest-tryton/testing';
import { BUSINESS_MODULES } from '../index';
import { makeCustomer } from '../test-factories';
import type { PartyConfigurationModel } from './configuration.model';
import { Party } from './party.model';

/** Statements sent and socket writes (round trips started) to PostgreSQL while fn runs. */
async function costOf(
  db: TestDatabase,
  env: Env,
  fn: () => Promise<unknown>,
): Promise<{ statements: number; writes: number }> {
  const before = env.tx.statements;
  const writes = await writesDuring(postgresPort(db), fn);
  return { statements: env.tx.statements - before, writes };
}

describe(Party.__name__, () => {
  let sut: TestDatabase;
  before(async () => {
    sut = await createTestDatabase(BUSINESS_MODULES);
  });
  after(async () => sut.drop());

  it('creates a party with an address and an e-mail in one call, its code from the sequence', async () => {
    await sut.rollback(async (env) => {
      const { party, email } = await makeCustomer(env, 'Alice Martin');
      const [record] = await env
        .model('party.party')
        .read(env, [party], ['code', 'rec_name', 'email', 'addresses.full_address', 'addresses.rec_name']);
      assert.match(record.code as string, /^\d+$/);
      assert.equal(record.rec_name, 'Alice Martin');
      assert.equal(record.email, email);
      const [address] = record.addresses as { full_address: string; rec_name: string }[];
      // Tryton's: the party's name only when the context asks for it; rec_name ends with the country code.
      assert.equal(address.full_address, 'Rue Neuve 1\n1000 Bruxelles\nBELGIUM');
      assert.equal(address.rec_name, 'Alice Martin, Rue Neuve 1, 1000, Bruxelles, BE');
      const [withParty] = await env
        .model('party.party')
        .read(env.withContext({ address_with_party: true }), [party], ['addresses.full_address']);
      assert.equal(
        (withParty.addresses as { full_address: string }[])[0].full_address,
        'Alice Martin\nRue Neuve 1\n1000 Bruxelles\nBELGIUM',
      );
    });
  });

  it('numbers parties without a code and keeps the codes it is given', async () => {
    await sut.rollback(async (env) => {
      const Model = env.model('party.party');
      const ids = await Model.create(env, [{ name: 'A' }, { name: 'B', code: 'CUST-B' }, { name: 'C' }]);
      const codes = (await Model.read(env, ids, ['code'])).map((r) => r.code as string);
      assert.equal(codes[1], 'CUST-B');
      assert.equal(Number(codes[2]), Number(codes[0]) + 1);
    });
  });

  it('finds parties by rec_name: code prefix, name or contact value', async () => {
    await sut.rollback(async (env) => {
      const Model = env.model('party.party');
      const { party: alice } = await makeCustomer(env, 'Alice Martin');
      const [bob] = await Model.create(env, [{ name: 'Bob Dupont', code: 'ZX-42' }]);
      assert.deepEqual(await Model.search(env, [['rec_name', 'ilike', '%zx-4%']]), [bob]);
      assert.deepEqual(await Model.search(env, [['rec_name', 'ilike', '%-42%']]), []);
      assert.deepEqual(await Model.search(env, [['rec_name', 'ilike', '%martin%']]), [alice]);
      assert.deepEqual(await Model.search(env, [['rec_name', 'ilike', 'alice.martin@%']]), [alice]);
      assert.deepEqual(await Model.search(env, [['email', '=', 'alice.martin@example.com']]), [alice]);
      assert.equal((await Model.getRecName(env, [bob])).get(bob), 'Bob Dupont');
    });
  });

  it('reads its settings in one round trip, and creates a party in one per dependent step', async () => {
    await sut.rollback(async (env) => {
      const Configuration = env.model('party.configuration') as PartyConfigurationModel;
      const Model = env.model('party.party');
      await Model.create(env, [{ name: 'Warm-up' }]);
      // The search for the singleton and its two values leave together.
      const settings = await costOf(sut, env, () => Configuration.settings(env));
      assert.deepEqual(settings, { statements: 3, writes: 1 });
      // The settings; the code from the sequence; the INSERT.
      const create = await costOf(sut, env, () => Model.create(env, [{ name: 'Counted' }]));
      assert.deepEqual(create, { statements: 5, writes: 3 });
    });
  });

  it('names a party without a name by its code', async () => {
    await sut.rollback(async (env) => {
      const [id] = await env.model('party.party').create(env, [{ code: 'NONAME' }]);
      assert.equal((await env.model('party.party').getRecName(env, [id])).get(id), '[NONAME]');
    });
  });

  it('refuses a malformed e-mail address and a duplicate code', async () => {
    await sut.rollback(async (env) => {
      await assert.rejects(
        env
          .model('party.party')
          .create(env, [{ name: 'X', contact_mechanisms: [['create', [{ type: 'email', value: 'nope' }]]] }]),
        { status: 400, message: /e-mail address "nope"/ },
      );
    });
    await sut.rollback(async (env) => {
      await env.model('party.party').create(env, [{ name: 'X', code: 'DUP' }]);
      await assert.rejects(env.model('party.party').create(env, [{ name: 'Y', code: 'DUP' }]), {
        status: 400,
        message: 'The code on party must be unique.',
      });
    });
  });

  it('names categories "Parent / Child", unique by parent', async () => {
    await sut.rollback(async (env) => {
      const Category = env.model('party.category');
      const [parent] = await Category.create(env, [{ name: 'Customers' }]);
      const [child] = await Category.create(env, [{ name: 'Retail', parent }]);
      assert.equal((await Category.getRecName(env, [child])).get(child), 'Customers / Retail');
      assert.deepEqual(await Category.search(env, [['rec_name', '=', 'Customers / Retail']]), [child]);
      await assert.rejects(Category.create(env, [{ name: 'Retail', parent }]), { status: 400 });
      await Category.create(env, [{ name: 'Retail' }]);
    });
  });
});
