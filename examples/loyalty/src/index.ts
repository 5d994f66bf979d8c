/** What MODULE_PATHS loads: every @TrytonModule class exported here. */
export { LoyaltyModule } from './loyalty.module';
