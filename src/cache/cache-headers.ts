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
