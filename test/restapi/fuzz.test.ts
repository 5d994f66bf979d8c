import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TestApp, useTestApp } from '../support/app';
import type { TestDatabase } from '../support/database';
import { createApplicationKey } from '../support/keys';
import { HeroesModule } from './fixtures/heroes.module';
import { HeroesRelationsModule } from './fixtures/relations.module';
// The project's seeded generator (mulberry32, shared with test/availability/fuzz.test.ts and npm run fuzz).
import { random } from '../../bench/fuzz/grammar';

const TABLES = ['superhero', 'tag', 'person', 'superpower', 'hero.mission', 'thing', 'rel', 'color'];
const SEGMENTS = [
  ...['id', 'name', 'job', 'real_identity', 'superhero', 'superpower', 'strength', 'tag', 'tags', 'powers'],
  ...['missions', 'villain', 'hero', 'description', 'a', 'b', 'desc', 'color', 'rel', 'thing'],
  ...['not', 'eq', 'EQ', 'in', 'contains', 'startswith', 'lt', 'like', '', '__proto__', 'constructor'],
  ...[
    'create_uid',
    'rec_name',
    'write_date',
    'fields',
    'é',
    '%',
    '[x]',
    'hero.mission',
    'res.user',
    '@lookup',
  ],
];
const VALUES = [
  ...['', '1', '0', '-1', ' 7 ', '+3', '1_0', '2147483648', '-2147483649', '99999999999999999999999', '1e3'],
  ...[
    '1.5',
    'abc',
    'null',
    'true',
    'F',
    '1,2,,3',
    ',',
    '%',
    '_',
    '\\',
    "'",
    '"',
    'é',
    '\u0000',
    'x'.repeat(5000),
  ],
  ...['2020-01-01', '2020-13-45', '[1]', '{"a":1}', 'Superman', 'S%_\\'],
];
const MODIFIERS = [
  '@offset',
  '@limit',
  '@order',
  '@lookup',
  '@model',
  '@options_list',
  '@count',
  '@foo',
  '@',
];
const LOOKUPS = [
  ...[
    'real_identity',
    'x!:real_identity[name,bogus]',
    'superhero.tag.superpower',
    'a:superhero.tag[strength]',
  ],
  ...[
    '!:',
    ':',
    '[',
    ']',
    'a[b',
    'tags[id].superpower',
    'powers[description].x',
    'missions.villain',
    'a.b.c.d.e',
  ],
  ...[
    'real_identity,real_identity[name]',
    'color!:color',
    'related!:a.rel.b',
    'p!:superhero.tag[].x[]',
    'é:é',
  ],
];

/** Malformed input of every kind: the answer is always a pyDAL envelope, never a 500. */
describe('pyDAL dialect under malformed input', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let auth: string;
  useTestApp([HeroesModule, HeroesRelationsModule], async (stack) => {
    ({ tdb, sut } = stack);
    auth = `Bearer ${await tdb.commit((env) => createApplicationKey(env, 'admin'))}`;
  });

  const statuses = new Map<number, number>();
  const check = (res: { status: number; body: Record<string, unknown>; text: string }, what: string) => {
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    assert.ok(res.status < 500, `${res.status} for ${what}: ${res.text.slice(0, 300)}`);
    assert.equal(res.body.code, res.status, what);
    assert.equal(res.body.api_version, '0.1', what);
    assert.ok(res.body.status === 'success' || res.body.status === 'error', what);
  };

  it('answers every malformed GET with a 2xx or 4xx envelope', async () => {
    const { next, pick } = random(20260520);
    const enc = encodeURIComponent;
    for (let i = 0; i < 400; i++) {
      const pairs: string[] = [];
      const count = 1 + Math.floor(next() * 3);
      for (let k = 0; k < count; k++) {
        const kind = next();
        let key: string;
        let value = pick(VALUES);
        if (kind < 0.3) {
          key = pick(MODIFIERS);
          if (key === '@lookup') value = pick(LOOKUPS);
          if (key === '@order') value = [pick(SEGMENTS), `~${pick(SEGMENTS)}`].join(',');
        } else {
          const depth = 1 + Math.floor(next() * 5);
          key = Array.from({ length: depth }, () => pick(SEGMENTS)).join('.');
        }
        pairs.push(`${enc(key)}=${enc(value)}`);
      }
      let table = pick(TABLES);
      if (next() < 0.2) table += `[${pick(SEGMENTS)},${pick(SEGMENTS)}]`;
      const id = next() < 0.15 ? `/${enc(pick(VALUES) || 'x')}` : '';
      const url = `/${tdb.db}/rest/api/${enc(table)}${id}?${pairs.join('&')}`;
      check(await sut.http().get(url).set('Authorization', auth), url);
    }
    // The generator reaches both sides: answers and refusals.
    assert.ok((statuses.get(200) ?? 0) > 10 && (statuses.get(400) ?? 0) > 100, JSON.stringify([...statuses]));
  });

  it('answers every malformed write with a 2xx or 4xx envelope, and a missing key with 401', async () => {
    const { next, pick } = random(7);
    const bodies: unknown[] = [
      { name: { a: 1 } },
      { name: [1, 2] },
      { strength: '1e400' },
      { strength: 1.5 },
      { strength: 99999999999 },
      { superhero: -1 },
      { superhero: 'abc' },
      { real_identity: true },
      { tags: 'x' },
      { tags: [['bogus']] },
      { powers: [['add', [999]]] },
      { id: 'x' },
      { __proto__: { name: 1 } },
      { description: null },
      {},
    ];
    for (let i = 0; i < 120; i++) {
      const table = pick(TABLES);
      const method = pick(['post', 'put', 'delete', 'patch'] as const);
      const id = pick(['', '/1', '/abc', '/0', '/-1', '/99999999999']);
      const url = `/${tdb.db}/rest/api/${encodeURIComponent(table)}${id}`;
      let req = sut.http()[method](url).set('Authorization', auth);
      const shape = next();
      if (shape < 0.15) req = req.set('Content-Type', 'application/json').send('{"name": ');
      else if (shape < 0.25) req = req.type('form').send('name=x&name=y&strength=abc');
      else if (shape < 0.35)
        req = req.set('Content-Type', 'multipart/form-data; boundary=zz').send('--zz\r\nbroken');
      else req = req.send(pick(bodies) as object);
      check(await req, `${method} ${url}`);
    }
    const anonymous = await sut.http().get(`/${tdb.db}/rest/api/superhero`);
    check(anonymous, 'no key');
    assert.equal(anonymous.status, 401);
    const unknownDb = await sut.http().get('/nodb/rest/api/superhero').set('Authorization', auth);
    check(unknownDb, 'unknown database');
    assert.equal(unknownDb.status, 404);
  });
});
