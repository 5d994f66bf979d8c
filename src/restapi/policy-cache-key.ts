import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { CacheKeyParts, KeyPartInput } from '../cache/cache-key-parts';
import { policyVersion } from './policy';
import { PolicyRegistry } from './policy.registry';

const API_PATH = /^\/[^/]+\/rest\/api\/([^/?[]+)/;

/**
 * pyDAL answers depend on the caller's application policy, which code may change at run time: the
 * cache key carries the policy version, and a GET policy that is a function of the request (authorize,
 * query or limit as functions) is never answered from the cache.
 */
@Injectable()
export class PolicyCacheKey implements OnModuleInit {
  constructor(
    @Inject(CacheKeyParts) private readonly parts: CacheKeyParts,
    @Inject(PolicyRegistry) private readonly policies: PolicyRegistry,
  ) {}

  onModuleInit(): void {
    this.parts.register((input) => this.part(input));
  }

  part(input: KeyPartInput): string | null {
    const match = API_PATH.exec(input.url);
    if (!match) return '';
    const entry = this.policies.policyFor(input.caller.application).entry(decodeURIComponent(match[1]));
    const get = entry?.GET as Record<string, unknown> | undefined;
    if (get && ['authorize', 'query', 'limit'].some((k) => typeof get[k] === 'function')) return null;
    return `policy:${policyVersion()}`;
  }
}
