import type { Readable } from 'node:stream';

/** Tryton's client decodes a body as JSON whenever the type is application/json, even an empty one. */
export const NO_CONTENT_TYPE = 'text/plain; charset=utf-8';

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

  /** 204: no body, and the Content-Type Tryton's server (werkzeug) sends on it, never application/json. */
  static noContent(headers: Record<string, string | string[]> = {}): Reply {
    return new Reply(204, { ...headers, 'Content-Type': NO_CONTENT_TYPE }, null);
  }

  static json(status: number, value: unknown, headers: Record<string, string | string[]> = {}): Reply {
    return new Reply(
      status,
      { 'Content-Type': 'application/json', ...headers },
      Buffer.from(JSON.stringify(value)),
    );
  }
}
