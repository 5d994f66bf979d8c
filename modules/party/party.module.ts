import { TrytonModule } from 'nest-tryton';
import { AddressFormat } from './address-format.model';
import { Address } from './address.model';
import { PartyCategory } from './category.model';
import { ContactMechanism } from './contact-mechanism.model';
import {
  ConfigurationPartyLang,
  ConfigurationPartySequence,
  PartyConfiguration,
} from './configuration.model';
import { loadPartyData, migratePartyLangs } from './data';
import { loadPartyDemoLarge, loadPartyDemoSmall } from './demo';
import { PartyIdentifier } from './identifier.model';
import { ContactMechanismLanguage, PartyLang } from './party-lang.model';
import { Party } from './party.model';
import { emailTemplateExtension } from './ir.extension';
import { AddressSubdivisionType } from './subdivision-type.model';

/** Parties (people and organisations), their addresses, contact mechanisms, categories and identifiers. */
@TrytonModule({
  name: 'party',
  depends: ['ir', 'res', 'country', 'currency'],
  models: [
    Party,
    PartyLang,
    Address,
    AddressFormat,
    AddressSubdivisionType,
    ContactMechanism,
    ContactMechanismLanguage,
    PartyCategory,
    PartyIdentifier,
    PartyConfiguration,
    ConfigurationPartySequence,
    ConfigurationPartyLang,
  ],
  extensions: [emailTemplateExtension],
  data: [loadPartyData, migratePartyLangs],
  demo: { small: loadPartyDemoSmall, large: loadPartyDemoLarge },
})
export class PartyModule {}
