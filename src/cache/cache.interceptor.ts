import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { from, lastValueFrom, Observable } from 'rxjs';
import { ResponseCache } from './response-cache';

/**
 * Caches the GET answers of a controller. Apply it inside the reply writer, so that it sees the
 * route's Reply before it is written: `@UseInterceptors(ReplyWriterInterceptor, CacheInterceptor)`.
 * Other methods pass through untouched (their writes bump generations through MODEL_GENERATIONS).
 */
@Injectable()
export class CacheInterceptor implements NestInterceptor {
  constructor(@Inject(ResponseCache) private readonly cache: ResponseCache) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    if (req.method !== 'GET') return next.handle();
    return from(this.cache.serve(req, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }
}
