import type { Readable } from 'node:stream';

/**
 * What a route answers, before it is written to the socket: status, headers and a body that is
 * either bytes or a stream (a search streams its JSON array). Interceptors (cache) may replace or
 * tee it; the reply writer sends it.
 */
export class Reply {
  constructor(
    public status: number,
    public headers: Record<string, string | string[]>,
    public body: Buffer | Readable | null,
  ) {}

  static json(status: number, value: unknown, headers: Record<string, string | string[]> = {}): Reply {
    return new Reply(
      status,
      { 'Content-Type': 'application/json', ...headers },
      Buffer.from(JSON.stringify(value)),
    );
  }
}
