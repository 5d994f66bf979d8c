import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
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

/** When a response's request came in (performance.now()). */
const STARTED = Symbol('metrics:started');
type Observed = ServerResponse & { [STARTED]?: number };

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
 * Counts every request the HTTP server receives, cache hits of the fast path included: a second
 * 'request' listener on the server, beside the application's (which installCacheFastPath wraps), that
 * only watches the answer finish. Installed at bootstrap, after createApp installed the fast path; an
 * application that installed the fast path after bootstrap would have this listener wrapped too, and
 * the hits it serves would go uncounted.
 */
@Injectable()
export class HttpMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: Server | null = null;
  private readonly listener = (_req: IncomingMessage, res: ServerResponse) => {
    (res as Observed)[STARTED] = performance.now();
    res.on('close', this.closed);
  };
  /**
   * One function for every response, its start kept on the response: a closure and a once-wrapper per
   * request cost a cache hit more than the counting itself ('close' is emitted once anyway).
   */
  private readonly closed: (this: ServerResponse) => void;

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(MetricsService) private readonly metrics: MetricsService,
  ) {
    const record = (res: ServerResponse) => this.record(res);
    this.closed = function (this: ServerResponse) {
      record(this);
    };
  }

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) return;
    this.server = server;
    server.on('request', this.listener);
  }

  onApplicationShutdown(): void {
    this.server?.off('request', this.listener);
    this.server = null;
  }

  private record(res: ServerResponse): void {
    const req = res.req as RoutedRequest;
    const method = req.method && METHODS.has(req.method) ? req.method : 'OTHER';
    const labels = {
      method,
      route: routeLabel(req, res),
      status: res.writableFinished ? String(res.statusCode) : '499',
    };
    this.metrics.requests.inc(labels);
    this.metrics.duration.observe(labels, (performance.now() - (res as Observed)[STARTED]!) / 1e3);
    const cache = res.getHeader('x-cache');
    if (cache === 'HIT' || cache === 'MISS' || cache === 'BYPASS') this.metrics.cache.inc({ result: cache });
  }
}
