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

/** What an address's text is made of (the depends of full_address and rec_name). */
const ADDRESS_DEPENDS = [
  'party_name',
  'name',
  'street',
  'postal_code',
  'city',
  'party.full_name',
  'country.name',
  'country.code',
  'subdivision.name',
  'subdivision.code',
];

type AddressRecord = Awaited<ReturnType<ModelClass['read']>>[number];
type Coded = { id: number; name: string; code: string | null } | null;

/** Tryton's party_full_name: the address's own party name, else the party's full name. */
const partyFullName = (r: AddressRecord) =>
  (r.party_name as string | null) || ((r.party as { full_name?: string | null } | null)?.full_name ?? '');

/** A context value naming a record: Tryton clients send its id. */
const contextId = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value)
    ? value
    : value && typeof value === 'object' && Number.isInteger((value as { id?: unknown }).id)
      ? (value as { id: number }).id
      : null;

/**
 * The lines of addresses in the format of their country and the request's language, with Tryton's
 * substitutions: the country's name in English; the party's name only with the context
 * `address_with_party`; the country left out for `address_from_country` (a country id); `attn` the
 * full name of the party `address_attention_party` (a party id).
 */
async function addressLines(env: Env, model: ModelClass, ids: number[]): Promise<Map<number, string[]>> {
  const root = env.withoutChecks();
  const records = await model.read(root, ids, ADDRESS_DEPENDS);
  const country = (r: AddressRecord) => r.country as Coded;
  const formats = await (env.model('party.address.format') as AddressFormatModel).formatsFor(
    env,
    [...new Set(records.map((r) => country(r)?.code ?? null))].map((code): [string | null, string] => [
      code,
      env.lang,
    ]),
  );
  // Tryton writes the country's name in English whatever the language (postal usage).
  const countryIds = [...new Set(records.map((r) => country(r)?.id).filter((id) => id != null))] as number[];
  const english =
    env.lang === 'en' || !countryIds.length
      ? null
      : new Map(
          (
            await env
              .model('country.country')
              .read(root.withContext({ language: 'en' }), countryIds, ['name'])
          ).map((c) => [c.id, c.name as string]),
        );
  const withParty = !!env.context.address_with_party;
  const fromCountry = contextId(env.context.address_from_country);
  const attentionId = contextId(env.context.address_attention_party);
  const attention =
    attentionId === null
      ? ''
      : (((await env.model('party.party').read(root, [attentionId], ['full_name']))[0]
          ?.full_name as string) ?? '');
  const result = new Map<number, string[]>();
  for (const r of records) {
    const subdivision = r.subdivision as Coded;
    const c = country(r);
    const format = formats.get(`${c?.code ?? null}:${env.lang}`)!;
    result.set(
      r.id,
      formatAddress(format, {
        party_name: withParty ? partyFullName(r) : '',
        attn: attention,
        name: r.name as string | null,
        street: r.street as string | null,
        postal_code: r.postal_code as string | null,
        zip: r.postal_code as string | null,
        city: r.city as string | null,
        subdivision: subdivision?.name,
        subdivision_code: subdivision?.code?.split('-').slice(1).join('-') || subdivision?.code,
        country: c && c.id !== fromCountry ? (english?.get(c.id) ?? c.name) : '',
        country_code: c?.code,
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

  /** Tryton's: party, building name, street on one line, postal code, city and country code. */
  static override async getRecName(env: Env, ids: number[]): Promise<Map<number, string>> {
    const records = await this.read(env.withoutChecks(), ids, [...ADDRESS_DEPENDS, 'street_single_line']);
    return new Map(
      records.map((r) => [
        r.id,
        [partyFullName(r), r.name, r.street_single_line, r.postal_code, r.city, (r.country as Coded)?.code]
          .filter(Boolean)
          .join(', '),
      ]),
    );
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
