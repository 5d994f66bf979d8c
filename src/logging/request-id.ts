import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** What a caller may send as X-Request-Id to correlate its logs with ours; anything else is replaced. */
const VALID = /^[\w.:@/+=-]{1,128}$/;

const REQUEST_ID = Symbol('tryton:request-id');

/** The request's id: the caller's X-Request-Id when it is a sane token, else a new UUID. */
export function assignRequestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && VALID.test(given) ? given : randomUUID();
  (req as unknown as Record<symbol, string>)[REQUEST_ID] = id;
  return id;
}

export function requestIdOf(req: unknown): string | undefined {
  return (req as Record<symbol, string | undefined>)[REQUEST_ID];
}
