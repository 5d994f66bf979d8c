import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestDatabase } from '../support/database';
import { TestApp, useTestApp } from '../support/app';
import { createApplicationKey } from '../support/keys';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, any>; parameters: Record<string, any> };
};

/** Every local $ref of the document points at something. */
function danglingRefs(doc: Doc): string[] {
  const missing: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const target = value
          .slice(2)
          .split('/')
          .reduce<any>((at, part) => at?.[part], doc);
        if (target === undefined) missing.push(value);
      } else walk(value);
    }
  };
  walk(doc);
  return missing;
}

describe('GET /:db/rest/openapi.json and the explorer', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let auth: { Authorization: string };
  let doc: Doc;
  useTestApp([], async (stack) => {
    ({ tdb, sut } = stack);
    auth = { Authorization: `Bearer ${await tdb.commit((env) => createApplicationKey(env, 'admin'))}` };
    const res = await sut.http().get(`/${tdb.db}/rest/openapi.json`).set(auth);
    assert.equal(res.status, 200);
    doc = res.body;
  });

  it('needs a key', async () => {
    const res = await sut.http().get(`/${tdb.db}/rest/openapi.json`);
    assert.equal(res.status, 401);
    assert.equal((await sut.http().get('/nosuchdb/rest/openapi.json').set(auth)).status, 404);
  });

  it('is an OpenAPI 3.1 document of the active, non-internal models', () => {
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/{db}/rest/model/res.user']);
    assert.ok(doc.paths['/{db}/rest/model/res.user'].get);
    assert.ok(doc.paths['/{db}/rest/model/res.user'].post);
    assert.ok(doc.paths['/{db}/rest/model/res.user/{id}'].put);
    assert.ok(doc.paths['/{db}/rest/model/res.user/{id}'].delete);
    assert.ok(doc.components.schemas['res.user']);
    assert.ok(doc.components.schemas['res.user'].required.includes('login'));
    assert.ok(doc.components.schemas['res.user.record'].properties.login);
    // Internal models are left out, and so are fields pointing at them.
    assert.equal(doc.components.schemas['res.user.application'], undefined);
    assert.ok(!Object.keys(doc.paths).some((p) => p.includes('res.user.application')));
    assert.ok(!Object.keys(doc.paths).some((p) => p.includes('/ir.module')));
    assert.deepEqual(danglingRefs(doc), []);
    // Every operation has a unique id.
    const ids = Object.values(doc.paths).flatMap((item) =>
      Object.values(item)
        .filter((op: any) => op && op.operationId)
        .map((op: any) => op.operationId),
    );
    assert.equal(new Set(ids).size, ids.length);
  });

  it('maps field types, selections, read-only fields and tagged values', () => {
    const record = doc.components.schemas['res.user.record'];
    assert.equal(record.properties.id.type, 'integer');
    assert.equal(record.properties.id.readOnly, true);
    assert.equal(record.properties.rec_name.readOnly, true);
    assert.deepEqual(record.properties.active.type, 'boolean');
    assert.deepEqual(record.properties.create_date.oneOf[0], { $ref: '#/components/schemas/DateTime' });
    assert.equal(doc.components.schemas.Decimal.properties.__class__.const, 'Decimal');
    assert.equal(
      doc.components.schemas['res.user.write'].properties.groups.$ref,
      '#/components/schemas/X2ManyActions',
    );
    const selections = Object.values(doc.components.schemas).flatMap((schema: any) =>
      Object.values(schema.properties ?? {}).filter((p: any) => Array.isArray(p.enum)),
    );
    assert.ok(selections.length > 0, 'some model has a selection field');
  });

  it('documents search parameters, sub-collections, buttons, methods and usages', () => {
    const search = doc.paths['/{db}/rest/model/res.user'].get;
    const names = search.parameters.map((p: any) =>
      p.$ref ? doc.components.parameters[p.$ref.split('/').pop()].name : p.name,
    );
    for (const name of ['d', 'o', 's', 'p', 'f', 'Range']) assert.ok(names.includes(name), name);
    assert.ok(doc.paths['/{db}/rest/model/res.user/{id}/groups'].get);
    assert.ok(doc.paths['/{db}/rest/model/res.user/{id}/reset_password'].post);
    assert.ok(doc.paths['/{db}/rest/model/res.user/get_preferences'].post);
    assert.equal(doc.components.parameters.db.schema.default, tdb.db);
  });

  it('is cached: same bytes and ETag, 304 on revalidation', async () => {
    const a = await sut.http().get(`/${tdb.db}/rest/openapi.json`).set(auth);
    const b = await sut.http().get(`/${tdb.db}/rest/openapi.json`).set(auth);
    assert.equal(a.text, b.text);
    assert.ok(a.headers.etag);
    const revalidated = await sut
      .http()
      .get(`/${tdb.db}/rest/openapi.json`)
      .set(auth)
      .set('If-None-Match', a.headers.etag);
    assert.equal(revalidated.status, 304);
  });

  it('serves the explorer page and its assets without a key, from the package (no CDN)', async () => {
    const page = await sut.http().get(`/${tdb.db}/rest/openapi`);
    assert.equal(page.status, 200);
    assert.match(page.headers['content-type'], /^text\/html/);
    assert.match(page.text, /<div id="swagger-ui">/);
    assert.doesNotMatch(page.text, /https?:\/\//);
    for (const file of ['swagger-ui.css', 'swagger-ui-bundle.js', 'explorer.js']) {
      const res = await sut.http().get(`/${tdb.db}/rest/openapi/${file}`);
      assert.equal(res.status, 200, file);
      assert.ok(Number(res.headers['content-length']) > 0, file);
    }
    assert.equal((await sut.http().get(`/${tdb.db}/rest/openapi/package.json`)).status, 404);
    assert.equal((await sut.http().get(`/${tdb.db}/rest/openapi/..%2Fpackage.json`)).status, 404);
    const slash = await sut.http().get(`/${tdb.db}/rest/openapi/`);
    assert.equal(slash.status, 301);
  });
});
