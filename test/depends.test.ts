import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CORE_MODULES } from '../src/app.module';
import { char, computed, many2one } from '../src/fields';
import type { Field } from '../src/fields';
import { checkDepends } from '../src/pool/depends';
import { manifestOf } from '../src/pool/manifest';
import { Model, ModelClass } from '../src/pool/model';
import { Pool } from '../src/pool/pool';
import { BUSINESS_MODULES } from '../modules';

const poolWith = (...models: ModelClass[]) =>
  new Pool([...CORE_MODULES.map(manifestOf), { name: 'dep', depends: ['res'], models }]);
const getter = async () => new Map<number, unknown>();

describe(checkDepends.name, () => {
  it('gives rec_name the depends the model declares, or its _recName', () => {
    class Named extends Model {
      static override __name__ = 'dep.named';
      static override fields = { name: char(), label: char() };
    }
    class Labelled extends Model {
      static override __name__ = 'dep.labelled';
      static override _recName: string | null = null;
      static override _recNameDepends = ['owner.name', 'label'];
      static override fields = { label: char(), owner: many2one('dep.named') };
      static override async getRecName() {
        return new Map<number, string>();
      }
    }
    const sut = poolWith(Named, Labelled);
    assert.deepEqual(sut.get('dep.named')._fields.rec_name.options.depends, ['name']);
    assert.deepEqual(sut.get('dep.labelled')._fields.rec_name.options.depends, ['owner.name', 'label']);
  });

  it('refuses a computed field without depends, naming it', () => {
    class Silent extends Model {
      static override __name__ = 'dep.silent';
      static override fields = {
        name: char(),
        shout: Object.assign(char(), {}) as Field,
      };
    }
    Object.assign(Silent.fields.shout.options, { getter });
    assert.throws(() => poolWith(Silent), /Computed field "dep\.silent\.shout" declares no depends/);
  });

  it('refuses a depends path that does not exist or steps through a non-relation', () => {
    class Wrong extends Model {
      static override __name__ = 'dep.wrong';
      static override fields = { name: char(), upper: computed(char(), getter, { depends: ['nmae'] }) };
    }
    assert.throws(() => poolWith(Wrong), /Depends "nmae" of "dep\.wrong\.upper": unknown field "nmae"/);
    class Through extends Model {
      static override __name__ = 'dep.through';
      static override fields = { name: char(), upper: computed(char(), getter, { depends: ['name.x'] }) };
    }
    assert.throws(() => poolWith(Through), /"name" is not a relation/);
  });

  it('refuses an overridden getRecName that does not say what it reads', () => {
    class Custom extends Model {
      static override __name__ = 'dep.custom';
      static override fields = { name: char() };
      static override async getRecName() {
        return new Map<number, string>();
      }
    }
    assert.throws(
      () => poolWith(Custom),
      /"dep\.custom" overrides getRecName: declare static _recNameDepends/,
    );
  });

  it('accepts every business module: each computed field of theirs declares its depends', () => {
    const sut = new Pool([...CORE_MODULES, ...BUSINESS_MODULES].map(manifestOf));
    const computedFields = sut
      .all()
      .flatMap((m) => Object.values(m._fields).filter((f) => f.computed && f.name !== 'rec_name'));
    assert.ok(computedFields.length >= 10);
    for (const field of computedFields) assert.ok(Array.isArray(field.options.depends), field.name);
  });
});
