import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../support/app';
import type { TestDatabase } from '../support/database';
import { createApplicationKey } from '../support/keys';
import { HeroesModule } from './fixtures/heroes.module';
import { PydalClient, usePydalApp } from './fixtures/pydal-client';
import { heroes, people, tags } from './fixtures/heroes-data';

/** Values, paging, field lists, lookups and writes at their edges: pyDAL's answers, and 4xx where pyDAL crashed. */
describe('pyDAL RestAPI edge cases (superheroes)', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let api: PydalClient;
  usePydalApp([HeroesModule], (app) => ({ tdb, sut, api } = app));

  it('parses values by field type', async () => {
    const strong = await api.get('tag', { 'strength.eq': ' 100 ' });
    assert.deepEqual(strong.body.count, 4);
    for (const value of ['abc', '100.0', '', '1e3']) {
      const { status, body } = await api.get('tag', { 'strength.gt': value });
      assert.equal(status, 400, value);
      assert.equal(body.message, `invalid literal for int() with base 10: '${value}'`);
    }
    assert.equal((await api.get('tag', { 'strength.in': '10,abc' })).status, 400);
    assert.equal((await api.get('superhero/abc')).status, 400);
    const text = await api.get('superhero', { 'name.eq': 'null' });
    assert.deepEqual(text.body.items, []);
  });

  it('pages, counts and orders', async () => {
    const page = await api.get('tag', { 'strength.ge': '50', '@limit': '2' });
    assert.deepEqual([page.body.items.length, page.body.count], [2, 8]);
    assert.deepEqual(page.body.items, tags.slice(0, 2));
    assert.equal((await api.get('tag', { '@limit': '99999999999999999999' })).body.items.length, 10);
    assert.deepEqual((await api.get('tag', { '@offset': '99999999999999999999' })).body.items, []);
    const none = await api.get('tag', { '@limit': '0' });
    assert.deepEqual([none.body.items, none.body.count], [[], 10]);
    const later = await api.get('tag', { '@offset': '3' });
    assert.equal('count' in later.body, false);
    assert.deepEqual(later.body.items, tags.slice(3));
    const forced = await api.get('tag', { '@offset': '3', '@count': 'true' });
    assert.equal(forced.body.count, 10);
    assert.equal((await api.get('tag', { '@count': 'false' })).body.count, 10);
    const ordered = await api.get('tag', { '@order': '~strength,superpower' });
    const expected = [...tags].sort(
      (a, b) => b.strength - a.strength || a.superpower - b.superpower || a.id - b.id,
    );
    assert.deepEqual(ordered.body.items, expected);
    for (const order of ['bogus', '-name', 'real_identity.name', '', '~~name']) {
      assert.deepEqual((await api.get('superhero', { '@order': order })).body.items, heroes, order);
    }
    const byName = await api.get('superhero', { '@order': 'name' });
    assert.deepEqual(
      byName.body.items.map((h: { id: number }) => h.id),
      [3, 2, 1],
    );
    const byReference = await api.get('superhero', { '@order': '~real_identity' });
    assert.deepEqual(
      byReference.body.items.map((h: { id: number }) => h.id),
      [3, 2, 1],
    );
  });

  it('refuses bad paging values with 400', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ '@limit': '-1' }, '@limit must not be negative: -1'],
      [{ '@offset': '-2', '@limit': '3' }, '@offset must not be negative: -2'],
      [{ '@limit': 'abc' }, "invalid literal for int() with base 10: 'abc'"],
      [{ '@limit': '1.5' }, "invalid literal for int() with base 10: '1.5'"],
      [{ '@limit': '' }, "invalid literal for int() with base 10: ''"],
    ];
    for (const [query, message] of cases) {
      const { status, body } = await api.get('tag', query);
      assert.deepEqual([status, body.code, body.message], [400, 400, message], JSON.stringify(query));
    }
  });

  it('selects fields in the table name', async () => {
    const names = await api.get('superhero[name]');
    assert.deepEqual(
      names.body.items,
      heroes.map((h) => ({ name: h.name })),
    );
    const one = await api.get('superhero[name]', '', 1);
    assert.deepEqual([one.body.items, one.body.count], [[{ name: 'Superman' }], 1]);
    const model = await api.get('superhero[name]', { '@model': 'true' });
    assert.deepEqual(
      model.body.model.map((f: { name: string }) => f.name),
      ['name'],
    );
    const cases: [string, string][] = [
      ['superhero[]', "Invalid fields: ['']"],
      ['superhero[name', "Invalid fields: ['nam']"],
      ['superhero[bogus,name]', "Invalid fields: ['bogus']"],
      ['t[a][b]', "Malformed table-and-fields: 't[a][b]'"],
      ['bogus', 'Invalid table name: bogus'],
    ];
    for (const [table, message] of cases) {
      const { status, body } = await api.get(table);
      assert.deepEqual([status, body.message], [400, message], table);
    }
  });

  it('answers a GET by a missing id with an empty page, not a 404', async () => {
    const { status, body } = await api.get('superhero', '', 42);
    assert.deepEqual([status, body.items, body.count], [200, [], 0]);
  });

  it('answers 400 where pyDAL crashes on a filter', async () => {
    const cases: [Record<string, string>, string, string?][] = [
      [{ 'bogus.eq': 'x' }, "'bogus'"],
      [{ '@foo': '1' }, "'@foo'"],
      [{ 'fields.eq': 'x' }, "'fields'"],
      [{ 'name.EQ': 'x' }, "Field 'name' of superhero is not a reference in 'name.EQ'"],
      [{ 'name.like': 'x' }, "Field 'name' of superhero is not a reference in 'name.like'"],
      [{ 'name.eq.eq': 'x' }, "Field 'name' of superhero is not a reference in 'name.eq.eq'"],
      [{ 'real_identity.bogus': 'x' }, "'bogus'"],
      [{ 'superpower.tag.strength.eq': '75' }, 'Field tag.superpower does not reference superhero'],
      [{ 'superhero.bogus.strength.eq': '75' }, "'bogus'"],
      [{ 'superhero.tag': '1' }, "'superhero'"],
      [{ 'superhero.tag.eq': '1' }, "'superhero'"],
      [{ 'bogus.name.eq': 'x' }, "'bogus'"],
    ];
    for (const [query, message] of cases) {
      const { status, body } = await api.get('superhero', query);
      assert.deepEqual([status, body.message], [400, message], JSON.stringify(query));
    }
    const tagCases: Record<string, string>[] = [
      { 'strength.startswith': '1' },
      { 'strength.contains': '1' },
      { 'superhero.contains': 'x' },
    ];
    for (const query of tagCases)
      assert.equal((await api.get('tag', query)).status, 400, JSON.stringify(query));
  });

  it('combines, de-duplicates and refuses lookups as it should', async () => {
    const both = await api.get('superhero', { '@lookup': 'a:real_identity[name],b:real_identity[job]' });
    assert.deepEqual(both.body.items[0], {
      ...heroes[0],
      a: { name: 'Clark Kent' },
      b: { job: 'Journalist' },
    });
    const separated = await api.get('superhero', {
      '@lookup': 'real_identity[name];superhero.tag[strength]',
    });
    assert.deepEqual(separated.body.items[1], {
      id: 2,
      name: 'Spiderman',
      real_identity: { name: 'Peter Park' },
      'superhero.tag': [{ strength: 50 }, { strength: 75 }, { strength: 10 }],
    });
    const same = await api.get('superhero', { '@lookup': 'real_identity,real_identity' });
    assert.deepEqual(same.body.items[0].real_identity, people[0]);
    const ignored = await api.get('superhero', { '@lookup': 'a.b.c.d' });
    assert.deepEqual(ignored.body.items, heroes);
    const kept = await api.get('superhero', { '@lookup': 'identity:real_identity,real_identity[name]' });
    assert.deepEqual(kept.body.items[0], {
      ...heroes[0],
      identity: people[0],
      real_identity: { name: 'Clark Kent' },
    });
    const merged = await api.get('superhero', { '@lookup': 'powers!:superhero.tag.superpower' });
    // The far record's id no longer overwrites the link row's own.
    assert.deepEqual(merged.body.items[1].powers[0], {
      id: 5,
      superhero: 2,
      superpower: 2,
      strength: 50,
      description: 'Strength',
    });
    const cases: [string, Record<string, string>, string][] = [
      [
        'superhero',
        { '@lookup': 'real_identity,real_identity[name]' },
        "Duplicate lookup 'real_identity[name]'",
      ],
      ['superhero', { '@lookup': 'a:real_identity,a:superhero.tag' }, "Duplicate lookup 'a:superhero.tag'"],
      ['superhero', { '@lookup': 'bogus' }, "'bogus'"],
      ['superhero', { '@lookup': 'name' }, "Lookup 'name': 'name' is not a reference"],
      ['superhero', { '@lookup': 'real_identity[bogus]' }, "Invalid fields: ['bogus']"],
      ['superhero', { '@lookup': 'superpower.tag' }, 'Field tag.superpower does not reference superhero'],
      ['superhero', { '@lookup': 'superhero.bogus' }, "'bogus'"],
      [
        'superhero',
        { '@lookup': 'superhero.tag.strength' },
        "Lookup 'superhero.tag.strength': 'strength' is not a reference",
      ],
      ['superhero[name]', { '@lookup': 'real_identity' }, "'real_identity'"],
      ['superhero[name]', { '@lookup': 'superhero.tag' }, "'id'"],
    ];
    for (const [table, query, message] of cases) {
      const { status, body } = await api.get(table, query);
      assert.deepEqual([status, body.message], [400, message], JSON.stringify(query));
    }
  });

  it('answers an options list', async () => {
    const { body } = await api.get('superhero', { '@options_list': 'true' });
    assert.deepEqual(body.items, [
      { value: 1, text: '1' },
      { value: 2, text: '2' },
      { value: 3, text: '3' },
    ]);
    assert.equal(body.count, 3);
  });

  it('answers an unknown method with 401, as a policy without it does', async () => {
    const { status, body } = await api.patch('superhero', 1, { name: 'x' });
    assert.deepEqual([status, body.message], [401, 'No policy for this method']);
  });

  it('validates POST and PUT like validate_and_insert / validate_and_update', async () => {
    const cases: [
      () => Promise<{ status: number; body: Record<string, any> }>,
      number,
      Record<string, unknown>,
    ][] = [
      [
        () => api.post('superhero', { id: '10', name: 'X' }),
        422,
        { id: null, success: false, errors: { id: 'invalid' } },
      ],
      [
        () => api.post('tag', { strength: 'abc' }),
        422,
        { id: null, success: false, errors: { strength: 'Enter an integer' } },
      ],
      [() => api.post('tag', { superhero: 99 }), 422, { errors: { superhero: 'Value not in database' } }],
      [() => api.post('superhero', { bogus: 1 }), 400, { message: "Invalid fields: ['bogus']" }],
      [() => api.post('superhero[name]', { name: 'x' }), 400, {}],
      [() => api.put('superhero', undefined, { name: 'x' }), 400, { message: "'id'" }],
      [
        () => api.put('superhero', undefined, { id: 1, name: 'x' }),
        422,
        { updated: 0, errors: { id: 'invalid' } },
      ],
      [() => api.put('superhero', 1, {}), 400, { message: 'No fields to update' }],
      [() => api.put('superhero', 99, { name: 'x' }), 404, { message: 'Item not found' }],
      [() => api.put('superhero', 'abc', { name: 'x' }), 404, { message: 'Item not found' }],
      [
        () => api.put('tag', 1, { strength: '1e3' }),
        422,
        { updated: 0, errors: { strength: 'Enter an integer' } },
      ],
      [
        () => api.delete('superhero', 'abc'),
        400,
        { message: "invalid literal for int() with base 10: 'abc'" },
      ],
      [() => api.delete('superhero', 99), 404, { message: 'Item not found' }],
      [() => api.delete('superhero'), 400, { message: "'id'" }],
    ];
    for (const [call, status, expected] of cases) {
      const answer = await call();
      assert.equal(answer.status, status, JSON.stringify(answer.body));
      assert.equal(answer.body.code, status);
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(answer.body[key], value, key);
    }
  });

  it('writes with JSON and form bodies; deleting cascades as pyDAL references do', async () => {
    const form = await sut
      .http()
      .post(`/${tdb.db}/rest/api/tag`)
      .set('Authorization', (await authHeader()) as string)
      .type('form')
      .send({ superhero: '2', superpower: '1', strength: '15' });
    assert.deepEqual([form.status, form.body.id, form.body.success], [200, 11, true]);
    const read = await api.get('tag', '', 11);
    assert.deepEqual(read.body.items, [{ id: 11, superhero: 2, superpower: 1, strength: 15 }]);
    const empty = await api.post('superpower', {});
    assert.deepEqual([empty.status, empty.body.id], [200, 5]);
    const put = await api.put('tag', 11, { strength: 16 });
    assert.deepEqual([put.status, put.body.updated], [200, 1]);
    const deleted = await api.delete('superpower', 4);
    assert.deepEqual(deleted.body, {
      deleted: 1,
      status: 'success',
      code: 200,
      timestamp: deleted.body.timestamp,
      api_version: '0.1',
    });
    const left = await api.get('tag[id]', { '@limit': '20' });
    assert.deepEqual(
      left.body.items.map((t: { id: number }) => t.id),
      [1, 2, 3, 5, 6, 8, 9, 11],
    );
  });

  async function authHeader(): Promise<string> {
    return `Bearer ${await tdb.commit((env) => createApplicationKey(env, 'admin'))}`;
  }
});
