import { boolean, char, integer, many2one, Model, OrderSpec, selection, text } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { isNegative } from '../rec-name';
import { partyErrors } from './exceptions';

/** Deliberately permissive (one @, a dot in the domain, no spaces): the mail server has the last word. */
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export class ContactMechanism extends Model {
  static override __name__ = 'party.contact_mechanism';
  static override description = 'Contact Mechanism';
  static override _recName = 'value';
  static override _order: OrderSpec = [['sequence', 'ASC NULLS FIRST']];
  static override fields = {
    type: selection(
      [
        ['phone', 'Phone'],
        ['mobile', 'Mobile'],
        ['fax', 'Fax'],
        ['email', 'E-Mail'],
        ['website', 'Website'],
        ['skype', 'Skype'],
        ['sip', 'SIP'],
        ['irc', 'IRC'],
        ['jabber', 'Jabber'],
        ['other', 'Other'],
      ],
      { string: 'Type', required: true, default: 'phone', select: true },
    ),
    value: char({ string: 'Value', required: true, select: true }),
    name: char({ string: 'Name' }),
    comment: text({ string: 'Comment' }),
    party: many2one('party.party', { string: 'Party', required: true, ondelete: 'CASCADE', select: true }),
    sequence: integer({ string: 'Sequence' }),
    active: boolean({ string: 'Active', default: true }),
  };

  static override searchRecName(_env: Env, operator: string, value: unknown) {
    return [isNegative(operator) ? 'AND' : 'OR', ['value', operator, value], ['name', operator, value]];
  }

  static override async validate(env: Env, ids: number[]): Promise<void> {
    await super.validate(env, ids);
    const rows = await env.tx.query(
      `SELECT "c"."value", "p"."name", "p"."code" FROM "party_contact_mechanism" AS "c"
       JOIN "party_party" AS "p" ON "p"."id" = "c"."party" WHERE "c"."id" = ANY($1) AND "c"."type" = 'email'`,
      [ids],
    );
    const bad = rows.find((r) => !EMAIL.test(r.value as string));
    if (bad) partyErrors.raise('invalid_email', { value: bad.value, party: bad.name || bad.code });
  }
}
