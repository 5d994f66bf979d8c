import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DatabaseServer } from '../../src/storage/database';
import type { TestApp } from '../support/app';
import { HeroesModule } from './fixtures/heroes.module';
import { PydalClient, usePydalApp } from './fixtures/pydal-client';
import { HeroesRelationsModule } from './fixtures/relations.module';

/**
 * Our generalisation of pyDAL's grammar: paths of any depth through one2many and many2many fields
 * (and pyDAL's reverse form at any depth), lookups through relation fields, models with dotted names.
 */
describe('pyDAL dialect through relation fields', () => {
  let sut: TestApp;
  let api: PydalClient;
  usePydalApp([HeroesModule, HeroesRelationsModule], (app) => ({ sut, api } = app));

  const names = async (table: string, query: Record<string, string>) => {
    const { status, body } = await api.get(table, query);
    assert.equal(status, 200, JSON.stringify(body));
    return body.items.map((i: { name: string }) => i.name);
  };

  it('answers the plain models as before: relations to many are not columns', async () => {
    const { body } = await api.get('superhero', { '@model': 'true' });
    assert.deepEqual(body.items[0], { id: 1, name: 'Superman', real_identity: 1 });
    assert.deepEqual(
      body.model.map((f: { name: string }) => f.name),
      ['id', 'name', 'real_identity'],
    );
    assert.deepEqual(body.model[0].referenced_by, ['tag.superhero', 'hero.mission.hero']);
  });

  it('filters through one2many and many2many fields, at any depth', async () => {
    assert.deepEqual(await names('superhero', { 'tags.strength.gt': '90' }), ['Superman']);
    assert.deepEqual(await names('superhero', { 'powers.description.eq': 'Flight' }), ['Superman']);
    assert.deepEqual(await names('superhero', { 'tags.superpower.description.eq': 'Flight' }), ['Superman']);
    assert.deepEqual(await names('superhero', { 'missions.villain.name.eq': 'Bruce Wayne' }), ['Superman']);
    assert.deepEqual(await names('superhero', { 'missions.name.startswith': 'Save' }), [
      'Superman',
      'Batman',
    ]);
    assert.deepEqual(await names('superhero', { 'not.tags.strength.lt': '50' }), ['Superman']);
    assert.deepEqual(await names('superhero', { 'tags.strength.gt': '60', 'tags.superpower.eq': '2' }), [
      'Superman',
      'Batman',
    ]);
    assert.deepEqual(await names('superhero', { 'tags.eq': '5' }), ['Spiderman']);
    assert.deepEqual(await names('superhero', { 'not.tags.eq': '5' }), ['Superman', 'Batman']);
    assert.deepEqual(await names('superhero', { 'tags.in': '1,8' }), ['Superman', 'Batman']);
    assert.deepEqual(await names('superhero', { 'powers.eq': '1' }), ['Superman']);
    assert.deepEqual(await names('superhero', { 'not.missions.villain.name.eq': 'Peter Park' }), [
      'Spiderman',
      'Batman',
    ]);
  });

  it("follows pyDAL's reverse form deeper than pyDAL does", async () => {
    assert.deepEqual(await names('person', { 'real_identity.superhero.tags.strength.lt': '15' }), [
      'Peter Park',
    ]);
    assert.deepEqual(
      await names('person', { 'real_identity.superhero.superhero.tag.superpower.description.eq': 'Flight' }),
      ['Clark Kent'],
    );
    const powers = await api.get('superpower', { 'superpower.tag.superhero.real_identity.job.eq': 'CEO' });
    assert.deepEqual(
      powers.body.items.map((p: { description: string }) => p.description),
      ['Strength', 'Speed', 'Durability'],
    );
  });

  it('reaches models with dotted names directly and through their relation fields only', async () => {
    const { body } = await api.get('hero.mission', { 'hero.name.eq': 'Batman' });
    assert.deepEqual(body.items, [{ id: 3, name: 'Save Gotham', hero: 3, villain: 1 }]);
    const looked = await api.get('hero.mission[name,villain]', {
      '@lookup': 'villain[name]',
      'villain.ne': '1',
    });
    assert.deepEqual(looked.body.items, [
      { name: 'Save Metropolis', villain: { name: 'Bruce Wayne' } },
      { name: 'Save Metropolis again', villain: { name: 'Peter Park' } },
    ]);
    const dotted = await api.get('superhero', { 'hero.mission.name.eq': 'Save Gotham' });
    assert.deepEqual([dotted.status, dotted.body.message], [400, "'mission'"]);
  });

  it('looks up through relation fields', async () => {
    const missions = await api.get('superhero', { '@lookup': 'missions[name]' });
    assert.deepEqual(missions.body.items[0].missions, [
      { name: 'Save Metropolis' },
      { name: 'Save Metropolis again' },
    ]);
    const tags = await api.get('superhero', { '@lookup': 'p!:tags[strength].superpower[description]' });
    assert.deepEqual(tags.body.items[1].p, [
      { strength: 50, description: 'Strength' },
      { strength: 75, description: 'Speed' },
      { strength: 10, description: 'Durability' },
    ]);
    const powers = await api.get('superhero', { '@lookup': 'powers[description]', 'id.eq': '3' });
    assert.deepEqual(powers.body.items[0].powers, [
      { description: 'Strength' },
      { description: 'Speed' },
      { description: 'Durability' },
    ]);
    const ids = await api.get('superhero[name,tags,powers]', { 'id.eq': '2', '@model': 'true' });
    assert.deepEqual(ids.body.items, [{ name: 'Spiderman', tags: [5, 6, 7], powers: [2, 3, 4] }]);
    assert.deepEqual(
      ids.body.model.map((f: { type: string; references: string }) => [f.type, f.references]),
      [
        ['string', undefined],
        ['list:reference', 'tag'],
        ['list:reference', 'superpower'],
      ],
    );
  });

  it('reads a page with a constant number of statements, whatever its size', async () => {
    const counter = sut.app.get(DatabaseServer).counter;
    let variant = 0;
    const statements = async (limit: number) => {
      const before = counter.statements;
      // A different (equivalent) filter each time, so that no answer comes from the cache.
      const { body } = await api.get('superhero', {
        'id.gt': String(-++variant),
        '@limit': String(limit),
        '@lookup': 'real_identity[name],t:superhero.tag.superpower,missions,powers[description],tags',
        'superhero.tag.superpower.description.ne': 'x',
        'tags.strength.ge': '0',
      });
      assert.equal(body.items.length, limit);
      return counter.statements - before;
    };
    await statements(1);
    assert.equal(await statements(1), await statements(3));
  });
});
