import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool, type Dispatcher } from 'undici';
import { ConnectionError, TimeoutError, TrytonError } from './errors';
import { MemoryEtagStore, type CachedAnswer, type EtagStore } from './etag-cache';

export interface PoolOptions {
  /** Sockets kept to the server (default 16). */
  connections?: number;
  /** How long an idle socket is kept open, ms (default 30 s; the server's Keep-Alive hint wins). */
  keepAliveTimeout?: number;
  /** Requests in flight per socket (default 1: HTTP/1.1 without pipelining). */
  pipelining?: number;
}

export interface RetryOptions {
  /** Retries after the first attempt (default 2). 0 turns retrying off. */
  retries?: number;
  /** First back-off delay, ms, doubled at each retry with jitter (default 100). */
  minDelay?: number;
  /** Largest back-off delay, ms (default 2000). */
  maxDelay?: number;
  /** A 503's Retry-After longer than this (ms) is not waited for: the error is thrown (default 10 s). */
  maxRetryAfter?: number;
}

export interface CallOptions {
  /** Aborts the call (and the transfer, for streams). */
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call, ms (0: none). */
  timeout?: number;
}

export interface TransportRequest extends CallOptions {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** GET answers with an ETag are kept and revalidated with If-None-Match. */
  cacheable?: boolean;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The answer came from the ETag store after a 304. */
  cached: boolean;
}

export interface StreamAnswer {
  status: number;
  headers: Record<string, string>;
  body: AsyncIterable<Buffer> & { destroy(error?: Error): void };
  /** Ends the call's timers; call it when done with the body. */
  done(): void;
}

/** Errors that happen before a request reaches the server: always safe to retry. */
const CONNECT_ERRORS = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);
/** Errors of a broken connection: the request may have run, so only idempotent methods retry. */
const BROKEN_ERRORS = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ETIMEDOUT']);
const KEPT_HEADERS = [
  'content-range',
  'content-language',
  'link',
  'location',
  'content-type',
  'accept-ranges',
];

function errorCode(e: unknown): string {
  const err = e as { code?: string; cause?: { code?: string } };
  return err?.code ?? err?.cause?.code ?? '';
}

function flatHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** Retry-After as a delay in ms (seconds or an HTTP date), null when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * The HTTP layer a client and the clients derived from it share: one undici pool with keep-alive,
 * the ETag store, retries with back-off (connection errors and 503 only) and per-call deadlines.
 */
export class Transport {
  readonly origin: string;
  readonly basePath: string;
  private readonly pool: Pool;
  private readonly store: EtagStore | null;
  private readonly retry: Required<RetryOptions>;

