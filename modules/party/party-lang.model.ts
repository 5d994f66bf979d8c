import { many2one, Model } from 'nest-tryton';

/** A party's language (per company once the company module is active). */
export class PartyLang extends Model {
  static override __name__ = 'party.party.lang';
  static override description = 'Party Lang';
  static override _access = 'party';
  static override _recName: string | null = null;
  static override fields = {
    party: many2one('party.party', { string: 'Party', ondelete: 'CASCADE', select: true }),
    lang: many2one('ir.lang', { string: 'Language' }),
  };
}

/** A contact mechanism's language (per company once the company module is active). */
export class ContactMechanismLanguage extends Model {
  static override __name__ = 'party.contact_mechanism.language';
  static override description = 'Contact Mechanism Language';
  static override _access = 'contact_mechanism';
  static override _recName: string | null = null;
  static override fields = {
    contact_mechanism: many2one('party.contact_mechanism', {
      string: 'Contact Mechanism',
      ondelete: 'CASCADE',
      select: true,
    }),
    language: many2one('ir.lang', { string: 'Language' }),
  };
}
