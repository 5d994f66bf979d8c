import 'reflect-metadata';
import type { Policy } from './policy';

export const RESTAPI_POLICY_METADATA = Symbol('tryton:restapi-policy');

/**
 * Marks a provider as a contribution to the pyDAL dialect's policy of an application (`'*'`: the
 * policy of every application without its own). The provider's `configure(policy)` is called once at
 * boot with that application's Policy, pyDAL-style:
 *
 *   @RestApiPolicy('web_shop')
 *   @Injectable()
 *   export class HeroesPolicy implements PolicyContribution {
 *     configure(policy: Policy) {
 *       policy.set('superhero', 'GET', { authorize: true, allowed_patterns: ['*'] });
 *     }
 *   }
 */
export function RestApiPolicy(application = '*'): ClassDecorator {
  return (target) => Reflect.defineMetadata(RESTAPI_POLICY_METADATA, application, target);
}

export interface PolicyContribution {
  configure(policy: Policy): void;
}
