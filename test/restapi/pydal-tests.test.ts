import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyRegistry } from '../../src/restapi/policy.registry';
import type { TestApp } from '../support/app';
import { HeroesModule } from './fixtures/heroes.module';
import { PydalClient, usePydalApp, withoutTimestamp } from './fixtures/pydal-client';

const field = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  label: name[0].toUpperCase() + name.slice(1),
  default: null,
  type: 'string',
  regex: null,
  required: false,
  unique: false,
  post_writable: true,
  put_writable: true,
  options: null,
  ...extra,
});

/** pyDAL's own RestAPI test cases (tests/restapi.py), replayed over HTTP on the color/thing/rel schema. */
describe('pyDAL RestAPI test cases', () => {
  let sut: TestApp;
  let api: PydalClient;
  usePydalApp([HeroesModule], (app) => ({ sut, api } = app));

  it('1: @limit=0 with @model describes every field and still counts', async () => {
    const { body } = await api.get('rel', { '@limit': '0', '@model': 'true' });
    assert.deepEqual(body.items, []);
    assert.equal(body.count, 5);
    assert.deepEqual(body.model, [
      field('id', { label: 'Id', type: 'id', regex: '[1-9]\\d*', referenced_by: [] }),
      field('a', { type: 'reference', references: 'thing' }),
      field('desc'),
      field('b', { type: 'reference', references: 'thing' }),
    ]);
    // pyDAL's key order for a reference: references right after type.
    assert.deepEqual(Object.keys(body.model[1]).slice(0, 5), [
      'name',
      'label',
      'default',
      'type',
      'references',
    ]);
  });

  it('2-3: one-column filters', async () => {
    const red = await api.get('color', { 'name.eq': 'red' });
    assert.equal(red.body.count, 1);
    assert.deepEqual(red.body.items, [{ id: 1, name: 'red' }]);
    const chairs = await api.get('thing', { 'name.eq': 'Chair' });
    assert.equal(chairs.body.count, 2);
    assert.deepEqual(chairs.body.items, [
      { id: 1, name: 'Chair', color: 1 },
      { id: 2, name: 'Chair', color: 2 },
    ]);
  });

  it('4: a field list in the table name, without id', async () => {
    const { body } = await api.get('rel[a,b]', { 'desc.eq': 'is like' });
    assert.equal(body.count, 2);
    assert.deepEqual(body.items, [
      { a: 1, b: 2 },
      { a: 3, b: 4 },
    ]);
  });

  it('5-9: forward, negated, reverse and many-to-many paths', async () => {
    const names = async (query: Record<string, string>) => {
      const { body } = await api.get('thing[name]', query);
      return [body.count, body.items.map((i: { name: string }) => i.name)];
    };
    assert.deepEqual(await names({ 'color.name.eq': 'red' }), [2, ['Chair', 'Table']]);
    assert.deepEqual(await names({ 'not.color.name.eq': 'red' }), [3, ['Chair', 'Table', 'Lamp']]);
    assert.deepEqual(await names({ 'a.rel.desc': 'is above' }), [1, ['Lamp']]);
    assert.deepEqual(await names({ 'a.rel.b.name': 'Table' }), [4, ['Chair', 'Chair', 'Table', 'Lamp']]);
    assert.deepEqual(await names({ 'a.rel.b.name': 'Table', 'a.rel.desc': 'is above' }), [1, ['Lamp']]);
  });

  it('10-12: forward lookups in place, with a field list, collapsed', async () => {
    const whole = await api.get('thing', { '@lookup': 'color' });
    assert.equal(whole.body.count, 5);
    assert.deepEqual(whole.body.items[0], { id: 1, name: 'Chair', color: { id: 1, name: 'red' } });
    const named = await api.get('thing', { '@lookup': 'color[name]' });
    assert.deepEqual(named.body.items[0], { id: 1, name: 'Chair', color: { name: 'red' } });
    const collapsed = await api.get('thing', { '@lookup': 'color!:color[name]' });
    assert.deepEqual(collapsed.body.items[0], { id: 1, name: 'Chair', 'color.name': 'red' });
  });

  it('13-14: reverse lookups, plain and through to the far table', async () => {
    const related = await api.get('thing', { '@lookup': 'related:a.rel[desc]' });
    assert.deepEqual(related.body.items[0], {
      id: 1,
      name: 'Chair',
      color: 1,
      related: [{ desc: 'is like' }, { desc: 'is under' }],
    });
    assert.deepEqual(related.body.items[3].related, []);
    const far = await api.get('thing', { '@lookup': 'related:a.rel[desc].b[name]' });
    assert.deepEqual(far.body.items[0].related, [
      { desc: 'is like', b: { name: 'Chair' } },
      { desc: 'is under', b: { name: 'Table' } },
    ]);
  });

  it('15-16: several lookups on a later page (no count), nested and merged', async () => {
    const nested = await api.get('thing', {
      '@lookup': 'color[name],related:a.rel[desc].b[name]',
      '@offset': '1',
      '@limit': '2',
    });
    assert.equal('count' in nested.body, false);
    assert.deepEqual(nested.body.items, [
      {
        id: 2,
        name: 'Chair',
        color: { name: 'green' },
        related: [{ desc: 'is under', b: { name: 'Table' } }],
      },
      { id: 3, name: 'Table', color: { name: 'red' }, related: [{ desc: 'is like', b: { name: 'Table' } }] },
    ]);
    const merged = await api.get('thing', {
      '@lookup': 'color[name],related!:a.rel[desc].b[name]',
      '@offset': '1',
      '@limit': '2',
    });
    assert.deepEqual(merged.body.items[0].related, [{ desc: 'is under', name: 'Table' }]);
  });

  it('17-18: contains and in', async () => {
    const green = await api.get('color', { 'name.contains': 'ee' });
    assert.deepEqual([green.body.count, green.body.items], [1, [{ id: 2, name: 'green' }]]);
    const two = await api.get('color', { 'name.in': 'blue,green' });
    assert.equal(two.body.count, 2);
    assert.deepEqual(
      two.body.items.map((i: { id: number }) => i.id),
      [2, 3],
    );
  });

  it('19: the whole GET envelope', async () => {
    const { status, body } = await api.get('color', { 'name.eq': 'red' });
    assert.equal(status, 200);
    assert.match(body.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$/);
    assert.deepEqual(withoutTimestamp(body), {
      count: 1,
      status: 'success',
      code: 200,
      items: [{ id: 1, name: 'red' }],
      api_version: '0.1',
    });
  });

  it('20-23: POST, POST again (unique), PUT, DELETE', async () => {
    const created = await api.post('color', { name: 'magenta' });
    assert.equal(created.status, 200);
    assert.deepEqual(withoutTimestamp(created.body), {
      status: 'success',
      errors: {},
      code: 200,
      id: 4,
      success: true,
      api_version: '0.1',
    });
    const again = await api.post('color', { name: 'magenta' });
    assert.equal(again.status, 422);
    assert.deepEqual(withoutTimestamp(again.body), {
      status: 'error',
      errors: { name: 'Value already in database or empty' },
      code: 422,
      message: 'Validation Errors',
      id: null,
      success: false,
      api_version: '0.1',
    });
    const updated = await api.put('color', 4, { name: 'Magenta' });
    assert.deepEqual(withoutTimestamp(updated.body), {
      status: 'success',
      updated: 1,
      errors: {},
      code: 200,
      api_version: '0.1',
      id: 4,
      success: true,
    });
    const deleted = await api.delete('color', 4);
    assert.deepEqual(withoutTimestamp(deleted.body), {
      deleted: 1,
      status: 'success',
      code: 200,
      api_version: '0.1',
    });
  });

  it('24: a deny-all policy', async () => {
    const policies = sut.app.get(PolicyRegistry);
    policies.policy('rest');
    try {
      const { status, body } = await api.get('color', { 'name.eq': 'red' });
      assert.equal(status, 401);
      assert.deepEqual(withoutTimestamp(body), {
        status: 'error',
        message: 'No policy for this object',
        code: 401,
        api_version: '0.1',
      });
    } finally {
      policies.remove('rest');
    }
  });
});
