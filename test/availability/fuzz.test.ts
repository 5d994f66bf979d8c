import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FuzzTarget, fuzzRequests } from '../../bench/fuzz/grammar';
import { sendAll } from '../../bench/fuzz/send';
import { TestApp, useTestApp } from '../support/app';
import type { TestDatabase } from '../support/database';
import { createApplicationKey } from '../support/keys';
import { TestModule } from '../fixtures/test.module';
import { HeroesModule } from '../restapi/fixtures/heroes.module';
import { HeroesRelationsModule } from '../restapi/fixtures/relations.module';
import { listen } from './support';

const PARTNER = ['name', 'code', 'active', 'score', 'ratio', 'balance', 'since', 'seen', 'opens', 'delay'];

/** The fuzz target of the test fixtures (the runner, npm run fuzz, aims at the business modules). */
export function fixtureTarget(db: string, key: string): FuzzTarget {
  return {
    db,
    key,
    models: {
      'test.partner': [...PARTNER, 'notes', 'photo', 'kind', 'category', 'tags', 'lines', 'line_count'],
      'test.category': ['name', 'parent', 'children', 'active'],
      'test.line': ['partner', 'sequence', 'product', 'quantity', 'unit_price', 'amount'],
      'res.user': ['login', 'name', 'groups', 'active', 'applications'],
      'res.group': ['name', 'users'],
      'ir.lang': ['code', 'name', 'translatable'],
    },
    writable: ['test.partner', 'test.category', 'test.line'],
    tables: {
      superhero: ['id', 'name', 'real_identity', 'tag', 'missions'],
      person: ['id', 'name', 'job', 'superhero'],
      tag: ['id', 'superhero', 'superpower', 'strength'],
      superpower: ['id', 'description', 'tag'],
      color: ['id', 'name', 'thing'],
      thing: ['id', 'name', 'color', 'rel'],
      rel: ['id', 'a', 'b', 'desc'],
      'hero.mission': ['id', 'hero', 'villain', 'name'],
    },
    writableTables: ['color', 'thing', 'superpower', 'person', 'rel'],
    methods: ['get_preferences', 'reset_password', 'search_count', 'default_get', 'copy', 'delete'],
    reports: ['res.user.email_reset_password'],
    logins: ['admin', 'nobody', 'fuzzer'],
  };
}

/**
 * A few thousand seeded hostile requests over both dialects, every route, header and body kind:
 * no answer is a 5xx, every request is answered (or its transfer cut), and the app still serves.
 */
describe('fuzzing both dialects', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let key: string;
  let port: number;
  useTestApp(
    [TestModule, HeroesModule, HeroesRelationsModule],
    async (stack) => {
      ({ tdb, sut } = stack);
      key = await tdb.commit((env) => createApplicationKey(env, 'admin'));
      port = await listen(sut.app);
    },
    {
      seed: (t) =>
        t.commit(async (env) => {
          const Category = env.model('test.category');
          const [root] = await Category.create(env, [{ name: 'Root' }]);
          const [child] = await Category.create(env, [{ name: 'Child', parent: root }]);
          await Category.create(env, [{ name: 'Leaf', parent: child }]);
          await env.model('test.partner').create(
            env,
            Array.from({ length: 60 }, (_, i) => ({
              name: `P${i}`,
              code: `C${i}`,
              category: i % 2 ? root : child,
              lines: [['create', [{ product: `L${i}`, quantity: 1 }]]],
            })),
          );
        }),
      // Requests without a key are part of the grammar: the per-address limit would answer most of them 429.
      env: { RATE_LIMIT_ANONYMOUS: '0', DB_POOL_SIZE: '6' },
    },
  );

  it('answers 3,000 seeded requests without a 5xx or a hang', async () => {
    const next = fuzzRequests(20261201, fixtureTarget(tdb.db, key));
    // The sender gives up on a request after 2 x slowMs: 60 s here, so only a hang counts.
    const stats = await sendAll(`http://127.0.0.1:${port}`, next, 3000, { concurrency: 6, slowMs: 30_000 });
    const answered = Object.values(stats.statuses).reduce((a, b) => a + b, 0);
    assert.deepEqual(stats.serverErrors, [], JSON.stringify(stats.statuses));
    assert.equal(answered, stats.sent - stats.unsendable, 'every request sent got an answer');
    assert.ok(stats.unsendable < 100, `${stats.unsendable} requests could not be sent`);
    // The grammar reaches every kind, and both sides: answers and refusals.
    for (const kind of ['rest.search', 'rest.read', 'rest.write', 'rest.create', 'pydal.get', 'pydal.post'])
      assert.ok((stats.kinds[kind] ?? 0) > 50, `${kind}: ${JSON.stringify(stats.kinds)}`);
    for (const status of ['200', '400', '401', '404'])
      assert.ok((stats.statuses[status] ?? 0) > 20, `${status}: ${JSON.stringify(stats.statuses)}`);
    const after = await sut
      .http()
      .get(`/${tdb.db}/rest/model/res.user?f=login`)
      .set('Authorization', `Bearer ${key}`);
    assert.equal(after.status, 200);
  });
});
