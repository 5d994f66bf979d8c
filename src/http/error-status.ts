import { HttpException } from '@nestjs/common';
import { ApiError } from '../pool/errors';
import { isDatabaseError } from '../storage/transaction';

/** Seconds a client is asked to wait after a 503 (both dialects). */
export const RETRY_AFTER_SECONDS = '5';

/** How an error is answered, whatever the dialect: status, message, description, extra headers. */
export interface ErrorAnswer {
  status: number;
  message: string;
  description: string;
  headers: Record<string, string>;
  /** Not an expected condition: logged with its stack. */
  unexpected: boolean;
}

/**
 * One classification for both dialects' filters. Messages never carry internal addresses or driver
 * text (connection errors become a plain 503); every 503 carries Retry-After.
 */
export function errorAnswer(exception: unknown): ErrorAnswer {
  const answer: ErrorAnswer = {
    status: 500,
    message: 'Internal Server Error',
    description: '',
    headers: {},
    unexpected: false,
  };
  // Nest wraps the body parser's errors (413, malformed): answer from the original, which knows the limit.
  if (exception instanceof HttpException && isBodyParserError(exception.cause)) exception = exception.cause;
  if (exception instanceof ApiError) {
    answer.status = exception.status;
    answer.message = exception.message;
    answer.description = exception.description;
    const extra = (exception as { headers?: Record<string, string> }).headers;
    if (extra) Object.assign(answer.headers, extra);
  } else if (exception instanceof HttpException) {
    answer.status = exception.getStatus();
    const body = exception.getResponse();
    const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    answer.message = typeof message === 'string' ? message : exception.message;
  } else if (isDatabaseError(exception)) {
    [answer.status, answer.message] = databaseErrorStatus(exception);
    answer.unexpected = answer.status === 500;
  } else if (isBodyParserError(exception)) {
    answer.status = exception.status >= 400 && exception.status < 500 ? exception.status : 400;
    const limit = (exception as { limit?: unknown }).limit;
    answer.message =
      exception.type === 'entity.too.large'
        ? `Request body too large (limit ${typeof limit === 'number' ? `${limit} bytes` : 'exceeded'})`
        : 'Invalid request body';
  } else {
    answer.unexpected = true;
  }
  if (answer.status === 503 && !answer.headers['Retry-After'])
    answer.headers['Retry-After'] = RETRY_AFTER_SECONDS;
  return answer;
}

/** A safety net for constraint and data errors the storage layer did not name: 4xx, or 503 when the database is away. */
function databaseErrorStatus(e: { code: string; constraint?: string; message: string }): [number, string] {
  const cls = e.code.slice(0, 2);
  if (e.code === '23503')
    return [
      400,
      `The record refers to a missing record, or is still referenced (${e.constraint ?? 'foreign key'})`,
    ];
  if (e.code === '23505')
    return [400, `A record with the same values already exists (${e.constraint ?? 'unique'})`];
  if (cls === '23') return [400, `Integrity error: ${e.message}`];
  if (cls === '22') return [400, `Invalid value: ${e.message}`];
  // 54: a value or statement beyond a server limit (an index row too big, too many columns).
  if (cls === '54') return [400, 'A value is too large to be stored'];
  if (e.code === '40001' || e.code === '40P01') return [503, 'Concurrent update, please retry'];
  if (e.code === '57014') return [503, 'The request took too long and was cancelled, retry later'];
  if (cls === '08' || cls === '57' || cls === '53') return [503, 'Database unavailable, retry later'];
  return [500, 'Internal Server Error'];
}

function isBodyParserError(e: unknown): e is { status: number; type: string } {
  return (
    !!e &&
    typeof (e as { status?: unknown }).status === 'number' &&
    typeof (e as { type?: unknown }).type === 'string'
  );
}
