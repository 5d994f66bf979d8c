import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestDatabase } from '../support/database';
import { TestApp, useTestApp } from '../support/app';
import { createApplicationKey } from '../support/keys';
import { TestModule } from '../fixtures/test.module';

const b64 = (text: string) => Buffer.from(text).toString('base64url');

/** Malformed d, o, f, Range, context, ids and bodies: only 4xx answers, never a 5xx. */
describe('malformed input', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let auth: Record<string, string>;
  let base: string;
  useTestApp([TestModule], async (stack) => {
    ({ tdb, sut } = stack);
    auth = { Authorization: `Bearer ${await tdb.commit((env) => createApplicationKey(env, 'admin'))}` };
    base = `/${tdb.db}/rest/model`;
  });

  const domains = [
    '[',
    '{}',
    '"x"',
    '[["name"]]',
    '[["name", "=", "a", "b", "c"]]',
    '[["name", "LIKE", "a"]]',
    '[["nope", "=", 1]]',
    '[["name.x", "=", 1]]',
    '[["score", "=", "abc"]]',
    '[["score", "in", 3]]',
    '[["score", ">", {"__class__": "Decimal", "decimal": "x"}]]',
    '[["since", "=", {"__class__": "date", "year": 2024, "month": 13, "day": 1}]]',
    '[["category", "child_of", ["x"]]]',
    '[["lines", "where", "x"]]',
    '[["name", "=", "a"], 5]',
    '["AND"]',
    '["OR", ["name", "=", 1]]',
    '[["id", "=", 1e308]]',
    '[["score", "=", 99999999999]]',
    '[["name", "like", null]]',
    '[["balance", "=", "1e99999"]]',
    '[["photo", "=", {"__class__": "bytes", "base64": "***"}]]',
    '[["rec_name", "ilike", 3]]',
    '[["create_uid.password_hash", "=", "x"]]',
    '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["name","=","a"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
  ];
  const orders = [
    '[',
    '[["name"',
    '[["name", "UP"]]',
    '[["nope", "ASC"]]',
    '[["lines", "ASC"]]',
    '[["line_count", "ASC"]]',
    '"name"',
    '[[1, "ASC"]]',
  ];
  const fields = ['', '.', 'name.', 'nope', 'lines.nope', 'name.x', '__proto__', 'constructor', 'a b'];
  const ranges = [
    'records=',
    'records=a-b',
    'records=5-2',
    'records=99999999999-',
    'bytes=0-10',
    'records=1-2-3',
    'records',
  ];
  const contexts = [
    '{',
    '[]',
    '"x"',
    b64('[1]'),
    '%%%',
    '{"language": 5}',
    '{"language": "../../etc"}',
    '{"active_test": "no"}',
  ];

  it('searches answer 4xx, never 5xx', async () => {
    const requests: [string, Record<string, string>][] = [];
    for (const d of domains) {
      requests.push([`${base}/test.partner?d=${encodeURIComponent(d)}`, {}]);
      requests.push([`${base}/test.partner?d=${b64(d)}`, {}]);
    }
    for (const o of orders) requests.push([`${base}/test.partner?o=${encodeURIComponent(o)}`, {}]);
    for (const f of fields) requests.push([`${base}/test.partner?f=${encodeURIComponent(f)}`, {}]);
    for (const r of ranges) requests.push([`${base}/test.partner`, { Range: r }]);
    for (const c of contexts) requests.push([`${base}/test.partner`, { 'X-Tryton-Context': c }]);
    for (const q of ['s=-1', 's=abc', 'p=-5', 'p=1.5', 's=1&s=2', 'd=%ZZ'])
      requests.push([`${base}/test.partner?${q}`, {}]);
    for (const path of [
      'nope.model',
      'test.partner/abc',
      'test.partner/0',
      'test.partner/-1',
      'test.partner/1/nope',
      'test.partner/1/name',
      'test.partner/99999999999',
    ]) {
      requests.push([`${base}/${path}`, {}]);
    }
    for (const [url, headers] of requests) {
      const res = await sut.http().get(url).set(auth).set(headers);
      assert.ok(
        res.status >= 200 && res.status < 500,
        `${url} ${JSON.stringify(headers)} -> ${res.status} ${res.text}`,
      );
      if (res.status >= 400) {
        assert.equal(res.headers['content-type'], 'application/json');
        assert.equal(typeof res.body.message, 'string');
      }
    }
  });

  it('writes answer 4xx and leave nothing half-written', async () => {
    const bodies = [
      '{',
      '[]',
      '"x"',
      'null',
      '{"nope": 1}',
      '{"name": 5}',
      '{"name": "x", "score": "ten"}',
      '{"name": "x", "lines": [["create", [{"nope": 1}]]]}',
      '{"name": "x", "lines": [["explode", []]]}',
      '{"name": "x", "lines": "x"}',
      '{"name": "x", "tags": [["add", [999999]]]}',
      '{"name": "x", "category": 999999}',
      '{"name": "x", "id": 5}',
      '{"name": "x", "balance": {"__class__": "Decimal", "decimal": "1.234"}}',
      '{"name": "x", "since": {"__class__": "date", "year": "x"}}',
      '{"name": "x", "kind": "alien"}',
      '{"name": "' + 'x'.repeat(100) + '"}',
      '{"name": "x", "score": 1e400}',
    ];
    const countBefore = (await sut.http().get(`${base}/test.partner?f=id`).set(auth)).body.length;
    for (const body of bodies) {
      const res = await sut
        .http()
        .post(`${base}/test.partner`)
        .set(auth)
        .set('Content-Type', 'application/json')
        .send(body);
      assert.ok(res.status >= 400 && res.status < 500, `POST ${body} -> ${res.status} ${res.text}`);
    }
    const after = (await sut.http().get(`${base}/test.partner?f=id`).set(auth)).body.length;
    assert.equal(after, countBefore);
    const created = await sut.http().post(`${base}/test.partner`).set(auth).send({ name: 'Fuzz' });
    assert.equal(created.status, 200);
    for (const body of bodies) {
      const res = await sut
        .http()
        .put(`${base}/test.partner/${created.body.id}`)
        .set(auth)
        .set('Content-Type', 'application/json')
        .send(body);
      assert.ok(res.status >= 400 && res.status < 500, `PUT ${body} -> ${res.status} ${res.text}`);
    }
    const stored = await sut.http().get(`${base}/test.partner/${created.body.id}?f=name&f=lines`).set(auth);
    assert.deepEqual(stored.body, { id: created.body.id, __name__: 'test.partner', name: 'Fuzz', lines: [] });
    for (const path of ['test.partner/1/nope', 'test.partner/nope', 'test.partner/abc/x']) {
      const res = await sut.http().post(`${base}/${path}`).set(auth).send('{"a":');
      assert.ok(res.status >= 400 && res.status < 500, `${path} -> ${res.status}`);
    }
  });
});
