import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BadRequestError, Client, ConnectionError, ServiceUnavailableError, TimeoutError } from '../src';
import { retryAfterMs } from '../src/transport';

/** A real HTTP server answering by a script, counting requests (faults the real API cannot be made to show on demand). */
async function scripted(
  handle: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void,
): Promise<{ url: string; count: () => number; seen: http.IncomingMessage[]; close: () => Promise<void> }> {
  let n = 0;
  const seen: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req);
    handle(req, res, ++n);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/db`,
    count: () => n,
    seen,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const json = (
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

describe('Client transport', () => {
  const closing: (() => Promise<void>)[] = [];
  after(async () => {
    for (const close of closing) await close();
  });
  const client = (url: string, options: ConstructorParameters<typeof Client>[2] = {}) => {
    const c = new Client(url, 'k', { retry: { minDelay: 1, maxDelay: 5 }, ...options });
    closing.push(() => c.close());
    return c;
  };

  it('retries a 503, honouring Retry-After, then answers', async () => {
    const server = await scripted((_req, res, n) =>
      n < 3
        ? json(res, 503, { status: 503, message: 'Database unavailable' }, { 'Retry-After': '0' })
        : json(res, 200, [{ id: 1, __name__: 'party.party' }]),
    );
    closing.push(server.close);
    const [party] = await client(server.url).search('party.party');
    assert.equal(party.id, 1);
    assert.equal(server.count(), 3);
  });

  it('gives up after the retries, or at once when Retry-After is longer than allowed', async () => {
    const server = await scripted((_req, res) =>
      json(
        res,
        503,
        { status: 503, message: 'Database unavailable', description: 'db' },
        { 'Retry-After': '3600' },
      ),
    );
    closing.push(server.close);
    const error = await client(server.url)
      .search('party.party')
      .catch((e: unknown) => e);
    assert.ok(error instanceof ServiceUnavailableError);
    assert.equal(error.message, 'Database unavailable');
    assert.equal(error.headers['retry-after'], '3600');
    assert.equal(server.count(), 1);
    const again = await scripted((_req, res) => json(res, 503, { message: 'down' }));
    closing.push(again.close);
    await assert.rejects(
      client(again.url, { retry: { retries: 3, minDelay: 1 } }).get('x.y', 1),
      ServiceUnavailableError,
    );
    assert.equal(again.count(), 4);
  });

  it('never retries other errors', async () => {
    const server = await scripted((_req, res) =>
      json(res, 400, { status: 400, message: 'Bad', description: 'why' }),
    );
    closing.push(server.close);
    const error = await client(server.url)
      .get('party.party', 1)
      .catch((e: unknown) => e);
    assert.ok(error instanceof BadRequestError);
    assert.equal(error.description, 'why');
    assert.equal(server.count(), 1);
  });

  it('retries a broken connection for idempotent calls only; a refused one always', async () => {
    const server = await scripted((req, res, n) => {
      if (n === 1 || (req.method === 'POST' && n === 3)) req.socket.destroy();
      else json(res, 200, { id: 1, __name__: 'party.party' });
    });
    closing.push(server.close);
    const sut = client(server.url, { pool: { connections: 1 } });
    assert.equal((await sut.get('party.party', 1)).id, 1);
    assert.equal(server.count(), 2);
    await assert.rejects(sut.create('party.party', { name: 'x' }), ConnectionError);
    assert.equal(server.count(), 3, 'a POST whose connection broke may have run: not sent again');
    const closed = await scripted(() => undefined);
    await closed.close();
    const refused = await client(closed.url, { retry: { retries: 2, minDelay: 1 } })
      .create('party.party', {})
      .catch((e: unknown) => e);
    assert.ok(refused instanceof ConnectionError);
    assert.equal(refused.description, 'ECONNREFUSED');
  });

  it('times out a call that gets no answer; the signal aborts one', async () => {
    const server = await scripted(() => undefined);
    closing.push(server.close);
    const timedOut = await client(server.url, { timeout: 50 })
      .get('party.party', 1)
      .catch((e: unknown) => e);
    assert.ok(timedOut instanceof TimeoutError);
    assert.equal(timedOut.timeout, 50);
    const perCall = await client(server.url)
      .get('party.party', 1, { timeout: 20 })
      .catch((e: unknown) => e);
    assert.ok(perCall instanceof TimeoutError);
    const controller = new AbortController();
    const pending = client(server.url).search('party.party', [], { signal: controller.signal });
    controller.abort(new Error('user left'));
    await assert.rejects(pending, /user left/);
    const already = AbortSignal.abort();
    await assert.rejects(client(server.url).search('party.party', [], { signal: already }), {
      name: 'AbortError',
    });
  });

  it('aborting searchAll stops the transfer mid-stream', async () => {
    let closedEarly = false;
    const server = await scripted((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('[');
      let i = 0;
      const timer = setInterval(() => {
        res.write(`${i ? ',' : ''}{"id":${++i},"__name__":"party.party"}`);
      }, 1);
      res.on('close', () => {
        clearInterval(timer);
        closedEarly = !res.writableEnded;
      });
    });
    closing.push(server.close);
    const controller = new AbortController();
    const seen: number[] = [];
    const error = await (async () => {
      for await (const party of client(server.url).searchAll('party.party', [], {
        signal: controller.signal,
      })) {
        seen.push(party.id!);
        if (seen.length === 5) controller.abort(new Error('enough'));
      }
    })().catch((e: unknown) => e);
    assert.match(String(error), /enough/);
    assert.deepEqual(seen, [1, 2, 3, 4, 5]);
    for (let i = 0; i < 100 && !closedEarly; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(closedEarly, 'the server saw the connection close before the end of the list');
  });

  it('sends the key, context, languages and usages as headers', async () => {
    const server = await scripted((_req, res) => json(res, 200, []));
    closing.push(server.close);
    const sut = client(server.url, {
      context: { company: 1 },
      languages: ['fr-BE', 'fr', 'en'],
      usages: 'web_shop,sale',
    });
    await sut.withContext({ currency: 2 }).search('party.party');
    const [req] = server.seen;
    assert.equal(req.headers.authorization, 'Bearer k');
    assert.equal(req.headers['accept-language'], 'fr-BE, fr;q=0.9, en;q=0.8');
    assert.equal(req.headers['x-tryton-usage'], 'web_shop,sale');
    const header = String(req.headers['x-tryton-context']);
    assert.match(header, /^[A-Za-z0-9_-]+=*$/);
    assert.equal(header.length % 4, 0, 'padded: Tryton decodes it with urlsafe_b64decode');
    const context = JSON.parse(Buffer.from(header, 'base64url').toString());
    assert.deepEqual(context, { company: 1, currency: 2 });
    assert.equal(req.url, '/db/rest/model/party.party');
  });

  it('routes class methods, report data and key calls as Tryton does', async () => {
    const bodies: string[] = [];
    const server = await scripted((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        bodies.push(body);
        if (req.url!.startsWith('/db/rest/report/')) {
          res.writeHead(200, {
            'Content-Type': 'application/pdf',
            'Content-Disposition': `attachment; filename*=UTF-8''Facture%20%C3%A9t%C3%A9.pdf`,
          });
          res.end(Buffer.from('%PDF'));
        } else if (req.url === '/db/user/application/' && req.method === 'POST')
          json(res, 200, 'a'.repeat(64));
        else if (req.method === 'DELETE') {
          res.writeHead(204, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end();
        } else json(res, 200, { done: true, when: { __class__: 'date', year: 2026, month: 1, day: 2 } });
      });
    });
    closing.push(server.close);
    const sut = client(server.url);
    const answer = await sut.action<{ done: boolean; when: unknown }>('sale.sale', 'reconcile', {
      ids: [1, 2],
    });
    assert.equal(answer.done, true);
    assert.equal(String(answer.when), '2026-01-02');
    const report = await sut.report('account.invoice', 4, { copies: 2 });
    assert.equal(report.filename, 'Facture été.pdf');
    assert.equal(report.contentType, 'application/pdf');
    assert.equal(report.bytes.toString(), '%PDF');
    assert.equal(await sut.requestKey('jo', 'rest'), 'a'.repeat(64));
    await sut.revokeKey('jo', 'k', 'rest');
    assert.deepEqual(
      server.seen.map((r) => `${r.method} ${r.url}`),
      [
        'POST /db/rest/model/sale.sale/reconcile',
        'GET /db/rest/report/account.invoice/4',
        'POST /db/user/application/',
        'DELETE /db/user/application/',
      ],
    );
    assert.deepEqual(
      bodies.map((b) => JSON.parse(b)),
      [
        { ids: [1, 2] },
        { copies: 2 },
        { user: 'jo', application: 'rest' },
        { user: 'jo', key: 'k', application: 'rest' },
      ],
    );
    assert.equal(server.seen[2].headers.authorization, undefined, 'a key request carries no key');
  });

  it('reads Retry-After as seconds or as a date', () => {
    assert.equal(retryAfterMs('2'), 2000);
    assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4_000), 6_000);
    assert.equal(retryAfterMs('soon'), null);
    assert.equal(retryAfterMs(undefined), null);
  });
});
