import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestDatabase } from '../support/database';
import { TestApp, useTestApp } from '../support/app';
import { createApplicationKey } from '../support/keys';
import { knownModuleClasses } from '../../src/app.module';
import { loadConfig } from '../../src/config/config';
import { buildOpenApiDocument } from '../../src/openapi/openapi.document';
import { manifestOf } from '../../src/pool/manifest';
import { Pool } from '../../src/pool/pool';

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
    // The catalogues every user reads (as in Tryton) are there.
    assert.ok(doc.components.schemas['ir.model.data']);
    assert.ok(doc.paths['/{db}/rest/model/ir.module']);
    // User applications are managed by administrators through the API: their buttons are there.
    assert.ok(doc.paths['/{db}/rest/model/res.user.application/{id}/validate_']);
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
    assert.equal(doc.components.schemas.DateTime.properties.__class__.const, 'datetime');
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

describe('the OpenAPI document covers everything served', () => {
  let tdb: TestDatabase;
  let doc: Doc & Record<string, any>;
  useTestApp([], async ({ tdb: db, sut }) => {
    tdb = db;
    const key = await tdb.commit((env) => createApplicationKey(env, 'admin'));
    doc = (
      await sut
        .http()
        .get(`/${tdb.db}/rest/openapi.json`)
        .set({ Authorization: `Bearer ${key}` })
    ).body;
  });

  it('names its server and has no path with a trailing slash', () => {
    assert.deepEqual(
      doc.servers.map((s: { url: string }) => s.url),
      ['/'],
    );
    assert.deepEqual(
      Object.keys(doc.paths).filter((p) => p.endsWith('/')),
      [],
    );
    assert.ok(doc.paths['/{db}/user/application'].post);
  });

  it('documents the pyDAL dialect, reports, health, metrics and itself', () => {
    assert.deepEqual(Object.keys(doc.paths['/{db}/rest/api/{table}']).sort(), ['get', 'parameters', 'post']);
    assert.deepEqual(Object.keys(doc.paths['/{db}/rest/api/{table}/{id}']).sort(), [
      'delete',
      'get',
      'parameters',
      'put',
    ]);
    assert.ok(doc.components.parameters.pydalTable['x-tables'].includes('res.user'));
    assert.ok(doc.components.schemas.PydalSearch.properties.items);
    const report = doc.paths['/{db}/rest/report/res.user.email_reset_password/{id}'];
    assert.ok(
      report?.get,
      Object.keys(doc.paths)
        .filter((p) => p.includes('report'))
        .join(),
    );
    for (const path of [
      '/health/live',
      '/health/ready',
      '/metrics',
      '/{db}/rest/openapi.json',
      '/{db}/rest/openapi',
    ])
      assert.ok(doc.paths[path]?.get, path);
    assert.deepEqual(doc.paths['/health/ready'].get.security, []);
  });

  it('types the arguments and answers a module declares for its buttons and methods, with examples', () => {
    const preferences = doc.paths['/{db}/rest/model/res.user/get_preferences'].post;
    const answer = preferences.responses['200'].content['application/json'].schema;
    assert.deepEqual(answer.required, ['id', 'name', 'language']);
    assert.deepEqual(answer.examples, [{ id: 1, name: 'Administrator', language: 'en' }]);
    const reset = doc.paths['/{db}/rest/model/res.user/{id}/reset_password'].post;
    assert.equal(reset.requestBody.content['application/json'].schema.properties.length.default, 8);
    // A button that declares no result answers the record.
    assert.deepEqual(reset.responses['200'].content['application/json'].schema, {
      $ref: '#/components/schemas/res.user.record',
    });
  });
});

describe('the OpenAPI document of every built-in module', () => {
  const pool = new Pool(knownModuleClasses(loadConfig()).map(manifestOf));
  const sut = buildOpenApiDocument({ pool, usagesOf: () => [] }) as unknown as Doc;

  it('gives every operation a unique id, sub-collections apart from models of the same name', () => {
    const ids = Object.values(sut.paths).flatMap((item) =>
      Object.values(item).flatMap((op: any) => (op?.operationId ? [op.operationId] : [])),
    );
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(
      sut.paths['/{db}/rest/model/product.uom/{id}/category'].get.operationId,
      'product.uom~category.search',
    );
    assert.equal(
      sut.paths['/{db}/rest/model/product.uom.category'].get.operationId,
      'product.uom.category.search',
    );
  });

  it("shows web.shop's methods with the schemas web_shop declares", () => {
    const products = sut.paths['/{db}/rest/model/web.shop/{id}/get_products'].post;
    const items = products.responses['200'].content['application/json'].schema.items;
    assert.ok(items.required.includes('sale_price'));
    assert.ok(items.examples.length > 0);
    const cart = sut.paths['/{db}/rest/model/web.shop/{id}/get_sale'].post;
    assert.equal(cart.requestBody.content['application/json'].schema.properties.party.type, 'integer');
  });
});
