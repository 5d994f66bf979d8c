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
  options: { stallTimeout?: number } = {},
): Readable {
  let started = false;
  // A reader that stops pulling for stallTimeout ms loses its stream: the cursor, transaction and
  // connection are released and the response is cut (a truncated transfer, never a shorter array).
  let stall: NodeJS.Timeout | null = null;
  const unwatch = () => {
    if (stall) clearTimeout(stall);
    stall = null;
  };
  const watch = (stream: Readable) => {
    unwatch();
    if (options.stallTimeout && !ended)
      stall = setTimeout(
        () => stream.destroy(new Error('stream stalled: the client did not read')),
        options.stallTimeout,
      ).unref();
  };
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
  const stream = new Readable({
    highWaterMark: 64 * 1024,
    async read() {
      unwatch();
      try {
        if (!started) {
          started = true;
          this.push('[' + encode(first));
          watch(this);
          return;
        }
        const batch = ended ? null : await source.next();
        if (this.destroyed) return;
        if (!batch || !batch.length) {
          await finish();
          this.push(']');
          this.push(null);
          return;
        }
        this.push(encode(batch));
        watch(this);
      } catch (e) {
        await finish(e).catch(() => undefined);
        this.destroy(e as Error);
      }
    },
    destroy(error, callback) {
      unwatch();
      finish(error ?? new Error('client closed')).then(
        () => callback(error),
        () => callback(error),
      );
    },
  }); // Watched from the start: a stream that is never piped releases its connection too.
  watch(stream);
  return stream;
}
