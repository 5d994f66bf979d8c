import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { refId } from 'nest-tryton';
import { createTestDatabase, TestDatabase } from 'nest-tryton/testing';
import { BUSINESS_MODULES } from '../index';

/** The default data names countries, subdivisions, currencies and units in English and French. */
describe('default data translations', () => {
  let sut: TestDatabase;
  before(async () => {
    sut = await createTestDatabase(BUSINESS_MODULES);
  });
  after(async () => sut.drop());

  for (const [model, module, fsId, en, fr] of [
    ['country.country', 'country', 'de', 'Germany', 'Allemagne'],
    ['country.subdivision', 'country', 'be_wal', 'Walloon Region', 'Région wallonne'],
    ['currency.currency', 'currency', 'usd', 'US Dollar', 'Dollar des États-Unis'],
    ['product.uom', 'product', 'uom_kilogram', 'Kilogram', 'Kilogramme'],
    ['product.uom.category', 'product', 'uom_cat_weight', 'Weight', 'Poids'],
  ]) {
    it(`names ${model} "${en}" / "${fr}", and searches the French name`, async () => {
      await sut.rollback(async (env) => {
        const id = await refId(env, module, fsId);
        const fenv = env.withContext({ language: 'fr' });
        const Model = env.model(model);
        assert.equal((await Model.read(env, [id], ['name']))[0].name, en);
        assert.equal((await Model.read(fenv, [id], ['name']))[0].name, fr);
        assert.ok((await Model.search(fenv, [['name', '=', fr]])).includes(id));
      });
    });
  }

  it('upper-cases country codes and refuses malformed ones', async () => {
    await sut.rollback(async (env) => {
      const Country = env.model('country.country');
      const [id] = await Country.create(env, [{ name: 'Atlantis', code: 'xa', code3: 'xat' }]);
      assert.deepEqual(Object.values((await Country.read(env, [id], ['code', 'code3']))[0]).slice(1), [
        'XA',
        'XAT',
      ]);
      await assert.rejects(Country.create(env, [{ name: 'Nowhere', code: 'x1' }]), { status: 400 });
    });
  });
});
