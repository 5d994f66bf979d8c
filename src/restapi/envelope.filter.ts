import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { writeReply } from '../http/reply-writer.interceptor';
import { ApiError } from '../pool/errors';
import { errorReply } from './envelope';
import { ValidationFailure } from './errors';

/**
 * Renders every error of the pyDAL routes (the guard's included) as pyDAL's envelope, with the HTTP
 * status equal to `code`. Database data errors that slipped past the parsers are 400s; anything else
 * is a bug, logged, and answered 500 in the same envelope.
 */
@Catch()
export class EnvelopeExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('restapi');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (exception instanceof ValidationFailure) {
      writeReply(res, errorReply(422, exception.message, { ...exception.answer, errors: exception.errors }));
      return;
    }
    const [code, message] = describe(exception);
    if (code === 500) this.logger.error((exception as Error)?.stack ?? String(exception));
    writeReply(res, errorReply(code, message));
  }
}

function describe(exception: unknown): [number, string] {
  if (exception instanceof ApiError) return [exception.status, exception.message];
  if (exception instanceof HttpException) {
    const body = exception.getResponse();
    const message = typeof body === 'string' ? body : (body as { message?: string }).message;
    return [exception.getStatus(), typeof message === 'string' ? message : exception.message];
  }
  const error = exception as { code?: unknown; status?: unknown; type?: unknown; message?: unknown };
  if (error && typeof error.status === 'number' && typeof error.type === 'string') {
    return [error.status, 'Invalid request body'];
  }
  // PostgreSQL data exceptions (class 22) and integrity violations (class 23) come from values.
  if (error && typeof error.code === 'string' && /^2[23]/.test(error.code)) {
    return [400, `Invalid value: ${String(error.message)}`];
  }
  return [500, 'Internal Server Error'];
}
