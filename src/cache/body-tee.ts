import { createHash } from 'node:crypto';
import { pipeline, Readable, Transform } from 'node:stream';
import { entityTag } from './entity-tag';

/** A streamed answer's bytes, complete, and their ETag. */
export interface CapturedBody {
  body: Buffer;
  etag: string;
}

/**
 * Passes a streamed answer through unchanged (backpressure included) while keeping a copy for the
 * cache, up to `limit` bytes: past the limit the copy is dropped and the stream goes on uncopied.
 * `done` is called once: with the copy when the stream ended normally, null when it overflowed,
 * failed or was destroyed (client gone).
 */
export function teeBody(
  source: Readable,
  limit: number,
  done: (captured: CapturedBody | null) => void,
): Readable {
  let chunks: Buffer[] | null = [];
  let size = 0;
  const digest = createHash('sha256');
  let settled = false;
  const settle = (captured: CapturedBody | null) => {
    if (settled) return;
    settled = true;
    done(captured);
  };
  const tee = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (chunks) {
        size += chunk.length;
        if (size > limit) {
          chunks = null;
        } else {
          chunks.push(chunk);
          digest.update(chunk);
        }
      }
      callback(null, chunk);
    },
    flush(callback) {
      settle(chunks ? { body: Buffer.concat(chunks, size), etag: entityTag(digest) } : null);
      callback();
    },
    destroy(error, callback) {
      settle(null);
      callback(error);
    },
  });
  // pipeline destroys the source when the tee is destroyed (client gone), releasing its cursor.
  pipeline(source, tee, () => settle(null));
  return tee;
}
