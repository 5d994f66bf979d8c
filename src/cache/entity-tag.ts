import { Hash, hash } from 'node:crypto';

/** A strong ETag from a digest of the answer's bytes. */
export function entityTag(digest: Hash): string {
  return `"${digest.digest('base64url').slice(0, 27)}"`;
}

export function entityTagOf(body: Buffer): string {
  // Node's one-shot digest: no Hash object per answer.
  return `"${hash('sha256', body, 'base64url').slice(0, 27)}"`;
}

/**
 * Whether If-None-Match names this ETag (RFC 9110: weak comparison, so `W/"x"` matches `"x"`; `*`
 * matches any current answer).
 */
export function noneMatch(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const list = Array.isArray(header) ? header.join(',') : header;
  return list.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}
