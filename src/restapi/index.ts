/** What modules use to declare pyDAL-dialect policies. */
export { RestApiPolicy } from './policy.decorator';
export type { PolicyContribution } from './policy.decorator';
export { Policy, MAX_LIMIT } from './policy';
export type { Authorize, GetPolicy, PolicyMethod, PolicyRequest, WritePolicy } from './policy';
export { PolicyRegistry } from './policy.registry';
export { RestApiModule } from './restapi.module';
