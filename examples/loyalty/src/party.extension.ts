import { extend, one2many } from 'nest-tryton';
import type { ModelClass } from 'nest-tryton';

/** A party shows its loyalty cards (an extension of a core model, as Tryton's PoolMeta classes). */
export const partyExtension = extend(
  'party.party',
  (Base: ModelClass) =>
    class extends Base {
      static override fields = {
        loyalty_cards: one2many('loyalty.card', 'party', { string: 'Loyalty Cards' }),
      };
    },
);
