import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sortModules } from '../src/pool/graph';
import { Pool } from '../src/pool/pool';
import { manifestOf } from '../src/pool/manifest';
import { CORE_MODULES } from '../src/app.module';
import { Model } from '../src/pool/model';
import { many2one } from '../src/fields';
import { TestModule, TestExtensionModule } from './fixtures/test.module';

describe(sortModules.name, () => {
  const m = (name: string, depends: string[] = []) => ({ name, depends });
  it('orders modules after their dependencies', () => {
    assert.deepEqual(
      sortModules([m('c', ['b']), m('b', ['a']), m('a')]).map((x) => x.name),
      ['a', 'b', 'c'],
    );
  });
  it('keeps only the active modules and their dependencies', () => {
    assert.deepEqual(
      sortModules([m('a'), m('b', ['a']), m('c')], ['b']).map((x) => x.name),
      ['a', 'b'],
    );
  });
  it('refuses a missing dependency', () => {
    assert.throws(() => sortModules([m('a', ['zz'])]), /depends on missing module "zz"/);
  });
  it('refuses a cycle', () => {
    assert.throws(() => sortModules([m('a', ['b']), m('b', ['a'])]), /Cyclic module dependency: a -> b -> a/);
  });
});

describe(Pool.name, () => {
  it('composes a model from its base and extensions', () => {
    const sut = new Pool([...CORE_MODULES, TestModule, TestExtensionModule].map(manifestOf));
    const partner = sut.get('test.partner');
    assert.ok('nickname' in partner._fields);
    assert.equal(partner._table, 'test_partner');
    assert.deepEqual(sut.contributors.get('test.partner'), ['test', 'test_extension']);
  });
  it('leaves an extension out when its module is not active', () => {
    const sut = new Pool([...CORE_MODULES, TestModule, TestExtensionModule].map(manifestOf), [
      'ir',
      'res',
      'test',
    ]);
    assert.ok(!('nickname' in sut.get('test.partner')._fields));
  });
  it('refuses a relation to an unknown model', () => {
    class Broken extends Model {
      static override __name__ = 'broken.model';
      static override fields = { other: many2one('nowhere.model') };
    }
    assert.throws(
      () =>
        new Pool([...CORE_MODULES.map(manifestOf), { name: 'broken', depends: ['res'], models: [Broken] }]),
      /unknown model "nowhere.model"/,
    );
  });
});
