import {
  boolean,
  char,
  computed,
  Eval,
  integer,
  many2one,
  Model,
  Not,
  OrderSpec,
  selection,
} from 'nest-tryton';
import { ADDRESS_IDENTIFIER_TYPES, IDENTIFIER_TYPES } from './identifier-types';

export class PartyIdentifier extends Model {
  static override __name__ = 'party.identifier';
  static override description = 'Party Identifier';
  static override _recName = 'code';
  static override _order: OrderSpec = [['sequence', 'ASC NULLS FIRST']];
  static override fields = {
    party: many2one('party.party', { string: 'Party', required: true, ondelete: 'CASCADE', select: true }),
    type: selection(IDENTIFIER_TYPES, { string: 'Type' }),
    address: many2one('party.address', {
      string: 'Address',
      ondelete: 'CASCADE',
      states: { invisible: Not(Eval('type_address', true)), required: Eval('type_address', false) },
      help: 'The address identified by the code.',
    }),
    type_address: computed(
      boolean({ string: 'Type of Address' }),
      async (env, ids) => {
        const rows = await env.tx.query('SELECT "id", "type" FROM "party_identifier" WHERE "id" = ANY($1)', [
          ids,
        ]);
        return new Map(
          rows.map((r) => [r.id as number, ADDRESS_IDENTIFIER_TYPES.includes(r.type as string)]),
        );
      },
      { depends: ['type'] },
    ),
    active: boolean({ string: 'Active', default: true }),
    code: char({ string: 'Code', required: true, select: true }),
    sequence: integer({ string: 'Sequence' }),
  };
}
