import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';

const MAIN = join(__dirname, '..', '..', 'src', 'cli', 'main.js');

/** `nest-tryton serve` in its own process: what a deployment runs. */
describe('serve (HTTP settings, HOST, /metrics, SIGTERM)', () => {
  let child: ChildProcess;
  let base: string;
  let port: number;
  const exited = new Promise<number | null>((resolve) => {
    before(async () => {
      const { HOST: _host, ...env } = process.env;
      child = spawn(process.execPath, [MAIN, 'serve'], {
        env: {
          ...env,
          PORT: '0',
          LOG_LEVEL: 'silent',
          HTTP_HEADERS_TIMEOUT: '500',
          METRICS_TOKEN: 'scrape-secret',
          SHUTDOWN_TIMEOUT: '20000',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      child.on('exit', (code) => resolve(code));
      base = await new Promise<string>((ok, fail) => {
        let out = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(out);
          if (match) ok(match[1]);
        });
        child.on('exit', (code) => fail(new Error(`serve exited with ${code}: ${out}`)));
      });
      port = Number(new URL(base).port);
    });
  });
  after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('listens on loopback unless HOST says otherwise, and prints the address it bound', () => {
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(port > 0);
  });

  it('closes a socket that sends its head too slowly (408), instead of keeping it open', async () => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    await new Promise<void>((resolve) => socket.on('close', () => resolve()));
    assert.match(received, /^HTTP\/1\.1 408/);
  });

  it('protects /metrics with METRICS_TOKEN', async () => {
    assert.equal((await fetch(`${base}/metrics`)).status, 401);
    const wrong = await fetch(`${base}/metrics`, { headers: { Authorization: 'Bearer nope' } });
    assert.equal(wrong.status, 401);
    const right = await fetch(`${base}/metrics`, { headers: { Authorization: 'Bearer scrape-secret' } });
    assert.equal(right.status, 200);
    assert.match(await right.text(), /process_resident_memory_bytes/);
  });

  it('drains on SIGTERM: the request in flight is answered, then the process exits 0', async () => {
    const answer = new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/no_such_db/user/application/',
          headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        },
      );
      req.on('error', reject);
      req.write('{"user": ');
      // The body is still coming when SIGTERM arrives: finish it once the server stopped accepting.
      void (async () => {
        await new Promise((r) => setTimeout(r, 200));
        child.kill('SIGTERM');
        for (let i = 0; i < 200; i++) {
          const refused = await new Promise<boolean>((r) => {
            const probe = net.connect(port, '127.0.0.1');
            probe.on('connect', () => (probe.destroy(), r(false)));
            probe.on('error', () => r(true));
          });
          if (refused) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        req.end('"admin", "application": "rest"}');
      })();
    });
    assert.equal(await answer, 404);
    assert.equal(await exited, 0);
  });
});
