import type { DatabaseServer } from '../storage/database';
import { DatabaseUnavailableError } from '../storage/database';
import { onSecurityChange, SecurityChannel } from '../ir/access/security-channel';
import { hashKey, sameHash } from './key';
import type { RequestAuth } from './request-auth';

interface Entry {
  auth: RequestAuth;
  expires: number;
}

/** Backstop for changes made outside the server's own code (raw SQL): the cache never outlives this. */
const TTL_MS = 60_000;
const MAX_ENTRIES_PER_DB = 10_000;

/**
 * Key -> (user, application): a validated key of an active user, looked up by its SHA-256 hash.
 * Answers are cached in memory only while the security channel guarantees that a cancellation made
 * anywhere reaches this cache (a cancelled key is refused on the very next request); otherwise every
 * request asks the database.
 */
export class ApplicationKeyResolver {
  private readonly cache = new Map<string, Map<string, Entry>>();
  /** Bumped by every change: an answer loaded across a change is not cached. */
  private generation = 0;
  private readonly unsubscribe: () => void;
  /** Database lookups made (the rest were answered from memory). */
  lookups = 0;

  constructor(
    private readonly server: DatabaseServer,
    private readonly channel: SecurityChannel | null,
  ) {
    this.unsubscribe = onSecurityChange((db, topic) => {
      if (topic === 'access') return;
      this.generation++;
      if (db === null) this.cache.clear();
      else this.cache.delete(db);
    });
  }

  /** The key's caller when memory may answer (see resolve), else undefined: ask resolve. */
  resolveCached(db: string, key: string): RequestAuth | undefined {
    if (!(this.channel?.trusted(db) ?? false)) return undefined;
    return this.remembered(db, hashKey(key));
  }

  /**
   * The answer kept for a key's hash while it lasts. The map holds it under that very hash, so the
   * entry is the key's: no second comparison (the hash, not the key, is what a lookup's timing shows).
   */
  private remembered(db: string, keyHash: string): RequestAuth | undefined {
    const entry = this.cache.get(db)?.get(keyHash);
    return entry && entry.expires > Date.now() ? entry.auth : undefined;
  }

  async resolve(db: string, key: string): Promise<RequestAuth | null> {
    const keyHash = hashKey(key);
    const trusted = this.channel?.trusted(db) ?? false;
    if (trusted) {
      const known = this.remembered(db, keyHash);
      if (known) return known;
    }
    const generation = this.generation;
    const auth = await this.lookup(db, keyHash);
    if (auth && trusted && generation === this.generation && this.channel!.trusted(db)) {
      let entries = this.cache.get(db);
      if (!entries) this.cache.set(db, (entries = new Map()));
      if (entries.size >= MAX_ENTRIES_PER_DB) entries.delete(entries.keys().next().value!);
      entries.set(keyHash, { auth, expires: Date.now() + TTL_MS });
    }
    return auth;
  }

  private async lookup(db: string, keyHash: string): Promise<RequestAuth | null> {
    this.lookups++;
    let rows: { key_hash: string; user: number; application: string }[];
    try {
      const result = await this.server.pool(db).query(
        `SELECT "a"."key_hash", "a"."user", "a"."application" FROM "res_user_application" AS "a"
         JOIN "res_user" AS "u" ON "u"."id" = "a"."user"
         WHERE "a"."key_hash" = $1 AND "a"."state" = 'validated' AND "u"."active" = TRUE`,
        [keyHash],
      );
      rows = result.rows;
    } catch {
      throw new DatabaseUnavailableError();
    }
    // The index finds the row; the hash is still compared in constant time before it is trusted.
    const row = rows.find((r) => sameHash(r.key_hash, keyHash));
    return row ? { user: row.user, application: row.application, keyHash } : null;
  }

  close(): void {
    this.unsubscribe();
    this.cache.clear();
  }
}
