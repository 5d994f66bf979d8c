import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { canonicalRequest, CanonicalRequest, KeyInput } from './cache-key';

/** The request headers the canonical form reads. */
const KEYED_HEADERS = ['accept-language', 'x-tryton-context', 'x-tryton-usage', 'range'];
/** Longer requests are canonicalised each time rather than kept (bounded memory). */
const MAX_MEMO_LENGTH = 2048;

function inputOf(url: string, headers: KeyInput['headers']): KeyInput {
  const mark = url.indexOf('?');
  return { path: mark < 0 ? url : url.slice(0, mark), query: mark < 0 ? '' : url.slice(mark + 1), headers };
}

/**
 * canonicalRequest and the store key, remembered per raw request: decoding base64 and JSON costs tens
 * of microseconds, a hit must cost close to nothing, and clients repeat the same URLs and headers.
 */
export class CanonicalRequests {
  private readonly memo = new LRUCache<string, { canonical: CanonicalRequest | null }>({
    maxSize: 8 * 1024 * 1024,
    // Strings take 1-2 bytes a character, and a canonical form is an object of several (~1 KB).
    sizeCalculation: (value, raw) => 2 * (raw.length + (value.canonical?.descriptor.length ?? 0)) + 1024,
  });
  private readonly keys = new WeakMap<CanonicalRequest, Map<string, string>>();

  /** The canonical form of a request by its URL (path and query string, as received) and headers. */
  of(url: string, headers: KeyInput['headers']): CanonicalRequest | null {
    let raw = url;
    for (const name of KEYED_HEADERS) {
      const value = headers[name];
      raw += value === undefined ? '\n' : `\n${Array.isArray(value) ? JSON.stringify(value) : `=${value}`}`;
    }
    if (raw.length > MAX_MEMO_LENGTH) return canonicalRequest(inputOf(url, headers));
    const known = this.memo.get(raw);
    if (known) return known.canonical;
    const canonical = canonicalRequest(inputOf(url, headers));
    this.memo.set(raw, { canonical });
    return canonical;
  }

  /** The store key of a request for an access profile: a digest of both. */
  keyOf(canonical: CanonicalRequest, profile: string): string {
    let byProfile = this.keys.get(canonical);
    if (!byProfile) this.keys.set(canonical, (byProfile = new Map()));
    let key = byProfile.get(profile);
    if (key === undefined) {
      // One digest of the three parts, as three updates of one hash would give.
      key = hash('sha256', `${canonical.descriptor}\0${profile}`, 'base64url');
      if (byProfile.size >= 64) byProfile.clear();
      byProfile.set(profile, key);
    }
    return key;
  }
}
