import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HeroesModule } from './fixtures/heroes.module';
import { PydalClient, usePydalApp } from './fixtures/pydal-client';
import { heroes, people, powers, tagsOf } from './fixtures/heroes-data';

/** py4web's "The RestAPI" chapter, example by example, on its superheroes data, and its filters as pyDAL answers them. */
describe('pyDAL RestAPI documentation (superheroes)', () => {
  let api: PydalClient;
  usePydalApp([HeroesModule], (app) => ({ api } = app));

  it('lists a table', async () => {
    const { status, body } = await api.get('superhero');
    assert.equal(status, 200);
    assert.deepEqual([body.count, body.status, body.code, body.api_version], [3, 'success', 200, '0.1']);
    assert.deepEqual(body.items, heroes);
  });

  it('describes the model with @model=true', async () => {
    const { body } = await api.get('superhero', { '@model': 'true' });
    const common = { default: null, required: false, unique: false, post_writable: true, put_writable: true };
    assert.deepEqual(body.model, [
      {
        name: 'id',
        label: 'Id',
        ...common,
        type: 'id',
        regex: '[1-9]\\d*',
        options: null,
        referenced_by: ['tag.superhero'],
      },
      { name: 'name', label: 'Name', ...common, type: 'string', regex: null, options: null },
      {
        name: 'real_identity',
        label: 'Real Identity',
        ...common,
        type: 'reference',
        references: 'person',
        regex: null,
        options: null,
      },
    ]);
    const person = await api.get('person', { '@model': 'T' });
    assert.deepEqual(person.body.model[0].referenced_by, ['superhero.real_identity']);
    const tag = await api.get('tag', { '@model': 'True', '@limit': '0' });
    assert.deepEqual(tag.body.model[0].referenced_by, []);
    assert.equal('model' in (await api.get('tag', { '@model': '1' })).body, false);
  });

  it('denormalises a reference in place, renamed, or collapsed', async () => {
    const inPlace = await api.get('superhero', { '@lookup': 'real_identity' });
    assert.deepEqual(
      inPlace.body.items,
      heroes.map((h, i) => ({ ...h, real_identity: people[i] })),
    );
    const renamed = await api.get('superhero', { '@lookup': 'identity:real_identity' });
    assert.deepEqual(
      renamed.body.items,
      heroes.map((h, i) => ({ ...h, identity: people[i] })),
    );
    const collapsed = await api.get('superhero', { '@lookup': 'identity!:real_identity[name,job]' });
    assert.deepEqual(
      collapsed.body.items,
      heroes.map((h, i) => ({
        id: h.id,
        name: h.name,
        'identity.name': people[i].name,
        'identity.job': people[i].job,
      })),
    );
    const unnamed = await api.get('superhero', { '@lookup': '!:real_identity' });
    assert.deepEqual(unnamed.body.items[0], {
      id: 1,
      name: 'Superman',
      'real_identity.id': 1,
      'real_identity.name': 'Clark Kent',
      'real_identity.job': 'Journalist',
    });
  });

  it('lists reverse references and many-to-many rows', async () => {
    const reverse = await api.get('superhero', { '@lookup': 'superhero.tag' });
    assert.deepEqual(
      reverse.body.items,
      heroes.map((h) => ({ ...h, 'superhero.tag': tagsOf(h.id) })),
    );
    const far = await api.get('superhero', { '@lookup': 'superhero.tag.superpower' });
    assert.deepEqual(
      far.body.items,
      heroes.map((h) => ({
        ...h,
        'superhero.tag.superpower': tagsOf(h.id).map((t) => ({
          ...t,
          superpower: { id: t.superpower, description: powers[t.superpower - 1] },
        })),
      })),
    );
    const named = await api.get('superhero', {
      '@lookup': 'powers:superhero.tag[strength].superpower[description]',
    });
    assert.deepEqual(
      named.body.items,
      heroes.map((h) => ({
        ...h,
        powers: tagsOf(h.id).map((t) => ({
          strength: t.strength,
          superpower: { description: powers[t.superpower - 1] },
        })),
      })),
    );
    const merged = await api.get('superhero', {
      '@lookup': 'powers!:superhero.tag[strength].superpower[description],identity!:real_identity[name]',
    });
    assert.deepEqual(
      merged.body.items,
      heroes.map((h, i) => ({
        id: h.id,
        name: h.name,
        'identity.name': people[i].name,
        powers: tagsOf(h.id).map((t) => ({ strength: t.strength, description: powers[t.superpower - 1] })),
      })),
    );
  });

  it('filters on a column, through a reference, a reverse reference and a many-to-many', async () => {
    const names = async (query: Record<string, string>, table = 'superhero') =>
      (await api.get(table, query)).body.items.map((i: { name: string }) => i.name);
    assert.deepEqual(await names({ 'name.eq': 'Superman' }), ['Superman']);
    assert.deepEqual(await names({ 'real_identity.name.eq': 'Clark Kent' }), ['Superman']);
    assert.deepEqual(await names({ 'not.real_identity.name.eq': 'Clark Kent' }), ['Spiderman', 'Batman']);
    assert.deepEqual(await names({ 'superhero.tag.superpower.description': 'Flight' }), ['Superman']);
    assert.deepEqual(await names({ 'superhero.tag.strength.gt': '90' }), ['Superman']);
    assert.deepEqual(await names({ 'name.eq': 'batman' }), []);
    assert.deepEqual(await names({ 'name.contains': 'MAN' }), ['Superman', 'Spiderman', 'Batman']);
    assert.deepEqual(await names({ 'name.startswith': 'S' }), ['Superman', 'Spiderman']);
    assert.deepEqual(await names({ 'not.name.startswith': 'S' }), ['Batman']);
    assert.deepEqual(await names({ 'name.ne': 'Batman' }), ['Superman', 'Spiderman']);
    assert.deepEqual(await names({ 'name.in': '' }), []);
    assert.deepEqual(await names({ 'name.gt': 'C' }, 'person'), ['Clark Kent', 'Peter Park']);
    assert.deepEqual(await names({ 'name.le': 'Clark Kent' }, 'person'), ['Clark Kent', 'Bruce Wayne']);
    assert.deepEqual(await names({ 'id.in': '1,3' }), ['Superman', 'Batman']);
    assert.deepEqual(await names({ 'real_identity.in': '2,3' }), ['Spiderman', 'Batman']);
    assert.deepEqual(await names({ 'real_identity.eq': '0' }), []);
    assert.deepEqual(await names({ 'real_identity.ne': '99999999999' }), ['Superman', 'Spiderman', 'Batman']);
  });

  it('answers further queries as pyDAL does', async () => {
    const cases: [string, Record<string, string>, number[]][] = [
      ['superhero', { 'name.in': 'Superman, Batman' }, [1]],
      ['superhero', { 'not.name.in': 'Superman,Batman' }, [2]],
      ['superhero', { 'real_identity.name.startswith': 'C' }, [1]],
      ['superhero', { 'real_identity.id': '2' }, [2]],
      ['superhero', { 'superhero.tag.superpower.description.contains': 'EE' }, [1, 2, 3]],
      ['superhero', { 'not.superhero.tag.superpower.description.contains': 'ur' }, []],
      ['superhero', { 'superhero.tag.superhero.name': 'Superman' }, [1]],
      ['superhero', { 'superhero.tag.strength.in': '10,20' }, [2, 3]],
      ['superhero', { 'not.superhero.tag.strength.in': '10,20', 'name.ne': 'x' }, [1]],
      ['superhero', { 'id.ge': '2', 'id.le': '2' }, [2]],
      ['tag', { 'superhero.name': 'Batman', 'strength.lt': '75' }, [9, 10]],
      ['tag', { 'superpower.description.ne': 'Speed', superhero: '2' }, [5, 7]],
      ['tag', { 'not.superhero.real_identity': '1', 'strength.ge': '75' }, [6, 8]],
      ['person', { 'real_identity.superhero.name.startswith': 'S' }, [1, 2]],
      ['person', { 'not.real_identity.superhero.superhero.tag.strength.eq': '100' }, [2, 3]],
      ['superpower', { 'superpower.tag.strength.gt': '90' }, [1, 2, 3, 4]],
      ['superpower', { 'superpower.tag.superhero.name.eq': 'Spiderman' }, [2, 3, 4]],
      ['superpower', { 'not.superpower.tag.strength.lt': '70' }, [1]],
    ];
    for (const [table, query, ids] of cases) {
      const { status, body } = await api.get(table, query);
      assert.equal(status, 200, JSON.stringify([table, query, body]));
      assert.deepEqual(
        body.items.map((i: { id: number }) => i.id),
        ids,
        JSON.stringify([table, query]),
      );
      assert.equal(body.count, ids.length);
    }
    const people = await api.get('person', { '@lookup': 'heroes:real_identity.superhero[name]' });
    assert.deepEqual(
      people.body.items.map((p: { heroes: unknown }) => p.heroes),
      [[{ name: 'Superman' }], [{ name: 'Spiderman' }], [{ name: 'Batman' }]],
    );
  });

  it('groups conditions on one related row per path prefix, and negates whole paths', async () => {
    const names = async (query: Record<string, string>) =>
      (await api.get('superhero', query)).body.items.map((i: { name: string }) => i.name);
    assert.deepEqual(
      await names({ 'real_identity.name.eq': 'Clark Kent', 'real_identity.job.eq': 'CEO' }),
      [],
    );
    assert.deepEqual(await names({ 'superhero.tag.strength.gt': '60', 'superhero.tag.superpower.eq': '2' }), [
      'Superman',
      'Batman',
    ]);
    assert.deepEqual(await names({ 'superhero.tag.strength.gt': '60', 'superhero.tag.superpower.eq': '4' }), [
      'Superman',
      'Batman',
    ]);
    assert.deepEqual(await names({ 'superhero.tag.strength.ge': '75', 'superhero.tag.superpower.eq': '3' }), [
      'Superman',
      'Spiderman',
    ]);
    assert.deepEqual(await names({ 'not.superhero.tag.strength.lt': '50' }), ['Superman']);
    assert.deepEqual(
      await names({ 'not.superhero.tag.strength.lt': '50', 'superhero.tag.strength.lt': '100' }),
      [],
    );
    assert.deepEqual(
      await names({ 'not.superhero.tag.superpower.description.eq': 'Flight', 'real_identity.job.ne': 'CEO' }),
      ['Spiderman'],
    );
  });
});
