import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { ApiError } from '../pool/errors';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  416: 'Range Not Satisfiable',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** Renders every error in Tryton's body: {status, message, description}. Unknown errors are 500s, logged. */
@Catch()
export class TrytonExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    let status = 500;
    let message = 'Internal Server Error';
    let description = '';
    const headers: Record<string, string> = {};
    if (exception instanceof ApiError) {
      status = exception.status;
      message = exception.message;
      description = exception.description;
      if (status === 503) headers['Retry-After'] = '5';
      const extra = (exception as { headers?: Record<string, string> }).headers;
      if (extra) Object.assign(headers, extra);
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      const body = exception.getResponse();
      message =
        typeof body === 'string' ? body : ((body as { message?: string }).message ?? exception.message);
    } else if (isDatabaseError(exception)) {
      [status, message] = databaseErrorStatus(exception);
      if (status === 503) headers['Retry-After'] = '5';
      if (status === 500) this.logger.error(exception.stack ?? String(exception));
    } else if (isBodyParserError(exception)) {
      status = exception.status;
      message = exception.type === 'entity.too.large' ? 'Request body too large' : 'Invalid request body';
    } else {
      this.logger.error((exception as Error)?.stack ?? String(exception));
    }
    if (res.headersSent) {
      // The body was already streaming: the only honest signal left is to cut the connection.
      res.destroy();
      return;
    }
    const body = JSON.stringify({ status, message: message || REASONS[status] || 'Error', description });
    res.statusCode = status;
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
  }
}

function isDatabaseError(e: unknown): e is Error & { code: string; constraint?: string } {
  return (
    e instanceof Error &&
    typeof (e as { code?: unknown }).code === 'string' &&
    /^[0-9A-Z]{5}$/.test((e as unknown as { code: string }).code)
  );
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
  if (e.code === '40001' || e.code === '40P01') return [503, 'Concurrent update, please retry'];
  if (cls === '08' || cls === '57' || cls === '53') return [503, 'Database unavailable'];
  return [500, 'Internal Server Error'];
}

function isBodyParserError(e: unknown): e is { status: number; type: string } {
  return (
    !!e &&
    typeof (e as { status?: unknown }).status === 'number' &&
    typeof (e as { type?: unknown }).type === 'string'
  );
}
