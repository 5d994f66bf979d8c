import { LRUCache } from 'lru-cache';
import { AccessControl, Env } from '../pool/env';
import type { Pool } from '../pool/pool';
import type { DatabaseServer } from '../storage/database';
import type { CacheStore, Snapshot } from './cache-store';
import { SingleFlight } from './single-flight';

/** Who a request runs as (set by the application-key guard). */
export interface Caller {
  user: number;
  application: string;
}

/** A user's access profile and what it must be checked against before use. */
export interface Profile {
  profile: string;
  /** The snapshot it was computed at; null: it cannot go stale (no access control: one per user). */
  check: Snapshot | null;
}

/**
 * Bounds the life of a profile even when no generation says it changed: the access control keeps
 * its own in-process tables, refreshed by its own channel, and a rights change landing between that
 * channel's message and our snapshot could otherwise leave a profile computed from stale tables
 * valid until the next rights change.
 */
const PROFILE_TTL_MS = 60_000;

/**
 * Access profiles per (db, user, application), kept in memory so that a cache hit costs no database
 * round trip. A profile records the snapshot taken BEFORE it was read from the database and depends
 * on the access models: the store's lookup checks it in the same round trip as the entry, so a
 * committed rights change on any instance makes every instance recompute it.
 */
export class AccessProfiles {
  private readonly profiles = new LRUCache<string, Profile>({ max: 10_000, ttl: PROFILE_TTL_MS });
  private readonly flights = new SingleFlight<Profile | null>();

  constructor(
    private readonly store: CacheStore,
    private readonly database: DatabaseServer,
    private readonly pool: Pool,
    private readonly access: AccessControl | null,
    /** The access models (a profile's dependencies, and every entry's). */
    readonly deps: readonly string[],
  ) {}

  private id(db: string, caller: Caller): string {
    return `${db}\0${caller.user}\0${caller.application}`;
  }

  /** The caller's profile from memory, or computed; null when the store is unreachable. */
  get(db: string, caller: Caller): Promise<Profile | null> | Profile {
    return this.profiles.get(this.id(db, caller)) ?? this.compute(db, caller);
  }

  /** The caller's profile if it is in memory (no computation started). */
  peek(db: string, caller: Caller): Profile | undefined {
    return this.profiles.get(this.id(db, caller));
  }

  /** Drops a profile the store found stale and computes it again. */
  refresh(db: string, caller: Caller): Promise<Profile | null> {
    this.profiles.delete(this.id(db, caller));
    return this.compute(db, caller);
  }

  private compute(db: string, caller: Caller): Promise<Profile | null> {
    const id = this.id(db, caller);
    return this.flights.run(id, async () => {
      // Without access control every user is its own profile: never stale, no database read.
      if (!this.access) return { profile: `user:${caller.user}`, check: null };
      const snapshot = await this.store.snapshot(db);
      if (!snapshot) return null;
      const access = this.access;
      const profile = await this.database.transaction(db, true, (tx) =>
        access.profile(new Env(this.pool, tx, caller.user, {}, access, caller.application)),
      );
      const result: Profile = { profile, check: snapshot };
      this.profiles.set(id, result);
      return result;
    });
  }
}
