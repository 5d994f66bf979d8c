import { TrytonModule } from 'nest-tryton';
import { Address } from './address.model';
import { PartyCategory } from './category.model';
import { ContactMechanism } from './contact-mechanism.model';
import { loadPartyData } from './data';
import { loadPartyDemoLarge, loadPartyDemoSmall } from './demo';
import { PartyIdentifier } from './identifier.model';
import { Party } from './party.model';

/** Parties (people and organisations), their addresses, contact mechanisms, categories and identifiers. */
@TrytonModule({
  name: 'party',
  depends: ['ir', 'res', 'country', 'currency'],
  models: [Party, Address, ContactMechanism, PartyCategory, PartyIdentifier],
  data: [loadPartyData],
  demo: { small: loadPartyDemoSmall, large: loadPartyDemoLarge },
})
export class PartyModule {}