  constructor(
    baseUrl: string,
    readonly timeout: number,
    options: { pool?: PoolOptions; retry?: RetryOptions; cache?: EtagStore | false } = {},
  ) {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TypeError(`Unsupported URL protocol: ${url.protocol}`);
    }
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(this.origin, {
      connections: options.pool?.connections ?? 16,
      keepAliveTimeout: options.pool?.keepAliveTimeout ?? 30_000,
      pipelining: options.pool?.pipelining ?? 1,
    });
    this.store = options.cache === false ? null : (options.cache ?? new MemoryEtagStore());
    this.retry = {
      retries: options.retry?.retries ?? 2,
      minDelay: options.retry?.minDelay ?? 100,
      maxDelay: options.retry?.maxDelay ?? 2000,
      maxRetryAfter: options.retry?.maxRetryAfter ?? 10_000,
    };
  }

  /** A buffered call: the whole answer body, errors (status ≥ 400) thrown as TrytonErrors. */
  async request(req: TransportRequest): Promise<Answer> {
    const deadline = this.deadline(req);
    try {
      const key = req.cacheable && this.store && req.method === 'GET' ? this.cacheKey(req) : null;
      const cached = key ? await this.store!.get(key) : undefined;
      const headers = cached ? { ...req.headers, 'if-none-match': cached.etag } : req.headers;
      const res = await this.send(req, headers, deadline.signal);
      const body = Buffer.from(await res.body.arrayBuffer());
      const resHeaders = flatHeaders(res.headers);
      if (res.statusCode === 304 && cached) {
        return {
          status: 200,
          headers: { ...cached.headers, etag: cached.etag },
          body: Buffer.from(cached.body),
          cached: true,
        };
      }
      if (res.statusCode >= 400)
        throw TrytonError.fromAnswer(res.statusCode, resHeaders, body.toString('utf8'));
      if (key && res.statusCode === 200 && resHeaders.etag) {
        const kept: Record<string, string> = {};
        for (const name of KEPT_HEADERS) if (resHeaders[name]) kept[name] = resHeaders[name];
        await this.store!.set(key, {
          etag: resHeaders.etag,
          headers: kept,
          body: body.toString('utf8'),
        } satisfies CachedAnswer);
      }
      return { status: res.statusCode, headers: resHeaders, body, cached: false };
    } catch (e) {
      throw deadline.translate(e);
    } finally {
      deadline.clear();
    }
  }

  /**
   * A streamed call: the answer's headers and its body as it arrives. The timeout covers the wait for
   * the headers and then each wait for the next chunk; the signal aborts the transfer at any point.
   */
  async stream(req: TransportRequest): Promise<StreamAnswer> {
    const deadline = this.deadline(req);
    try {
      const res = await this.send(req, req.headers, deadline.signal, true);
      const headers = flatHeaders(res.headers);
      if (res.statusCode >= 400) {
        const text = await res.body.text();
        throw TrytonError.fromAnswer(res.statusCode, headers, text);
      }
      deadline.clearTimer();
      const body = res.body;
      const translate = deadline.translate;
      const iterable = {
        async *[Symbol.asyncIterator]() {
          try {
            for await (const chunk of body as AsyncIterable<Buffer>) yield chunk;
          } catch (e) {
            throw translate(e);
          }
        },
        destroy: (error?: Error) => body.destroy(error),
      };
      return { status: res.statusCode, headers, body: iterable, done: () => deadline.clear() };
    } catch (e) {
      deadline.clear();
      throw deadline.translate(e);
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private cacheKey(req: TransportRequest): string {
    const h = req.headers;
    // The headers that change the body: the server's Vary, and the Range of a paged search.
    const vary = [h.authorization, h['accept-language'], h['x-tryton-context'], h['x-tryton-usage'], h.range];
    return createHash('sha256')
      .update([req.path, ...vary.map((v) => v ?? '')].join('\0'))
      .digest('base64url');
  }

  /** The call's signal: the caller's, plus the timeout (whose abort becomes a TimeoutError). */
  private deadline(req: CallOptions) {
    const controller = new AbortController();
    const timeout = req.timeout ?? this.timeout;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      if (timeout > 0) timer = setTimeout(() => controller.abort(new TimeoutError(timeout)), timeout);
    };
    arm();
    const onAbort = () => controller.abort(req.signal!.reason);
    if (req.signal?.aborted) onAbort();
    else req.signal?.addEventListener('abort', onAbort, { once: true });
    return {
      signal: controller.signal,
      timeout,
      clearTimer: () => clearTimeout(timer),
      clear: () => {
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onAbort);
      },
      translate: (e: unknown): unknown => {
        if (controller.signal.aborted) return controller.signal.reason;
        const code = errorCode(e);
        if (code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT')
          return new TimeoutError(timeout);
        if (CONNECT_ERRORS.has(code) || BROKEN_ERRORS.has(code)) {
          return new ConnectionError(`Cannot reach ${this.origin}: ${(e as Error).message}`, { cause: e });
        }
        return e;
      },
    };
  }

  /** Sends with retries: connection errors (connect phase always, broken ones if idempotent) and 503. */
  private async send(
    req: TransportRequest,
    headers: Record<string, string>,
    signal: AbortSignal,
    stream = false,
    timeout = req.timeout ?? this.timeout,
  ): Promise<Dispatcher.ResponseData> {
    const idempotent = req.method !== 'POST';
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= this.retry.retries;
      let res: Dispatcher.ResponseData;
      try {
        res = await this.pool.request({
          method: req.method,
          path: req.path,
          headers,
          body: req.body,
          signal,
          // The deadline timer covers buffered calls; streams get an idle timeout per chunk.
          headersTimeout: timeout > 0 ? timeout : 0,
          bodyTimeout: stream && timeout > 0 ? timeout : 0,
        });
      } catch (e) {
        const code = errorCode(e);
        const retryable = CONNECT_ERRORS.has(code) || (idempotent && BROKEN_ERRORS.has(code));
        if (last || signal.aborted || !retryable) throw e;
        await sleep(this.backoff(attempt), undefined, { signal });
        continue;
      }
      if (res.statusCode !== 503 || last) return res;
      const after = retryAfterMs(flatHeaders(res.headers)['retry-after']);
      if (after !== null && after > this.retry.maxRetryAfter) return res;
      await res.body.dump();
      await sleep(after ?? this.backoff(attempt), undefined, { signal });
    }
  }

  private backoff(attempt: number): number {
    const base = Math.min(this.retry.maxDelay, this.retry.minDelay * 2 ** attempt);
    return base / 2 + Math.random() * (base / 2);
  }
}
