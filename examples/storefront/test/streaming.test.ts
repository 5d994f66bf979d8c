import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { get, type IncomingMessage } from 'node:http';
import { ApiGate } from '../support/gate';
import { startShopStack, type ShopStack } from '../support/stack';

/** The response's chunks as they arrive, and a way to wait for some text or the end. */
function open(url: string) {
  let text = '';
  const chunks: string[] = [];
  const waiters: (() => void)[] = [];
  let ended = false;
  const response = new Promise<IncomingMessage>((done, fail) => {
    get(url, { headers: { 'accept-language': 'fr' } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        chunks.push(chunk);
        text += chunk;
        waiters.splice(0).forEach((w) => w());
      });
      res.on('end', () => {
        ended = true;
        waiters.splice(0).forEach((w) => w());
      });
      done(res);
    }).on('error', fail);
  });
  return {
    response,
    chunks,
    text: () => text,
    async until(predicate: (text: string) => boolean): Promise<string> {
      while (!predicate(text)) {
        if (ended) throw new Error(`The answer ended without it:\n${text}`);
        await new Promise<void>((done) => waiters.push(done));
      }
      return text;
    },
  };
}

describe('the storefront streams', { timeout: 120_000 }, () => {
  let stack: ShopStack;
  let gate: ApiGate;
  before(async () => {
    // The gate is open while the storefront reads its shop at start.
    stack = await startShopStack({
      apiUrl: (api) => {
        gate = new ApiGate(api);
        return gate.start();
      },
    });
  });
  after(async () => {
    await gate.stop();
    await stack.close();
  });

  it('sends the head (preloads) and the page frame while every API call is still held', async () => {
    gate.close();
    const page = open(`${stack.storefront.url}/fr/product/1`);
    const res = await page.response;
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['x-render'], 'stream');
    assert.match(String(res.headers.link), /<\/assets\/style\.[0-9a-f]+\.css>; rel=preload; as=style/);
    assert.match(String(res.headers.link), /<\/img\/product\/1\.svg>; rel=preload; as=image/);
    const shell = await page.until((t) => t.includes('</footer>'));
    // The gate answers nothing while closed: the frame cannot have waited for the API.
    assert.equal(gate.answered, 0, 'no API answer has come back');
    assert.match(shell, /<link rel="preload" href="\/assets\/style\.[0-9a-f]+\.css" as="style"\/>/);
    assert.match(
      shell,
      /<link rel="preload" href="\/img\/product\/1\.svg" as="image" fetchPriority="high"\/>/,
    );
    assert.match(shell, /<header class="top">/);
    assert.match(shell, /class="skeleton/);
    assert.doesNotMatch(shell, /Chaise en chêne 1/);

    await gate.heldAtLeast(1);
    gate.open();
    const whole = await page.until((t) => t.includes('</html>'));
    assert.match(whole, /<h1>Chaise en chêne 1<\/h1>/);
    assert.match(whole, /TTC/);
  });

  it('sends nothing before the data in buffered mode, then the whole page at once', async () => {
    gate.close();
    const page = open(`${stack.storefront.url}/fr/product/1?render=buffer`);
    await gate.heldAtLeast(1);
    gate.open();
    const res = await page.response;
    assert.equal(res.headers['x-render'], 'buffer');
    assert.ok(Number(res.headers['content-length']) > 0);
    const whole = await page.until((t) => t.includes('</html>'));
    assert.match(page.chunks[0], /<h1>Chaise en chêne 1<\/h1>/, 'the first bytes already carry the data');
    assert.doesNotMatch(whole, /class="skeleton/);
  });
});
