import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Logger } from 'pino';
import { routeLabel } from '../metrics/http-metrics';
import { assignRequestId, requestIdOf } from './request-id';

export const LOGGER = Symbol('LOGGER');

/** When a response's request came in. */
const STARTED = Symbol('request-log:started');
type Logged = ServerResponse & { [STARTED]?: bigint };

interface RequestFacts extends IncomingMessage {
  auth?: { application: string; user: number };
  route?: { path?: unknown };
}

/**
 * One log line per request, cache hits of the fast path included: method, route pattern, status,
 * duration, database, application, user and cache result, with the request id that X-Request-Id
 * carried in (or a new one) and that the answer carries back. A listener put in front of the server's
 * others at bootstrap, so the id is on the response before anything answers.
 */
@Injectable()
export class RequestLog implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: Server | null = null;
  private readonly listener = (req: IncomingMessage, res: ServerResponse) => this.observe(req, res);
  /** One function for every response (see HttpMetrics): no closure per request. */
  private readonly closed: (this: ServerResponse) => void;

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const log = (res: ServerResponse) => this.log(res);
    this.closed = function (this: ServerResponse) {
      log(this);
    };
  }

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) return;
    this.server = server;
    server.prependListener('request', this.listener);
  }

  onApplicationShutdown(): void {
    this.server?.off('request', this.listener);
    this.server = null;
  }

  private observe(req: IncomingMessage, res: ServerResponse): void {
    (res as Logged)[STARTED] = process.hrtime.bigint();
    res.setHeader('X-Request-Id', assignRequestId(req));
    res.on('close', this.closed);
  }

  private log(res: ServerResponse): void {
    const status = res.writableFinished ? res.statusCode : 499;
    const level = status >= 500 ? 'error' : 'info';
    if (!this.logger.isLevelEnabled(level)) return;
    const req = res.req;
    const facts = req as RequestFacts;
    const route = routeLabel(facts as never, res);
    const cache = res.getHeader('x-cache');
    this.logger[level](
      {
        reqId: requestIdOf(req),
        method: req.method,
        route,
        url: req.url,
        status,
        duration_ms: Math.round(Number(process.hrtime.bigint() - (res as Logged)[STARTED]!) / 1e4) / 100,
        db: route.startsWith('/:db/') ? databaseOf(req.url) : null,
        application: facts.auth?.application ?? null,
        user: facts.auth?.user ?? null,
        cache: typeof cache === 'string' ? cache : null,
      },
      `${req.method} ${route} ${status}`,
    );
  }
}

function databaseOf(url: string | undefined): string | null {
  const segment = (url ?? '').split(/[/?#]/)[1];
  try {
    return segment ? decodeURIComponent(segment) : null;
  } catch {
    return null;
  }
}
