import { LRUCache } from 'lru-cache';
import { canonicalRequest, CanonicalRequest, KeyInput } from './cache-key';

/** The request headers the canonical form reads. */
const KEYED_HEADERS = ['accept-language', 'x-tryton-context', 'x-tryton-usage', 'range'];
/** Longer requests are canonicalised each time rather than kept (bounded memory). */
const MAX_MEMO_LENGTH = 2048;

/**
 * canonicalRequest, remembered per raw request: decoding base64 and JSON costs tens of microseconds,
 * a hit must cost close to nothing, and clients repeat the same URLs and headers.
 */
export class CanonicalRequests {
  private readonly memo = new LRUCache<string, { canonical: CanonicalRequest | null }>({ max: 10_000 });

  of(input: KeyInput): CanonicalRequest | null {
    let raw = `${input.path}?${input.query}`;
    for (const name of KEYED_HEADERS) {
      const value = input.headers[name];
      raw += value === undefined ? '\n' : `\n${Array.isArray(value) ? JSON.stringify(value) : `=${value}`}`;
    }
    if (raw.length > MAX_MEMO_LENGTH) return canonicalRequest(input);
    const known = this.memo.get(raw);
    if (known) return known.canonical;
    const canonical = canonicalRequest(input);
    this.memo.set(raw, { canonical });
    return canonical;
  }
}
