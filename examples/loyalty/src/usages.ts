import { Injectable, Usage } from 'nest-tryton';
import type { UsageContribution } from 'nest-tryton';

/** A web shop customer also sees the cards (merged into web_shop's own party.party usage). */
@Injectable()
@Usage('party.party', 'web_shop')
export class PartyLoyaltyUsage implements UsageContribution {
  readonly fields = ['loyalty_cards.number', 'loyalty_cards.points', 'loyalty_cards.program.name'];
}

/** What the in-store kiosk reads (X-Tryton-Usage: loyalty). */
@Injectable()
@Usage('loyalty.card', 'loyalty')
export class CardLoyaltyUsage implements UsageContribution {
  readonly fields = ['number', 'points', 'party.name', 'program.name'];
}

export const LOYALTY_USAGES = [PartyLoyaltyUsage, CardLoyaltyUsage];
