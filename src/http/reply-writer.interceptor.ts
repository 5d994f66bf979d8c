import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { map, Observable } from 'rxjs';
import { Reply } from './reply';

/**
 * Sends the Reply a route returns: headers, then bytes or a stream piped with backpressure. A client
 * that goes away destroys the stream, which releases its cursor and connection.
 */
@Injectable()
export class ReplyWriterInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((reply: unknown) => {
        if (reply instanceof Reply) writeReply(res, reply);
        return undefined;
      }),
    );
  }
}

export function writeReply(res: Response, reply: Reply): void {
  res.statusCode = reply.status;
  const headers = reply.headers;
  for (const name in headers) res.setHeader(name, headers[name]);
  const body = reply.body;
  if (body === null) {
    res.end();
  } else if (Buffer.isBuffer(body)) {
    res.setHeader('Content-Length', body.length);
    res.end(body);
  } else {
    const stream = body as Readable;
    res.on('close', () => {
      if (!stream.destroyed) stream.destroy();
    });
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }
}
