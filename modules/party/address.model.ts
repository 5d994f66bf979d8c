import {
  boolean,
  char,
  computed,
  Eval,
  Greater,
  integer,
  many2one,
  Model,
  ModelClass,
  multiselection,
  one2many,
  OrderSpec,
  text,
} from 'nest-tryton';
import { AddressFormatModel, formatAddress } from './address-format.model';
import { SUBDIVISION_TYPES } from './subdivision-type.model';
import type { Env } from 'nest-tryton';
import { isNegative } from '../rec-name';
import { partyErrors } from './exceptions';

type Nested = { name?: string | null } | null;

/** What an address's text is made of (the depends of full_address and rec_name). */
const ADDRESS_DEPENDS = [
  'party_name',
  'name',
  'street',
  'postal_code',
  'city',
  'party.name',
  'country.name',
  'country.code',
  'subdivision.name',
  'subdivision.code',
];

/** The lines of addresses, in the format of their country and the request's language. */
async function addressLines(env: Env, model: ModelClass, ids: number[]): Promise<Map<number, string[]>> {
  const records = await model.read(env.withoutChecks(), ids, ADDRESS_DEPENDS);
  const country = (r: (typeof records)[number]) => r.country as { name: string; code: string | null } | null;
  const formats = await (env.model('party.address.format') as AddressFormatModel).formatsFor(
    env,
    [...new Set(records.map((r) => country(r)?.code ?? null))].map((code): [string | null, string] => [
      code,
      env.lang,
    ]),
  );
  const result = new Map<number, string[]>();
  for (const r of records) {
    const subdivision = r.subdivision as { name: string; code: string | null } | null;
    const format = formats.get(`${country(r)?.code ?? null}:${env.lang}`)!;
    result.set(
      r.id,
      formatAddress(format, {
        party_name: (r.party_name as string | null) || (r.party as Nested)?.name,
        attn: '',
        name: r.name as string | null,
        street: r.street as string | null,
        postal_code: r.postal_code as string | null,
        city: r.city as string | null,
        subdivision: subdivision?.name,
        subdivision_code: subdivision?.code?.split('-').slice(1).join('-') || subdivision?.code,
        country: country(r)?.name,
        country_code: country(r)?.code,
      }),
    );
  }
  return result;
}

export class Address extends Model {
  static override __name__ = 'party.address';
  static override description = 'Address';
  static override _recName: string | null = null;
  static override _recNameDepends = ADDRESS_DEPENDS;
  static override _order: OrderSpec = [['sequence', 'ASC NULLS FIRST']];
  static override fields = {
    party: many2one('party.party', {
      string: 'Party',
      required: true,
      ondelete: 'CASCADE',
      select: true,
      states: { readonly: Greater(Eval('id', 0), 0) },
    }),
    party_name: char({
      string: 'Party Name',
      help: 'If filled, replace the name of the party for address formatting',
    }),
    name: char({ string: 'Building Name' }),
    street: text({ string: 'Street' }),
    postal_code: char({ string: 'Postal Code' }),
    city: char({ string: 'City' }),
    country: many2one('country.country', { string: 'Country' }),
    subdivision: many2one('country.subdivision', { string: 'Subdivision' }),
    sequence: integer({ string: 'Sequence' }),
    active: boolean({ string: 'Active', default: true }),
    full_address: computed(
      text({ string: 'Full Address' }),
      async (env, ids, _name, model) => {
        const lines = await addressLines(env, model, ids);
        return new Map([...lines].map(([id, l]) => [id, l.join('\n')]));
      },
      { depends: ADDRESS_DEPENDS },
    ),
    street_single_line: computed(
      char({ string: 'Street' }),
      async (env, ids) => {
        const rows = await env.tx.query('SELECT "id", "street" FROM "party_address" WHERE "id" = ANY($1)', [
          ids,
        ]);
        return new Map(
          rows.map((r) => [
            r.id as number,
            r.street
              ? (r.street as string)
                  .split(/\r?\n/)
                  .map((l) => l.trim())
                  .filter(Boolean)
                  .join(' ')
              : null,
          ]),
        );
      },
      { depends: ['street'] },
    ),
    subdivision_types: computed(
      multiselection(SUBDIVISION_TYPES, { string: 'Subdivision Types' }),
      async (env, ids) => {
        const rows = await env.tx.query(
          `SELECT "a"."id", "t"."types" FROM "party_address" AS "a" JOIN "country_country" AS "c" ON "c"."id" = "a"."country"
           JOIN "party_address_subdivision_type" AS "t" ON "t"."country_code" = "c"."code" AND "t"."active" = TRUE
           WHERE "a"."id" = ANY($1)`,
          [ids],
        );
        return new Map(
          rows.map((r) => [r.id as number, r.types ? (JSON.parse(r.types as string) as string[]) : null]),
        );
      },
      // and the subdivision types configured for that country (party.address.subdivision_type)
      { depends: ['country.code'] },
    ),
    contact_mechanisms: one2many('party.contact_mechanism', 'address', { string: 'Contact Mechanisms' }),
    identifiers: one2many('party.identifier', 'address', { string: 'Identifiers' }),
  };

  static override async getRecName(env: Env, ids: number[]): Promise<Map<number, string>> {
    const lines = await addressLines(env, this, ids);
    return new Map([...lines].map(([id, l]) => [id, l.join(', ')]));
  }

  static override searchRecName(_env: Env, operator: string, value: unknown) {
    return [
      isNegative(operator) ? 'AND' : 'OR',
      ['party_name', operator, value],
      ['name', operator, value],
      ['street', operator, value],
      ['postal_code', operator, value],
      ['city', operator, value],
    ];
  }

  static override async validate(env: Env, ids: number[]): Promise<void> {
    await super.validate(env, ids);
    const rows = await env.tx.query(
      `SELECT "s"."name" FROM "party_address" AS "a" JOIN "country_subdivision" AS "s" ON "s"."id" = "a"."subdivision"
       WHERE "a"."id" = ANY($1) AND "s"."country" IS DISTINCT FROM "a"."country" LIMIT 1`,
      [ids],
    );
    if (rows.length) partyErrors.raise('address_subdivision', { subdivision: rows[0].name });
  }
}
