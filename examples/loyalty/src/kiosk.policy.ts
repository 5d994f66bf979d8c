import { Injectable, RestApiPolicy } from 'nest-tryton';
import type { Policy, PolicyContribution } from 'nest-tryton';

/**
 * Keys of the `loyalty_kiosk` application (declared in the manifest) get this pyDAL policy: cards and
 * programs can be read, nothing can be changed through /rest/api.
 */
@RestApiPolicy('loyalty_kiosk')
@Injectable()
export class KioskPolicy implements PolicyContribution {
  configure(policy: Policy): void {
    policy.set('loyalty.card', 'GET', { authorize: true, allowed_patterns: ['*'] });
    policy.set('loyalty.program', 'GET', { authorize: true, allowed_patterns: ['*'] });
    for (const method of ['POST', 'PUT', 'DELETE'] as const) policy.set('*', method, { authorize: false });
  }
}
