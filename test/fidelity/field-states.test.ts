import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BUSINESS_MODULES } from '../../modules';
import { CORE_MODULES } from '../../src/app.module';
import { manifestOf } from '../../src/pool/manifest';
import { Pool } from '../../src/pool/pool';
import { Eval, Not, Or, pyEqual } from '../../src/pyson';
import { loadTrytonModels, MIRRORED_MODULES, SKIP_REASON, withoutDeactivable } from './tryton-models';

const INACTIVE = Not(Eval('active', true));

const models = loadTrytonModels();

describe('Field states declared as Tryton declares them', { skip: models ? false : SKIP_REASON }, () => {
  const pool = new Pool([...CORE_MODULES, ...BUSINESS_MODULES].map(manifestOf));

  it('every field of a mirrored model that exists here has the states Tryton gives it', () => {
    const differences: string[] = [];
    let compared = 0;
    let withStates = 0;
    for (const model of pool.all()) {
      const reference = models![model.__name__];
      if (!reference || !MIRRORED_MODULES.has(reference.__module__)) continue;
      for (const [name, field] of Object.entries(model._fields)) {
        const expected = reference.fields[name]?.states;
        if (!expected) continue;
        const wanted = 'active' in model._fields ? expected : withoutDeactivable(expected);
        compared++;
        if (Object.keys(wanted).length) withStates++;
        const actual = field.options.states ?? {};
        if (!pyEqual(JSON.parse(JSON.stringify(actual)), wanted)) {
          differences.push(
            `${model.__name__}.${name}: ${JSON.stringify(actual)} != ${JSON.stringify(wanted)}`,
          );
        }
      }
    }
    assert.deepEqual(differences, []);
    assert.ok(withStates > 200, `${withStates} of ${compared} fields have states`);
  });

  it('every name a read-only rule reads is a field here, or one Tryton has that is null here', () => {
    assert.deepEqual(Or(INACTIVE), { __class__: 'Or', s: [INACTIVE] });
  });
});
