import {
  Bool,
  boolean,
  char,
  computed,
  Equal,
  Eval,
  In,
  integer,
  many2one,
  Model,
  multiValue,
  Not,
  one2many,
  OrderSpec,
  selection,
  text,
  Values,
} from 'nest-tryton';
import type { FieldStates, Env } from 'nest-tryton';
import { isNegative } from '../rec-name';
import { partyValuePattern } from './company-value';
import { partyErrors } from './exceptions';

const PHONE_TYPES = ['phone', 'mobile', 'fax'];

function compactValue(type: unknown, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return PHONE_TYPES.includes((type as string) ?? 'phone') ? value.replace(/[\s().\-/]/g, '') : value;
}

function compact(values: Values): Values {
  return 'value' in values
    ? { ...values, value_compact: compactValue(values.type ?? 'phone', values.value) }
    : values;
}

/** Tryton's get_url: a link for the types that have one. */
function contactUrl(type: string, value: string | null, compacted: string | null): string | null {
  if (!value) return null;
  switch (type) {
    case 'email':
      return `mailto:${value}`;
    case 'website':
      return /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `http://${value}`;
    case 'skype':
      return `callto:${value}`;
    case 'sip':
      return `sip:${value}`;
    case 'phone':
    case 'mobile':
      return `tel:${compacted ?? value}`;
    case 'fax':
      return `fax:${compacted ?? value}`;
    default:
      return null;
  }
}

/** A computed alias of `value` (Tryton's get_value / set_value). */
/** Tryton's per-type value field: shown, and needed, for its type. */
const ofType = (type: string): FieldStates => ({
  invisible: Not(Equal(Eval('type'), type)),
  required: Equal(Eval('type'), type),
});

function valueAlias(string: string, states: FieldStates) {
  return computed(
    char({ string, states }),
    async (env, ids) => {
      const rows = await env.tx.query(
        'SELECT "id", "value" FROM "party_contact_mechanism" WHERE "id" = ANY($1)',
        [ids],
      );
      return new Map(rows.map((r) => [r.id as number, r.value]));
    },
    {
      depends: ['value'],
      setter: async (env, ids, _name, value) => {
        await env.model('party.contact_mechanism').write(env, ids, { value });
      },
    },
  );
}

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
    address: many2one('party.address', {
      string: 'Address',
      ondelete: 'CASCADE',
      help: 'The address the contact mechanism belongs to.',
    }),
    sequence: integer({ string: 'Sequence' }),
    active: boolean({ string: 'Active', default: true }),
    // What Tryton's form shows for the type: the value under its type's name, writable through it.
    email: valueAlias('Email', ofType('email')),
    website: valueAlias('Website', ofType('website')),
    skype: valueAlias('Skype', ofType('skype')),
    sip: valueAlias('SIP', ofType('sip')),
    other_value: valueAlias('Value', {
      invisible: In(Eval('type'), ['email', 'website', 'skype', 'sip']),
      required: Not(In(Eval('type'), ['email', 'website'])),
    }),
    // a copy of value: readable only by whoever may read value
    value_compact: char({ string: 'Value Compact', readonly: true, depends: ['value'] }),
    url: computed(
      char({ string: 'URL', states: { invisible: Not(Bool(Eval('url'))) } }),
      async (env, ids) => {
        const rows = await env.tx.query(
          'SELECT "id", "type", "value", "value_compact" FROM "party_contact_mechanism" WHERE "id" = ANY($1)',
          [ids],
        );
        return new Map(rows.map((r) => [r.id as number, contactUrl(r.type, r.value, r.value_compact)]));
      },
      { depends: ['type', 'value', 'value_compact'] },
    ),
    language: multiValue(
      many2one('ir.lang', {
        string: 'Language',
        help: 'Used to translate communication made using the contact mechanism.',
      }),
      {
        model: 'party.contact_mechanism.language',
        parent: 'contact_mechanism',
        pattern: partyValuePattern('party.contact_mechanism.language'),
        one2many: 'languages',
      },
    ),
    languages: one2many('party.contact_mechanism.language', 'contact_mechanism', { string: 'Languages' }),
  };

  /** value_compact follows the value (Tryton compacts phone numbers; other values are kept). */
  static override async create(env: Env, vlist: Values[]): Promise<number[]> {
    return super.create(env, vlist.map(compact));
  }

  static override async write(env: Env, ids: number[], values: Values): Promise<void> {
    if (!('value' in values) && !('type' in values)) return super.write(env, ids, values);
    await super.write(env, ids, values);
    // type or value changed: recompute the compact value of each record from what is stored.
    await env.tx.query(
      `UPDATE "party_contact_mechanism" SET "value_compact" = CASE WHEN "type" IN ('phone', 'mobile', 'fax')
         THEN REGEXP_REPLACE("value", '[\\s().\\-/]', '', 'g') ELSE "value" END WHERE "id" = ANY($1)`,
      [ids],
    );
  }

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
