import type { INestApplication } from '@nestjs/common';
import { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { raw } from 'body-parser';
import { AppConfig } from '../config/config';
import { TrytonExceptionFilter } from './exception.filter';

/** Routes whose bodies have a smaller cap than BODY_LIMIT (read by their own parser, first). */
const KEY_ROUTE = '/:db/user/application';

/** HTTP settings shared by serve, tests and benchmarks. */
export function configureApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  const config = app.get(AppConfig);
  express.disable('x-powered-by');
  express.set('etag', false);
  express.set('query parser', 'simple');
  express.set('trust proxy', trustProxy(config.trustProxy));
  // Bodies are kept raw and parsed by the routes (tagged JSON, clear 400s on malformed input). The
  // size is checked while reading, before any parsing: past the limit, 413. A route with its own cap
  // is read by its own parser first (the global one then finds the body already read).
  express.use(KEY_ROUTE, raw({ type: () => true, limit: config.keyBodyLimit }));
  express.useBodyParser('raw', { type: () => true, limit: config.bodyLimit });
  app.useGlobalFilters(new TrytonExceptionFilter());
  applyServerTimeouts(app.getHttpServer() as Server, config);
  useExpressPrototypes(app.getHttpServer() as Server, express.getHttpAdapter().getInstance());
}

/**
 * Has Node's server make every request and response with Express's prototypes from the start.
 * Express otherwise swaps both objects' prototypes on every request (Object.setPrototypeOf), which
 * V8 pays with fresh hidden classes and slow objects: measured on a bare Express route, 85 against
 * 21 µs of CPU per request, and ~8 KB per request promoted to the old generation (full collections).
 * Express's own swap then finds the prototype in place. The classes are http.createServer's
 * IncomingMessage and ServerResponse options; Nest creates the server without them, so they are set
 * on it here, under Node's own keys. Where those keys, or constructors callable as functions, are
 * not there (another Node), nothing changes.
 */
export function useExpressPrototypes(server: Server, app: { request?: object; response?: object }): void {
  const key = (name: string) => Object.getOwnPropertySymbols(server).find((s) => s.description === name);
  const requestKey = key('IncomingMessage');
  const responseKey = key('ServerResponse');
  const slots = server as unknown as Record<symbol, unknown>;
  if (!requestKey || !responseKey || !app.request || !app.response) return;
  if (slots[requestKey] !== IncomingMessage || slots[responseKey] !== ServerResponse) return;
  const isClass = (f: unknown) => /^class\b/.test(Function.prototype.toString.call(f));
  if (isClass(IncomingMessage) || isClass(ServerResponse)) return;
  const NodeRequest = IncomingMessage as unknown as (this: object, socket: unknown) => void;
  const NodeResponse = ServerResponse as unknown as (this: object, req: unknown, options: unknown) => void;
  function ExpressRequest(this: object, socket: unknown): void {
    NodeRequest.call(this, socket);
  }
  function ExpressResponse(this: object, req: unknown, options: unknown): void {
    NodeResponse.call(this, req, options);
  }
  ExpressRequest.prototype = app.request;
  ExpressResponse.prototype = app.response;
  slots[requestKey] = ExpressRequest;
  slots[responseKey] = ExpressResponse;
}

/**
 * Node's server timeouts from the configuration: a client that sends its head or its body too slowly
 * is answered 408 and disconnected, and idle keep-alive sockets are closed. The check runs every
 * second (Node's default is 30 s, which would let slow sockets live far past their deadline).
 */
export function applyServerTimeouts(server: Server, config: AppConfig): void {
  server.requestTimeout = config.httpRequestTimeout;
  server.headersTimeout = Math.min(config.httpHeadersTimeout, config.httpRequestTimeout);
  server.keepAliveTimeout = config.httpKeepAliveTimeout;
  // Read when the server starts listening.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(
    1000,
    server.headersTimeout,
  );
}

/** TRUST_PROXY: true/false, a number of hops, or addresses/subnets (Express's forms). */
function trustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
