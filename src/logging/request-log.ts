import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Logger } from 'pino';
import { observeResponses } from '../http/response-observers';
import { routeLabel } from '../metrics/http-metrics';
import { assignRequestId, requestIdOf } from './request-id';

export const LOGGER = Symbol('LOGGER');

interface RequestFacts extends IncomingMessage {
  auth?: { application: string; user: number };
  route?: { path?: unknown };
}

/**
 * One log line per request, cache hits of the fast path included: method, route pattern, status,
 * duration, database, application, user and cache result, with the request id that X-Request-Id
 * carried in (or a new one) and that the answer carries back. Watches the server from bootstrap
 * (observeResponses), so the id is on the response before anything answers.
 */
@Injectable()
export class RequestLog implements OnApplicationBootstrap, OnApplicationShutdown {
  private stop: (() => void) | null = null;

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) return;
    this.stop = observeResponses(server, {
      started: (req, res) => res.setHeader('X-Request-Id', assignRequestId(req)),
      closed: (res, seconds) => this.log(res, seconds),
    });
  }

  onApplicationShutdown(): void {
    this.stop?.();
    this.stop = null;
  }

  private log(res: ServerResponse, seconds: number): void {
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
        duration_ms: Math.round(seconds * 1e5) / 100,
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
