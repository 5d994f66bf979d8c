import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { allowAllPolicy, Policy, policyChanged } from './policy';
import { PolicyContribution, RESTAPI_POLICY_METADATA } from './policy.decorator';

/**
 * The pyDAL policies, one per application, collected at boot from the providers marked
 * @RestApiPolicy and changeable from code (`policy(application).set(...)`).
 *
 * Which policy a request gets: its application's own, else the `'*'` application's, else the
 * built-in allow-all policy. A policy only narrows: the request still runs as the key's user under
 * Tryton's access rights, so "allow all" means "whatever the user may do anyway".
 */
@Injectable()
export class PolicyRegistry implements OnModuleInit {
  private readonly policies = new Map<string, Policy>();
  private readonly fallback = allowAllPolicy();

  constructor(@Inject(DiscoveryService) private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const type = wrapper.metatype as object | null;
      if (!type || !wrapper.instance) continue;
      const application = Reflect.getMetadata(RESTAPI_POLICY_METADATA, type) as string | undefined;
      if (application === undefined) continue;
      (wrapper.instance as PolicyContribution).configure(this.policy(application));
    }
  }

  /** The policy of an application, created empty (deny all) when it has none yet. */
  policy(application: string): Policy {
    let policy = this.policies.get(application);
    if (!policy) {
      this.policies.set(application, (policy = new Policy()));
      policyChanged();
    }
    return policy;
  }

  /** Drops an application's policy: its requests fall back to the `'*'` or the allow-all policy. */
  remove(application: string): void {
    this.policies.delete(application);
    policyChanged();
  }

  policyFor(application: string): Policy {
    return this.policies.get(application) ?? this.policies.get('*') ?? this.fallback;
  }
}
