import { char, integer, many2one, Model, OrderSpec, selection } from 'nest-tryton';

export class PartyIdentifier extends Model {
  static override __name__ = 'party.identifier';
  static override description = 'Party Identifier';
  static override _recName = 'code';
  static override _order: OrderSpec = [['sequence', 'ASC NULLS FIRST']];
  static override fields = {
    party: many2one('party.party', { string: 'Party', required: true, ondelete: 'CASCADE', select: true }),
    type: selection(
      [
        ['eu_vat', 'European VAT'],
        ['be_vat', 'Belgian Enterprise Number'],
        ['fr_siren', 'French Company Identification Number'],
        ['fr_siret', 'French Establishment Identification Number'],
        ['gln', 'Global Location Number'],
        ['other', 'Other'],
      ],
      { string: 'Type' },
    ),
    code: char({ string: 'Code', required: true, select: true }),
    sequence: integer({ string: 'Sequence' }),
  };
}
