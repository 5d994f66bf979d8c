import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Response } from 'supertest';
import { BUSINESS_MODULES } from '../../modules';
import { useTestApp, TestApp } from '../support/app';
import type { TestDatabase } from '../support/database';
import { bearer } from './http-support';
import { LeakScenario, SECRETS, seedLeakScenario } from './leak-setup';

type Who = keyof LeakScenario['keys'];

/**
 * For the enclosing describe: the leak scenario over real HTTP (see seedLeakScenario), and what the
 * matrix's vectors use to probe it. Each vector is one test; their number is printed after them.
 */
export function useLeakMatrix(kind: 'hidden' | 'denied') {
  let tdb: TestDatabase;
  let sut: TestApp;
  let scenario: LeakScenario;
  useTestApp(
    BUSINESS_MODULES,
    (stack) => {
      tdb = stack.tdb;
      sut = stack.sut;
    },
    { seed: async (db) => (scenario = await seedLeakScenario(db)) },
  );
  let count = 0;
  after(() =>
    console.log(`leak matrix: ${count} ${kind === 'hidden' ? 'hidden-record' : 'denied-field'} vectors`),
  );

  const get = (who: Who, url: string, headers: Record<string, string> = {}) =>
    sut.http().get(url).set(bearer(scenario.keys[who])).set(headers);
  return {
    /** One vector of the matrix: a test. */
    vector(name: string, fn: () => Promise<void>) {
      count++;
      it(`${kind}: ${name}`, fn);
    },
    get s() {
      return scenario;
    },
    get db() {
      return tdb;
    },
    get sut() {
      return sut;
    },
    q: (value: unknown) => encodeURIComponent(JSON.stringify(value)),
    model: (path: string) => `/${tdb.db}/rest/model/${path}`,
    api: (path: string) => `/${tdb.db}/rest/api/${path}`,
    get,
    send(who: Who, method: 'post' | 'put', url: string, body: unknown) {
      const http = sut.http();
      return (method === 'post' ? http.post(url) : http.put(url))
        .set(bearer(scenario.keys[who]))
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body));
    },
    del: (url: string) => sut.http().delete(url).set(bearer(scenario.keys.sales)),
    /** No secret text anywhere in the answer, headers included. */
    clean,
    /** The same status, body and Content-Range (the ids of the two probes made equal). */
    same(a: Response, b: Response, ids: [number, number] = [0, 0]) {
      clean(a);
      const norm = (r: Response, id: number) =>
        JSON.stringify({ status: r.status, body: r.body, range: r.headers['content-range'] ?? null })
          .replace(new RegExp(`\\b${id || 'no-id'}\\b`, 'g'), '<id>')
          .replace(/"timestamp":"[^"]*"/g, '');
      assert.equal(norm(a, ids[0]), norm(b, ids[1]));
    },
    /** Renames the hidden party (as root, committed). */
    rename: (name: string) =>
      tdb.commit((env) => env.model('party.party').write(env, [scenario.hidden.party], { name })),
  };
}

function clean(res: Response): Response {
  const body = res.text ?? (Buffer.isBuffer(res.body) ? res.body.toString() : '');
  const text = `${body} ${JSON.stringify(res.headers)}`;
  for (const secret of SECRETS)
    assert.ok(!text.includes(secret), `"${secret}" leaked: ${text.slice(0, 300)}`);
  return res;
}
