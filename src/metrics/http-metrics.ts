import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { observeResponses } from '../http/response-observers';
import { MetricsService } from './metrics.service';

/** Methods kept as labels; anything else is OTHER (a label per made-up method would grow forever). */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Requests no route matched: one label, whatever their URL. */
export const UNMATCHED = '(unmatched)';

/** Cache hits the fast path serves before Express carry no route: their pattern, from the URL. */
const FAST_PATH = /^\/[^/?#]+\/rest\/(model|api)\/([^?#]*)/;
const FAST_PATH_ROUTES: Record<string, string[]> = {
  model: ['/:db/rest/model/:model', '/:db/rest/model/:model/:id', '/:db/rest/model/:model/:id/:field'],
  api: ['/:db/rest/api/:model', '/:db/rest/api/:model/:id'],
};

interface RoutedRequest extends IncomingMessage {
  route?: { path?: unknown };
  baseUrl?: string;
}

/** The route pattern of a finished request (never its URL: labels must stay few). */
export function routeLabel(req: RoutedRequest, res: ServerResponse): string {
  const path = req.route?.path;
  if (typeof path === 'string') return (req.baseUrl ?? '') + path;
  if (Array.isArray(path)) return (req.baseUrl ?? '') + path.join('|');
  if (res.getHeader('x-cache') === 'HIT') {
    const match = FAST_PATH.exec(req.url ?? '');
    if (match) {
      const depth = match[2].split('/').filter(Boolean).length;
      const route = FAST_PATH_ROUTES[match[1]][depth - 1];
      if (route) return route;
    }
  }
  return UNMATCHED;
}

/**
 * Counts every request the HTTP server receives, cache hits of the fast path included: it watches
 * the server's responses from bootstrap (observeResponses), after createApp installed the fast path;
 * an application that installed the fast path after bootstrap would have the watching listener
 * wrapped too, and the hits it serves would go uncounted.
 */
@Injectable()
export class HttpMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  private stop: (() => void) | null = null;

  constructor(
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) return;
    this.stop = observeResponses(server, { closed: (res, seconds) => this.record(res, seconds) });
  }

  onApplicationShutdown(): void {
    this.stop?.();
    this.stop = null;
  }

  private record(res: ServerResponse, seconds: number): void {
    const req = res.req as RoutedRequest;
    const method = req.method && METHODS.has(req.method) ? req.method : 'OTHER';
    this.metrics.requests.observe(
      method,
      routeLabel(req, res),
      res.writableFinished ? String(res.statusCode) : '499',
      seconds,
    );
    const cache = res.getHeader('x-cache');
    if (cache === 'HIT' || cache === 'MISS' || cache === 'BYPASS') this.metrics.cache.inc(cache);
  }
}
