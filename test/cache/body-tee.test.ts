import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CapturedBody, teeBody } from '../../src/cache/body-tee';
import { entityTagOf } from '../../src/cache/entity-tag';

const chunks = Array.from({ length: 20 }, (_, i) => `{"id":${i},"name":"record ${i}"},`);

/** A source that yields its chunks one read at a time, like a cursor-backed answer. */
function source(fail = false): Readable {
  let i = 0;
  return new Readable({
    read() {
      setImmediate(() => {
        if (fail && i === 5) this.destroy(new Error('database gone'));
        else this.push(i < chunks.length ? chunks[i++] : null);
      });
    },
  });
}

function tee(input: Readable, limit: number) {
  let resolve!: (captured: CapturedBody | null) => void;
  const captured = new Promise<CapturedBody | null>((r) => (resolve = r));
  return { stream: teeBody(input, limit, resolve), captured };
}

async function drain(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk;
  return text;
}

describe(teeBody.name, () => {
  it('passes the answer through unchanged and keeps a copy with its ETag', async () => {
    const sut = tee(source(), 1 << 20);
    const text = await drain(sut.stream);
    assert.equal(text, chunks.join(''));
    const captured = await sut.captured;
    assert.equal(captured?.body.toString(), text);
    assert.equal(captured?.etag, entityTagOf(Buffer.from(text)));
  });

  it('stops copying past the limit, and still sends everything', async () => {
    const sut = tee(source(), 100);
    assert.equal(await drain(sut.stream), chunks.join(''));
    assert.equal(await sut.captured, null);
  });

  it('keeps nothing when the client goes away, and releases the source', async () => {
    const input = source();
    const sut = tee(input, 1 << 20);
    const client = new PassThrough({ highWaterMark: 1 });
    sut.stream.pipe(client);
    await once(client, 'data');
    sut.stream.destroy();
    assert.equal(await sut.captured, null);
    await new Promise((closed) => (input.closed ? closed(null) : input.on('close', closed)));
    assert.equal(input.destroyed, true);
  });

  it('keeps nothing and passes the error on when the source fails', async () => {
    const sut = tee(source(true), 1 << 20);
    await assert.rejects(pipeline(sut.stream, new PassThrough()), /database gone/);
    assert.equal(await sut.captured, null);
  });
});
