import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Reply } from '../http/reply';
import { writeReply } from '../http/reply-writer.interceptor';
import { ResponseCache } from './response-cache';

/**
 * What ReplyWriterInterceptor and CacheInterceptor do together, called by the REST controllers'
 * handlers themselves: Nest's interceptor chain costs every request a ReplaySubject, and per
 * interceptor an async scope, deferred Observables and their subscriptions, for two steps that are
 * plain awaits. Guards, pipes, filters and any global interceptor still run as before; the latter
 * see what they saw behind the reply writer: nothing, once the reply is written.
 */
@Injectable()
export class CachedRoutes {
  constructor(@Inject(ResponseCache) private readonly cache: ResponseCache) {}

  /** Runs the route (a GET through the cache) and writes the Reply it answers. */
  async answer(req: Request, res: Response, route: () => Promise<unknown>): Promise<void> {
    const reply = req.method === 'GET' ? await this.cache.serve(req, route) : await route();
    if (reply instanceof Reply) writeReply(res, reply);
  }
}
