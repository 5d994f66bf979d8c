import * as crypto from 'node:crypto';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new user-application key: 32 random bytes, hex (shown once, stored only as its hash). */
export function generateKey(): string {
  return randomBytes(32).toString('hex');
}

/** Node's one-shot digest (20.12+): no Hash object per call, which a cache hit would pay every time. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/** The stored form of a key: SHA-256, hex. */
export function hashKey(key: string): string {
  return oneShot ? oneShot('sha256', key, 'hex') : createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Constant-time equality of two hex hashes. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

const KEY = /^[\x21-\x7e]{1,256}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The key of an Authorization header: `Bearer <key>` (scheme case-insensitive) or
 * `Basic base64(":<key>")` (empty user name, the key as password). Anything else: null.
 */
export function keyFromAuthorization(header: unknown): string | null {
  if (typeof header !== 'string' || header.length > 1024) return null;
  const match = /^([A-Za-z]+)[ \t]+(\S+)[ \t]*$/.exec(header.trim());
  if (!match) return null;
  const scheme = match[1].toLowerCase();
  let key: string;
  if (scheme === 'bearer') {
    key = match[2];
  } else if (scheme === 'basic') {
    if (!BASE64.test(match[2])) return null;
    const decoded = Buffer.from(match[2], 'base64').toString('utf8');
    if (!decoded.startsWith(':')) return null;
    key = decoded.slice(1);
  } else {
    return null;
  }
  return KEY.test(key) ? key : null;
}
