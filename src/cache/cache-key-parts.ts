import type { IncomingHttpHeaders } from 'node:http';
import type { Caller } from './access-profiles';

/** What a key part sees of a GET request, before its route runs. */
export interface KeyPartInput {
  /** Path and query string, as received. */
  url: string;
  headers: IncomingHttpHeaders;
  db: string;
  caller: Caller;
}

/**
 * A contribution to the cache key, from a module whose answers depend on something that is neither
 * in the request nor in the caller's rights: the pyDAL dialect's policies (per application, and
 * changeable at run time) are the case in point. Returns a text that changes whenever that something
 * does, or null when the request must not be answered from the cache at all (a policy that is a
 * function of the request). Called on every cached GET, hits included: keep it cheap.
 */
export type CacheKeyPart = (input: KeyPartInput) => string | null;

/** The registered key parts (empty by default). Register at module init. */
export class CacheKeyParts {
  private readonly parts: CacheKeyPart[] = [];

  register(part: CacheKeyPart): void {
    this.parts.push(part);
  }

  /** The parts' texts joined, or null when one of them refuses the request. */
  of(input: KeyPartInput): string | null {
    let text = '';
    for (const part of this.parts) {
      const value = part(input);
      if (value === null) return null;
      text += `\0${value}`;
    }
    return text;
  }
}
