import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { errorAnswer } from './error-status';

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
    const { status, message, description, headers, unexpected } = errorAnswer(exception);
    if (unexpected) this.logger.error((exception as Error)?.stack ?? String(exception));
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
