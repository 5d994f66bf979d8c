/** One cached answer: the body of a 200 and the ETag that lets the server answer 304 instead. */
export interface CachedAnswer {
  etag: string;
  /** The headers the client reads back (Content-Range, Content-Language, Link, Location). */
  headers: Record<string, string>;
  body: string;
}

/**
 * Where ETagged answers are kept. Keys are SHA-256 digests (they never hold the API key itself), so
 * any shared store (Redis, a file) may be plugged in; methods may be sync or async.
 */
export interface EtagStore {
  get(key: string): CachedAnswer | undefined | Promise<CachedAnswer | undefined>;
  set(key: string, answer: CachedAnswer): void | Promise<void>;
  delete(key: string): void | Promise<void>;
}

/** The default store: an in-memory LRU bounded by entries and by body bytes. */
export class MemoryEtagStore implements EtagStore {
  private readonly entries = new Map<string, CachedAnswer>();
  private bytes = 0;

  constructor(private readonly limits: { maxEntries?: number; maxBytes?: number } = {}) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): CachedAnswer | undefined {
    const answer = this.entries.get(key);
    if (answer) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, answer);
    }
    return answer;
  }

  set(key: string, answer: CachedAnswer): void {
    const maxEntries = this.limits.maxEntries ?? 1000;
    const maxBytes = this.limits.maxBytes ?? 32 * 1024 * 1024;
    if (answer.body.length > maxBytes) return;
    this.delete(key);
    this.entries.set(key, answer);
    this.bytes += answer.body.length;
    for (const [oldest, old] of this.entries) {
      if (this.entries.size <= maxEntries && this.bytes <= maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= old.body.length;
    }
  }

  delete(key: string): void {
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.bytes -= old.body.length;
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}
