import * as crypto from 'node:crypto';
import { createHash, Hash } from 'node:crypto';

/** Node's one-shot digest (20.12+): no Hash object per answer. */
const oneShot = (crypto as { hash?: (algorithm: string, data: Buffer, encoding: 'base64url') => string })
  .hash;

/** A strong ETag from a digest of the answer's bytes. */
export function entityTag(digest: Hash): string {
  return `"${digest.digest('base64url').slice(0, 27)}"`;
}

export function entityTagOf(body: Buffer): string {
  if (!oneShot) return entityTag(createHash('sha256').update(body));
  return `"${oneShot('sha256', body, 'base64url').slice(0, 27)}"`;
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
