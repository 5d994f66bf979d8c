import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, TestDatabase } from 'nest-tryton/testing';
import { CountryModule } from './country.module';
import { SUBDIVISION_TYPES } from './subdivision-types';

/** country.subdivision.type takes Tryton's ISO 3166-2 categories (136), and only those. */
describe('country.subdivision types', () => {
  let sut: TestDatabase;
  before(async () => {
    sut = await createTestDatabase([CountryModule]);
  });
  after(() => sut.drop());

  it("accepts Tryton's categories and refuses others", async () => {
    assert.equal(SUBDIVISION_TYPES.length, 136);
    await sut.rollback(async (env) => {
      const [spain] = await env.model('country.country').search(env, [['code', '=', 'ES']]);
      const Subdivision = env.model('country.subdivision');
      const [ca] = await Subdivision.create(env, [
        { country: spain, name: 'Catalonia', code: 'ES-CT', type: 'autonomous community' },
      ]);
      assert.equal((await Subdivision.read(env, [ca], ['type']))[0].type, 'autonomous community');
      await assert.rejects(
        Subdivision.create(env, [{ country: spain, name: 'X', code: 'ES-XX', type: 'other' }]),
      );
    });
  });
});
