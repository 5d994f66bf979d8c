import { Readable } from 'node:stream';

export interface BatchSource<T> {
  /** The next batch, or null when there is no more. */
  next(): Promise<T[] | null>;
  /** Releases the cursor, transaction and connection; called once, on end, error or client abort. */
  close(error?: unknown): Promise<void>;
}

/**
 * Writes a JSON array batch by batch: a batch is fetched only when the socket wants more (backpressure),
 * so memory stays flat whatever the number of rows; destroying the stream (client gone) closes the source.
 */
export function jsonArrayStream<T>(
  first: T[],
  source: BatchSource<T>,
  serialize: (item: T) => string,
): Readable {
  let started = false;
  let ended = false;
  let count = 0;
  const encode = (items: T[]) => {
    let out = '';
    for (const item of items) {
      out += (count++ ? ',' : '') + serialize(item);
    }
    return out;
  };
  const finish = (error?: unknown) => {
    if (ended) return Promise.resolve();
    ended = true;
    return source.close(error);
  };
  return new Readable({
    highWaterMark: 64 * 1024,
    async read() {
      try {
        if (!started) {
          started = true;
          this.push('[' + encode(first));
          return;
        }
        const batch = ended ? null : await source.next();
        if (!batch || !batch.length) {
          await finish();
          this.push(']');
          this.push(null);
          return;
        }
        this.push(encode(batch));
      } catch (e) {
        await finish(e).catch(() => undefined);
        this.destroy(e as Error);
      }
    },
    destroy(error, callback) {
      finish(error ?? new Error('client closed')).then(
        () => callback(error),
        () => callback(error),
      );
    },
  });
}
