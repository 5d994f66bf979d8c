import { ExecutionContext, Global, Injectable, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModule, ThrottlerOptions } from '@nestjs/throttler';
import type { Request } from 'express';
import { hashKey, keyFromAuthorization } from '../auth/key';
import { IS_PUBLIC } from '../auth/public.decorator';
import { AppConfig } from '../config/config';
import { ApiError } from '../pool/errors';

/** 429 naming the limit, with Retry-After (seconds). */
export class RateLimitedError extends ApiError {
  readonly headers: Record<string, string>;
  constructor(limit: number, ttlMs: number, retryAfterSeconds: number) {
    super(429, `Too many requests (limit ${limit} per ${Math.round(ttlMs / 1000)} s), retry later`);
    this.headers = { 'Retry-After': String(retryAfterSeconds) };
  }
}

/** The client address the limits count on (Express's req.ip: TRUST_PROXY decides whether X-Forwarded-For counts). */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket?.remoteAddress ?? 'unknown';
}

const isPublic = (context: ExecutionContext) =>
  !!Reflect.getMetadata(IS_PUBLIC, context.getHandler()) ||
  !!Reflect.getMetadata(IS_PUBLIC, context.getClass());
const requestOf = (context: ExecutionContext) => context.switchToHttp().getRequest<Request>();
const keyOf = (context: ExecutionContext) => keyFromAuthorization(requestOf(context).headers.authorization);
/** POST and DELETE /:db/user/application/: asking for a key, giving one back. */
const isKeyRoute = (context: ExecutionContext) =>
  /^\/[^/]+\/user\/application\/?(\?|$)/.test(requestOf(context).originalUrl);

/** One count per tracker over all routes (the library's default counts each route apart). */
const wholeApi = (_context: ExecutionContext, tracker: string, throttler: string) =>
  `${throttler}:${tracker}`;

/**
 * The request rate limits (@nestjs/throttler), each over RATE_LIMIT_WINDOW ms, 0 = off:
 * - `address`: per client address, on what needs no key (the public routes, and any request that
 *   carries none): RATE_LIMIT_ANONYMOUS;
 * - `keys`: per client address, on the key routes (request and revoke): RATE_LIMIT_KEY_REQUESTS;
 * - `key`: per key, on everything a key authenticates: RATE_LIMIT_PER_KEY (off by default).
 */
export function throttlers(config: AppConfig): ThrottlerOptions[] {
  const ttl = config.rateLimitWindow;
  const list: ThrottlerOptions[] = [];
  if (config.rateLimitAnonymous)
    list.push({
      name: 'address',
      ttl,
      limit: config.rateLimitAnonymous,
      skipIf: (context) => !isPublic(context) && keyOf(context) !== null,
      getTracker: (req) => `address:${clientAddress(req as Request)}`,
      generateKey: wholeApi,
    });
  if (config.rateLimitKeyRequests)
    list.push({
      name: 'keys',
      ttl,
      limit: config.rateLimitKeyRequests,
      skipIf: (context) => !isKeyRoute(context),
      getTracker: (req) => `address:${clientAddress(req as Request)}`,
      generateKey: wholeApi,
    });
  if (config.rateLimitPerKey)
    list.push({
      name: 'key',
      ttl,
      limit: config.rateLimitPerKey,
      skipIf: (context) => isPublic(context) || keyOf(context) === null,
      getTracker: (req) => `key:${hashKey(keyFromAuthorization((req as Request).headers.authorization)!)}`,
      generateKey: wholeApi,
    });
  return list;
}

/** 429 in the dialect's body (the filters render it), with Retry-After in seconds. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http' || this.throttlers.length === 0) return true;
    // What the library's loop would conclude when every limit skips this request (a keyed read with
    // no per-key limit), without its metadata lookups per limit.
    return this.throttlers.every((t) => (t.skipIf ?? this.commonOptions.skipIf)?.(context) === true);
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire || detail.timeToExpire));
    throw new RateLimitedError(detail.limit, detail.ttl, retryAfter);
  }
}

/** The global rate-limit guard; registered before the key guard, so a flood is refused before any lookup. */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ throttlers: throttlers(config), setHeaders: false }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule {}
