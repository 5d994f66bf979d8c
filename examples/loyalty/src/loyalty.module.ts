import { TrytonModule } from 'nest-tryton';
import { LoyaltyCard } from './card.model';
import { loadLoyaltyAccess } from './data';
import { KioskPolicy } from './kiosk.policy';
import { partyExtension } from './party.extension';
import { LoyaltyProgram } from './program.model';
import { LOYALTY_USAGES } from './usages';

/** Loyalty cards: parties earn points in programs; a kiosk application reads them. */
@TrytonModule({
  name: 'loyalty',
  depends: ['ir', 'res', 'party', 'web_shop'],
  models: [LoyaltyProgram, LoyaltyCard],
  extensions: [partyExtension],
  data: [loadLoyaltyAccess],
  applications: [['loyalty_kiosk', 'Loyalty Kiosk']],
  providers: [...LOYALTY_USAGES, KioskPolicy],
})
export class LoyaltyModule {}
