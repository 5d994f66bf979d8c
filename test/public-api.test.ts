import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Model } from '../src/pool/model';
import { TrytonModule } from '../src/pool/manifest';
import { describeModule } from '../src/testing/conformance';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('the public API (nest-tryton, nest-tryton/testing)', () => {
  it('resolves by package name (self-reference through package.json exports) to the same classes', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sut = require('nest-tryton');
    assert.equal(sut.Model, Model);
    assert.equal(sut.TrytonModule, TrytonModule);
    for (const name of [
      'extend',
      'char',
      'many2one',
      'Env',
      'declareErrors',
      'loadRecord',
      'Usage',
      'Policy',
      'RestApiPolicy',
      'createApp',
    ])
      assert.ok(sut[name], `nest-tryton exports ${name}`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    assert.equal(require('nest-tryton/testing').describeModule, describeModule);
  });

  it('ships type declarations for both entries', () => {
    for (const entry of ['.', './testing']) {
      const types = pkg.exports[entry].types as string;
      assert.ok(existsSync(path.join(root, types)), `${types} is emitted`);
    }
  });

  it('exposes nothing deeper', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    assert.throws(() => require('nest-tryton/dist/src/pool/model'), {
      code: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
    });
  });
});
