import { tooDeep } from '../serialization/json-depth';

/**
 * JSON parameters arrive as raw JSON or as base64 of it (URL-safe or standard, padded or not). A cache
 * key must not depend on which spelling a client chose, so both decode to one value, re-serialised
 * with sorted object keys. Anything that does not decode cleanly yields undefined: the caller skips
 * the cache and lets the route answer its 400.
 */

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const JSON_START = /^[[{"\-0-9tfn]/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The value of a raw-or-base64 JSON parameter, or undefined when it is neither. */
export function decodeJsonParameter(raw: string): unknown {
  const text = raw.trim();
  if (!text) return undefined;
  // Too deep to sort recursively: no cache key; the route answers its 400.
  if (tooDeep(text)) return undefined;
  // Only these can start a JSON text; base64 of a JSON object ("ey...") is not tried as JSON, since a
  // JSON.parse that throws costs microseconds, on every request that sends a base64 context.
  if (JSON_START.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // not raw JSON: try base64 below
    }
  }
  // Buffer's base64 decoder skips invalid characters silently; check the alphabet and length first.
  if (!BASE64.test(text) || text.replace(/=+$/, '').length % 4 === 1) return undefined;
  try {
    const decoded = utf8.decode(Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
    if (tooDeep(decoded)) return undefined;
    return JSON.parse(decoded);
  } catch {
    return undefined;
  }
}

/** JSON with object keys sorted at every level, so equal values serialise to equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    // A null prototype keeps a "__proto__" key an ordinary key.
    const sorted: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(value).sort())
      sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}

/** A JSON list parameter (domain, order) in canonical form, or undefined when it is not a list. */
export function canonicalList(raw: string): string | undefined {
  const value = decodeJsonParameter(raw);
  return Array.isArray(value) ? canonicalJson(value) : undefined;
}

/** A JSON object parameter (context), or undefined when it is not an object. */
export function decodeJsonObject(raw: string): Record<string, unknown> | undefined {
  const value = decodeJsonParameter(raw);
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
