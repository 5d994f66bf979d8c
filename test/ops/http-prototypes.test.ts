import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { useExpressPrototypes } from '../../src/http/configure';
import { TestApp, useTestApp } from '../support/app';

/** Starts a server, sends one GET, and gives back the answer and the prototypes of the objects it made. */
async function oneRequest(server: http.Server): Promise<{ req: object; res: object; body: string }> {
  let seen: { req: object; res: object } | null = null;
  server.prependListener(
    'request',
    (req, res) =>
      (seen ??= { req: Object.getPrototypeOf(req) as object, res: Object.getPrototypeOf(res) as object }),
  );
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  try {
    const { port } = server.address() as AddressInfo;
    const body = await new Promise<string>((done, fail) => {
      http
        .get({ port, host: '127.0.0.1', path: '/x' }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => done(text));
        })
        .on('error', fail);
    });
    return { ...seen!, body };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }
}

describe('Requests made with Express prototypes (useExpressPrototypes)', () => {
  let sut: TestApp;
  useTestApp([], (stack) => ({ sut } = stack));

  it("the application's server makes its requests and responses with Express's own prototypes", async () => {
    const express = (sut.app as NestExpressApplication).getHttpAdapter().getInstance() as {
      request: object;
      response: object;
    };
    const server = sut.app.getHttpServer() as http.Server;
    // Their prototypes as the first listener sees them, before Express does.
    let seen: { req: object; res: object } | null = null;
    const watch = (req: object, res: object) =>
      (seen ??= { req: Object.getPrototypeOf(req) as object, res: Object.getPrototypeOf(res) as object });
    server.prependListener('request', watch);
    try {
      const res = await sut.http().get('/health/live');
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { status: 'ok' });
    } finally {
      server.off('request', watch);
    }
    assert.ok(seen, 'the request reached the server');
    const { req, res } = seen as { req: object; res: object };
    // Express's swap then changes nothing.
    assert.equal(req, express.request);
    assert.equal(res, express.response);
    assert.ok(Object.prototype.isPrototypeOf.call(IncomingMessage.prototype, req));
    assert.ok(Object.prototype.isPrototypeOf.call(ServerResponse.prototype, res));
  });

  it("sets Node's classes only: a server given its own classes keeps them", async () => {
    const proto = {
      request: Object.create(IncomingMessage.prototype),
      response: Object.create(ServerResponse.prototype),
    };
    const plain = http.createServer((_req, res) => res.end('plain'));
    useExpressPrototypes(plain, proto);
    const made = await oneRequest(plain);
    assert.equal(made.body, 'plain');
    assert.equal(made.req, proto.request);
    assert.equal(made.res, proto.response);

    class OwnRequest extends IncomingMessage {}
    const own = http.createServer({ IncomingMessage: OwnRequest }, (_req, res) => res.end('own'));
    useExpressPrototypes(own, proto);
    const kept = await oneRequest(own);
    assert.equal(kept.body, 'own');
    assert.equal(kept.req, OwnRequest.prototype);
    assert.equal(kept.res, ServerResponse.prototype);
  });
});
