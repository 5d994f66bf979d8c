import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidPolicyError, Policy } from '../../src/restapi/policy';
import { PolicyRegistry } from '../../src/restapi/policy.registry';
import { TestApp, useTestApp } from '../support/app';
import type { TestDatabase } from '../support/database';
import { apiKey, createApplicationKey } from '../support/keys';
import { HeroesModule } from './fixtures/heroes.module';
import { PolicyDenied, PydalClient, pydalClient } from './fixtures/pydal-client';
import { HeroesPoliciesModule } from './fixtures/policies.module';

/** Policies as pyDAL documents them, per application, narrowing Tryton's access rights. */
describe('pyDAL policies', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let docs: PydalClient;
  let shop: PydalClient;
  let clerk: PydalClient;
  let policies: PolicyRegistry;
  useTestApp([HeroesModule, HeroesPoliciesModule], async (stack) => {
    ({ tdb, sut } = stack);
    const key = (application: string) => tdb.commit((env) => createApplicationKey(env, 'admin', application));
    docs = pydalClient(sut, tdb.db, await key('docs'));
    shop = pydalClient(sut, tdb.db, await key('shop'));
    clerk = pydalClient(sut, tdb.db, await apiKey(tdb, 'clerk'));
    policies = sut.app.get(PolicyRegistry);
  });
  afterEach(() => policies.remove('shop'));

  /** A fresh policy for the shop application, configured by the test. */
  const shopPolicy = () => policies.policy('shop');
  const denied = (answer: { status: number; body: Record<string, any> }): PolicyDenied => [
    answer.status,
    answer.body.message,
  ];

  it("applies a module's declared policy to its application only", async () => {
    const { status, body } = await docs.get('superhero', {
      '@lookup': 'real_identity',
      'name.startswith': 'S',
    });
    assert.equal(status, 200);
    assert.deepEqual(
      body.items.map((h: { real_identity: { name: string } }) => h.real_identity.name),
      ['Clark Kent', 'Peter Park'],
    );
    assert.deepEqual(denied(await docs.post('superpower', { description: 'Flying' })), [
      401,
      'Not authorized',
    ]);
    assert.deepEqual(denied(await docs.delete('superhero', 1)), [401, 'Not authorized']);
    // The application without a policy of its own gets allow-all (narrowed by access rights).
    assert.equal((await shop.post('superpower', { description: 'Flying' })).status, 200);
  });

  it('looks entries up per model, then `*`; a model entry shadows `*` for every method', async () => {
    shopPolicy().set('*', 'POST', { authorize: true }).set('superhero', 'GET', { authorize: true });
    assert.deepEqual(denied(await shop.post('superhero', { name: 'Robin' })), [401, 'Not authorized']);
    assert.equal((await shop.post('superpower', { description: 'Laser' })).status, 200);
    assert.deepEqual(denied(await shop.get('superpower', { 'id.eq': '1' })), [401, 'Not authorized']);
    assert.equal((await shop.get('superhero')).status, 200);
    shopPolicy().clear().set('superhero', 'GET', { authorize: true });
    assert.deepEqual(denied(await shop.get('person')), [401, 'No policy for this object']);
    assert.deepEqual(denied(await shop.patch('superhero', 1, {})), [401, 'No policy for this method']);
    // The model name is checked first, even under a policy that denies everything.
    assert.deepEqual(denied(await shop.get('bogus')), [400, 'Invalid table name: bogus']);
  });

  it('matches every query key against denied, then allowed patterns', async () => {
    shopPolicy().set('superhero', 'GET', {
      authorize: true,
      allowed_patterns: ['name.*', 'not.name.*', '@limit', '@order'],
      denied_patterns: ['*.contains'],
    });
    assert.equal((await shop.get('superhero', { 'name.eq': '' })).status, 200);
    assert.equal((await shop.get('superhero', { 'not.name.startswith': '', '@limit': '1' })).status, 200);
    assert.deepEqual(denied(await shop.get('superhero', { 'real_identity.name.eq': '' })), [
      401,
      'Pattern is not explicitely allowed',
    ]);
    assert.deepEqual(denied(await shop.get('superhero', { '@offset': '1' })), [
      401,
      'Pattern is not explicitely allowed',
    ]);
    assert.deepEqual(denied(await shop.get('superhero', { 'name.contains': 'x' })), [
      401,
      'Pattern is not allowed',
    ]);
    // The path id is no query key; a field list in the name does not escape the model's patterns.
    assert.equal((await shop.get('superhero', '', 1)).status, 200);
    assert.deepEqual(denied(await shop.get('superhero[name]', { '@offset': '1' })), [
      401,
      'Pattern is not explicitely allowed',
    ]);
    shopPolicy().set('tag', 'GET', { authorize: true });
    assert.equal((await shop.get('tag')).status, 200);
    assert.deepEqual(denied(await shop.get('tag', { '@limit': '1' })), [
      401,
      'Pattern is not explicitely allowed',
    ]);
    shopPolicy().set('tag', 'GET', { allowed_patterns: ['s?r[!n-z]ngth.[gl]t', '@l*'] });
    assert.equal((await shop.get('tag', { 'strength.gt': '1', '@limit': '2' })).status, 200);
    assert.equal((await shop.get('tag', { 'strength.ge': '1' })).status, 401);
  });

  it('restricts the fields a GET shows, not those it filters or sorts on', async () => {
    shopPolicy()
      .set('*', 'GET', { authorize: true, allowed_patterns: ['**'] })
      .set('person', 'GET', {
        authorize: true,
        allowed_patterns: ['**'],
        fields: ['name'],
      });
    const ceo = await shop.get('person', { 'job.eq': 'CEO', '@order': '~job', '@model': 'true' });
    assert.deepEqual(ceo.body.items, [{ name: 'Bruce Wayne' }]);
    assert.deepEqual(
      ceo.body.model.map((f: { name: string }) => f.name),
      ['name'],
    );
    assert.deepEqual(denied(await shop.get('person[job]')), [400, "Invalid fields: ['job']"]);
    const looked = await shop.get('superhero', { '@lookup': 'real_identity', 'id.eq': '1' });
    assert.deepEqual(looked.body.items[0].real_identity, { name: 'Clark Kent' });
    assert.deepEqual(denied(await shop.get('superhero', { '@lookup': 'real_identity[job]' })), [
      400,
      "Invalid fields: ['job']",
    ]);
  });

  it('caps an explicit @limit by the policy limit, a number or a function of the request', async () => {
    shopPolicy().set('*', 'GET', { authorize: true, allowed_patterns: ['**'], limit: 2 });
    assert.equal((await shop.get('tag', { '@limit': '10' })).body.items.length, 2);
    assert.equal((await shop.get('tag', { '@limit': '1' })).body.items.length, 1);
    // As pyDAL: the default of 100 rows is not capped.
    assert.equal((await shop.get('superhero')).body.items.length, 3);
    shopPolicy().set('*', 'GET', { limit: (r) => (r.model === 'tag' ? 4 : 1) });
    assert.equal((await shop.get('tag', { '@limit': '10' })).body.items.length, 4);
    assert.equal((await shop.get('superhero', { '@limit': '10' })).body.items.length, 1);
  });

  it('asks a callable `authorize` as pyDAL does: with the id and query, then again without them', async () => {
    const seen: unknown[] = [];
    shopPolicy().set('superhero', 'GET', {
      authorize: (r) => (seen.push([r.application, r.model, r.method, r.id, r.query]), r.id !== null),
      allowed_patterns: ['**'],
    });
    // pyDAL's search() asks again with no id: `lambda t, i, g, p: i is not None` refuses GET by id.
    assert.deepEqual(denied(await shop.get('superhero', { '@limit': '1' }, 1)), [401, 'Not authorized']);
    assert.deepEqual(denied(await shop.get('superhero')), [401, 'Not authorized']);
    assert.deepEqual(seen, [
      ['shop', 'superhero', 'GET', '1', { '@limit': '1' }],
      ['shop', 'superhero', 'GET', null, {}],
      ['shop', 'superhero', 'GET', null, {}],
    ]);
    seen.length = 0;
    shopPolicy().set('superhero', 'GET', {
      authorize: (r) => (seen.push([r.id, r.query]), r.model === 'superhero'),
      allowed_patterns: ['**'],
    });
    assert.equal((await shop.get('superhero', { '@limit': '1' }, 1)).status, 200);
    assert.deepEqual(seen, [
      ['1', { '@limit': '1' }],
      [null, {}],
    ]);
  });

  it('ANDs the policy query into every GET, its count and lookups into the model', async () => {
    shopPolicy()
      .set('*', 'GET', { authorize: true, allowed_patterns: ['**'] })
      .set('superhero', 'GET', {
        authorize: true,
        allowed_patterns: ['**'],
        query: [['name', '!=', 'Batman']],
      });
    const list = await shop.get('superhero');
    assert.deepEqual([list.body.count, list.body.items.map((h: { id: number }) => h.id)], [2, [1, 2]]);
    const hidden = await shop.get('superhero', '', 3);
    assert.deepEqual([hidden.status, hidden.body.items, hidden.body.count], [200, [], 0]);
    const tags = await shop.get('tag[id,superhero]', { '@lookup': 'superhero[name]', 'id.in': '1,8' });
    assert.deepEqual(tags.body.items, [
      { id: 1, superhero: { name: 'Superman' } },
      { id: 8, superhero: null },
    ]);
  });

  it('refuses lookups into a model the policy does not let one read, and lookups it forbids', async () => {
    shopPolicy()
      .set('superhero', 'GET', { authorize: true, allowed_patterns: ['**'] })
      .set('tag', 'GET', { authorize: false });
    assert.deepEqual(denied(await shop.get('superhero', { '@lookup': 'superhero.tag' })), [
      401,
      'Not authorized',
    ]);
    assert.deepEqual(denied(await shop.get('superhero', { '@lookup': 'p:superhero.tag.superpower' })), [
      401,
      'Not authorized',
    ]);
    assert.deepEqual(denied(await shop.get('superhero', { '@lookup': 'real_identity' })), [
      401,
      'No policy for this object',
    ]);
    // referenced_by lists only what the policy lets one read.
    assert.deepEqual((await shop.get('superhero', { '@model': 'true' })).body.model[0].referenced_by, []);
    shopPolicy().set('person', 'GET', { authorize: (r) => r.id === null });
    assert.equal((await shop.get('superhero', { '@lookup': 'real_identity' })).status, 200);
    shopPolicy().set('superhero', 'GET', { allow_lookup: false });
    assert.deepEqual(denied(await shop.get('superhero', { '@lookup': 'real_identity' })), [
      401,
      'Lookup not allowed',
    ]);
  });

  it('restricts POST and PUT fields; @model says which are writable', async () => {
    shopPolicy()
      .set('superhero', 'GET', { authorize: true, allowed_patterns: ['**'] })
      .set('superhero', 'POST', { authorize: true, fields: ['name'] })
      .set('superhero', 'PUT', { authorize: true, fields: ['name', 'real_identity'] });
    assert.deepEqual(denied(await shop.post('superhero', { name: 'Robin', real_identity: 1 })), [
      400,
      "Invalid fields: ['real_identity']",
    ]);
    const { body } = await shop.get('superhero', { '@model': 'true' });
    assert.deepEqual(
      body.model.map((f: Record<string, unknown>) => [f.name, f.post_writable, f.put_writable]),
      [
        ['id', false, false],
        ['name', true, true],
        ['real_identity', false, true],
      ],
    );
    assert.deepEqual(denied(await shop.delete('superhero', 1)), [401, 'Not authorized']);
  });

  it('validates policy declarations as pyDAL does', () => {
    assert.throws(() => new Policy().set('x', 'PATCH' as 'GET', {}), InvalidPolicyError);
    assert.throws(
      () => new Policy().set('x', 'POST', { allowed_patterns: ['*'] } as object),
      InvalidPolicyError,
    );
  });

  describe('under access rights', () => {
    it('answers 403 for a model the user may not read, however reached', async () => {
      assert.deepEqual(denied(await clerk.get('person')), [
        403,
        'You are not allowed to read records of "person" (person)',
      ]);
      assert.equal((await clerk.get('superhero', { '@lookup': 'real_identity' })).status, 403);
      assert.equal((await clerk.get('superhero', { 'real_identity.name.eq': 'Clark Kent' })).status, 403);
      assert.equal((await clerk.get('superhero', { 'real_identity.eq': '1' })).status, 200);
      const sorted = await clerk.get('superhero', { '@order': '~real_identity' });
      assert.deepEqual(
        sorted.body.items.map((h: { id: number }) => h.id),
        [1, 2, 3],
      );
    });

    it('leaves out fields the user may not read, and refuses them when named', async () => {
      const tags = await clerk.get('tag', { 'id.eq': '1', '@model': 'true' });
      assert.deepEqual(tags.body.items, [{ id: 1, superhero: 1, superpower: 1 }]);
      assert.deepEqual(
        tags.body.model.map((f: Record<string, unknown>) => [f.name, f.post_writable]),
        [
          ['id', true],
          ['superhero', true],
          ['superpower', true],
        ],
      );
      assert.deepEqual(denied(await clerk.get('tag[strength]')), [400, "Invalid fields: ['strength']"]);
      assert.equal((await clerk.get('tag', { 'strength.gt': '50' })).status, 403);
      assert.equal((await clerk.get('superhero', { 'superhero.tag.strength.gt': '90' })).status, 403);
      const looked = await clerk.get('superhero', { '@lookup': 'superhero.tag', 'id.eq': '2' });
      assert.deepEqual(looked.body.items[0]['superhero.tag'], [
        { id: 5, superhero: 2, superpower: 2 },
        { id: 6, superhero: 2, superpower: 3 },
        { id: 7, superhero: 2, superpower: 4 },
      ]);
      assert.deepEqual(denied(await clerk.get('superhero', { '@lookup': 'superhero.tag[strength]' })), [
        400,
        "Invalid fields: ['strength']",
      ]);
      const ordered = await clerk.get('tag[id]', { '@order': '~strength', '@limit': '2' });
      assert.deepEqual(ordered.body.items, [{ id: 1 }, { id: 2 }]);
    });

    it('never widens the rights: a policy that allows everything still meets them', async () => {
      assert.deepEqual(denied(await clerk.post('tag', { superhero: 1 })), [
        403,
        'You are not allowed to create records of "tag" (tag)',
      ]);
      assert.equal((await clerk.post('superhero', { name: 'Robin' })).status, 200);
      assert.deepEqual(denied(await clerk.post('tag', { strength: 1 })), [
        400,
        "Invalid fields: ['strength']",
      ]);
    });
  });
});
