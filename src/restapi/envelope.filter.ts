import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { writeReply } from '../http/reply-writer.interceptor';
import { errorAnswer } from '../http/error-status';
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
    const { status, message, headers, unexpected } = errorAnswer(exception);
    if (unexpected) this.logger.error((exception as Error)?.stack ?? String(exception));
    const reply = errorReply(status, message);
    Object.assign(reply.headers, headers);
    writeReply(res, reply);
  }
}
