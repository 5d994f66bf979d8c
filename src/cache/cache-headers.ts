import { Reply } from '../http/reply';

/** The request headers that change an answer's body (the access profile comes from Authorization). */
const VARY = ['Authorization', 'Accept-Language', 'X-Tryton-Context', 'X-Tryton-Usage'];

export type CacheStatus = 'HIT' | 'MISS' | 'BYPASS';
export type Headers = Record<string, string | string[]>;

/** Sets a header, replacing any spelling of the same name already there. */
export function setHeader(headers: Headers, name: string, value: string | string[]): void {
  const lower = name.toLowerCase();
  for (const key of Object.keys(headers))
    if (key !== name && key.toLowerCase() === lower) delete headers[key];
  headers[name] = value;
}

function headerValue(headers: Headers, name: string): string | undefined {
  const lower = name.toLowerCase();
  const key = Object.keys(headers).find((k) => k.toLowerCase() === lower);
  if (key === undefined) return undefined;
  const value = headers[key];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Vary: the route's own names plus ours, once each. */
function varyValue(headers: Headers): string {
  const names = (headerValue(headers, 'Vary') ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  for (const name of VARY) if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) names.push(name);
  return names.join(', ');
}

export interface CachePolicy {
  scope: 'private' | 'public';
  maxAge: number;
}

/** ETag, Cache-Control and Vary of a cacheable answer. */
export function setCacheHeaders(headers: Headers, etag: string | null, policy: CachePolicy): void {
  if (etag) setHeader(headers, 'ETag', etag);
  setHeader(headers, 'Cache-Control', `${policy.scope}, max-age=${policy.maxAge}`);
  setHeader(headers, 'Vary', varyValue(headers));
}

/** X-Cache, for operators. */
export function setCacheStatus(headers: Headers, status: CacheStatus): void {
  setHeader(headers, 'X-Cache', status);
}

/** 304 Not Modified: no body, and only the headers a client cache needs to refresh its copy. */
export function notModified(reply: Reply): Reply {
  const headers: Headers = {};
  for (const name of ['ETag', 'Cache-Control', 'Vary', 'X-Cache']) {
    if (reply.headers[name] !== undefined) headers[name] = reply.headers[name];
  }
  return new Reply(304, headers, null);
}

/** A route's headers without those the cache sets per answer (what an entry keeps). */
export function withoutCacheHeaders(headers: Headers): Headers {
  const kept: Headers = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!['etag', 'cache-control', 'x-cache', 'set-cookie'].includes(name.toLowerCase())) kept[name] = value;
  }
  return kept;
}
