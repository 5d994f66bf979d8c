import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestDatabase } from '../support/database';
import { TestApp, useTestApp } from '../support/app';
import { createApplicationKey } from '../support/keys';
import { TestModule } from '../fixtures/test.module';

/** Seeds a category 'Cat' and count partners in it, partner i as partner(i, category) describes it. */
const partners =
  (count: number, partner: (i: number, category: number) => Record<string, unknown>) => (tdb: TestDatabase) =>
    tdb.commit(async (env) => {
      const [category] = await env.model('test.category').create(env, [{ name: 'Cat' }]);
      await env.model('test.partner').create(
        env,
        Array.from({ length: count }, (_, i) => partner(i, category)),
      );
    });

/** Lists are streamed from a server-side cursor, batch by batch, with related records read per batch. */
describe('streamed search', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let key: string;
  let port: number;
  useTestApp(
    [TestModule],
    async (stack) => {
      ({ tdb, sut } = stack);
      await sut.app.listen(0, '127.0.0.1');
      port = (sut.app.getHttpServer().address() as AddressInfo).port;
      key = await tdb.commit((env) => createApplicationKey(env, 'admin'));
    },
    {
      seed: partners(1234, (i, category) => ({
        name: `P${String(i).padStart(5, '0')}`,
        category,
        lines: [['create', [{ product: `L${i}`, quantity: 1 }]]],
      })),
      // Two connections only: a stream that kept its connection after the client left would starve the pool.
      env: { DB_POOL_SIZE: '2', STREAM_BATCH_SIZE: '100' },
    },
  );

  const path = (query: string) => `/${tdb.db}/rest/model/test.partner?${query}`;

  it('returns every record, in order, with nested paths read per batch', async () => {
    const res = await sut
      .http()
      .get(path('f=name&f=category.name&f=lines.product'))
      .set('Authorization', `Bearer ${key}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/json');
    assert.equal(res.body.length, 1234);
    assert.equal(res.body[0].name, 'P00000');
    assert.equal(res.body[1233].name, 'P01233');
    assert.deepEqual(res.body[700].category, {
      id: res.body[0].category.id,
      __name__: 'test.category',
      name: 'Cat',
    });
    assert.deepEqual(
      res.body[700].lines.map((l: { product: string }) => l.product),
      ['L700'],
    );
  });

  it('releases cursor and connection when the client goes away', async () => {
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((done) => {
        const req = http.get(
          {
            host: '127.0.0.1',
            port,
            path: path('f=name&f=lines.product'),
            headers: { Authorization: `Bearer ${key}` },
          },
          (res) => {
            res.once('data', () => {
              req.destroy();
              done();
            });
          },
        );
        req.on('error', () => undefined);
      });
    }
    const res = await sut.http().get(path('f=name&s=5')).set('Authorization', `Bearer ${key}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.length, 5);
  });
});

describe('SQL statements per request', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let key: string;
  useTestApp(
    [TestModule],
    async (stack) => {
      ({ tdb, sut } = stack);
      key = await tdb.commit((env) => createApplicationKey(env, 'admin'));
    },
    {
      seed: partners(300, (i, category) => ({
        name: `P${i}`,
        category,
        tags: [['add', [category]]],
        lines: [['create', [{ product: 'x' }]]],
      })),
    },
  );

  it('do not grow with the page size', async () => {
    const { DatabaseServer } = await import('../../src/storage/database');
    const counter = sut.app.get(DatabaseServer).counter;
    const statements = async (size: number, variant: number) => {
      const d = Buffer.from(JSON.stringify([['id', '>', -variant]])).toString('base64url');
      const before = counter.statements;
      const res = await sut
        .http()
        .get(
          `/${tdb.db}/rest/model/test.partner?s=${size}&d=${d}&f=name&f=category.name&f=tags.name&f=lines.product&f=line_count`,
        )
        .set('Authorization', `Bearer ${key}`);
      assert.equal(res.status, 200);
      assert.equal(res.body.length, size);
      return counter.statements - before;
    };
    // Warm the in-memory access tables (loaded lazily on the first requests).
    await statements(5, 1);
    await statements(5, 2);
    // Measured between two small pages that cost the same: a state reached meanwhile (the security
    // channel trusted, the access tables shared) changes both, not the page size. Up to 5 tries.
    let variant = 3;
    for (let attempt = 1; ; attempt++) {
      const small = await statements(5, variant++);
      const large = await statements(250, variant++);
      const again = await statements(5, variant++);
      if (small !== again && attempt < 5) continue;
      assert.equal(small, again, 'two small pages in a row cost the same');
      assert.equal(large, small);
      break;
    }
  });
});
