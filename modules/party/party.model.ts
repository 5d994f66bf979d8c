import {
  Bool,
  boolean,
  char,
  computed,
  Eval,
  findRef,
  Greater,
  integer,
  many2many,
  many2one,
  Model,
  multiValue,
  Not,
  one2many,
  OrderSpec,
  Values,
} from 'nest-tryton';
import type { Env, Sequence } from 'nest-tryton';
import { isNegative, lstripWildcard } from '../rec-name';
import { partyValuePattern } from './company-value';
import type { PartyConfigurationModel } from './configuration.model';
import { partyErrors } from './exceptions';
import { TAX_IDENTIFIER_TYPES } from './identifier-types';

/** A computed field holding the first active contact mechanism of a type, searchable on any of them. */
function contactField(type: string, string: string) {
  return computed(
    // Tryton sets them on a new party only (as its first contact of that type).
    char({ string, states: { readonly: Greater(Eval('id', -1), 0, true) } }),
    async (env, ids) => {
      const rows = await env.tx.query(
        `SELECT DISTINCT ON ("party") "party", "value" FROM "party_contact_mechanism"
         WHERE "party" = ANY($1) AND "type" = $2 AND "active" = TRUE
         ORDER BY "party", "sequence" ASC NULLS FIRST, "id" ASC`,
        [ids, type],
      );
      return new Map(rows.map((r) => [r.party as number, r.value]));
    },
    {
      depends: ['contact_mechanisms.type', 'contact_mechanisms.value', 'contact_mechanisms.active'],
      searcher: (_env, _name, operator, value) => [
        [
          'contact_mechanisms',
          'where',
          [
            ['type', '=', type],
            ['value', operator, value],
          ],
        ],
      ],
    },
  );
}

export class Party extends Model {
  static override __name__ = 'party.party';
  static override description = 'Party';
  static override _order: OrderSpec = [['name', 'ASC']];
  static override _recNameDepends = ['name', 'code'];
  static override _constraints = [
    { name: 'code_uniq', columns: ['code'], message: 'The code on party must be unique.' },
  ];
  static override fields = {
    name: char({ string: 'Name', select: true, help: 'The main identifier of the party.' }),
    code: char({
      string: 'Code',
      required: true,
      select: true,
      help: 'The unique identifier of the party.',
      states: { readonly: Eval('code_readonly', true) },
    }),
    active: boolean({ string: 'Active', default: true, states: { readonly: Bool(Eval('replaced_by')) } }),
    full_name: computed(
      char({ string: 'Full Name' }),
      async (env, ids, _name, model) => {
        const rows = await model.read(env.withoutChecks(), ids, ['name']);
        return new Map(rows.map((r) => [r.id, r.name]));
      },
      { depends: ['name'] },
    ),
    code_readonly: computed(
      boolean({ string: 'Code Readonly' }),
      async (env, ids) => {
        const { party_sequence } = await (
          env.model('party.configuration') as PartyConfigurationModel
        ).settings(env);
        return new Map(ids.map((id) => [id, !!party_sequence]));
      },
      { depends: [] },
    ),
    // Per company once the company module is active (Tryton's MultiValue).
    lang: multiValue(
      many2one('ir.lang', { string: 'Language', help: 'Used to translate communications with the party.' }),
      {
        model: 'party.party.lang',
        parent: 'party',
        pattern: partyValuePattern('party.party.lang'),
        one2many: 'langs',
      },
    ),
    langs: one2many('party.party.lang', 'party', { string: 'Languages' }),
    replaced_by: many2one('party.party', {
      string: 'Replaced By',
      readonly: true,
      states: { invisible: Not(Bool(Eval('replaced_by'))) },
      help: 'The party replacing this one.',
    }),
    tax_identifier: computed(
      many2one('party.identifier', {
        string: 'Tax Identifier',
        help: 'The identifier used for tax report.',
      }),
      async (env, ids) => {
        const rows = await env.tx.query(
          `SELECT DISTINCT ON ("party") "party", "id" FROM "party_identifier"
           WHERE "party" = ANY($1) AND "type" = ANY($2) AND "active" = TRUE ORDER BY "party", "sequence" ASC NULLS FIRST, "id"`,
          [ids, TAX_IDENTIFIER_TYPES],
        );
        return new Map(rows.map((r) => [r.party as number, r.id as number]));
      },
      {
        depends: ['identifiers.type', 'identifiers.active'],
        searcher: (_env, path, operator, value) => {
          const rest = path.split('.').slice(1).join('.');
          return [
            [
              'identifiers',
              'where',
              [
                ['type', 'in', TAX_IDENTIFIER_TYPES],
                [rest || 'id', operator, value],
              ],
            ],
          ];
        },
      },
    ),
    // Tryton: how far the party is from the user (0 for the user's own employee); modules set it.
    distance: computed(
      integer({ string: 'Distance' }),
      async (_env, ids) => new Map(ids.map((id) => [id, null])),
      { depends: [] },
    ),
    addresses: one2many('party.address', 'party', { string: 'Addresses' }),
    contact_mechanisms: one2many('party.contact_mechanism', 'party', { string: 'Contact Mechanisms' }),
    categories: many2many('party.party-party.category', 'party', 'category', 'party.category', {
      string: 'Categories',
      table: 'party_category_rel',
    }),
    identifiers: one2many('party.identifier', 'party', { string: 'Identifiers' }),
    email: contactField('email', 'E-Mail'),
    phone: contactField('phone', 'Phone'),
    mobile: contactField('mobile', 'Mobile'),
    website: contactField('website', 'Website'),
    fax: contactField('fax', 'Fax'),
  };

  /** Parties created without a code get the next numbers of the party sequence. */
  static override async create(env: Env, vlist: Values[]): Promise<number[]> {
    const missing = vlist.filter((v) => !v.code);
    const settings = await (env.model('party.configuration') as PartyConfigurationModel).settings(env);
    if (missing.length) {
      const sequence =
        settings.party_sequence ??
        (await findRef(env, 'party', 'sequence_party')) ??
        partyErrors.raise('missing_sequence');
      const numbers = await (env.model('ir.sequence') as typeof Sequence).nextNumbers(
        env,
        sequence,
        missing.length,
      );
      const codes = new Map(missing.map((values, i) => [values, numbers[i]]));
      vlist = vlist.map((v) => (codes.has(v) ? { ...v, code: codes.get(v) } : v));
    }
    // Tryton's default_lang: the configuration's party language.
    if (settings.party_lang)
      vlist = vlist.map((v) => ('lang' in v ? v : { ...v, lang: settings.party_lang }));
    return super.create(env, vlist);
  }

  /** rec_name = name, or [code] for a party without a name. */
  static override async getRecName(env: Env, ids: number[]): Promise<Map<number, string>> {
    const rows = await env.tx.query('SELECT "id", "name", "code" FROM "party_party" WHERE "id" = ANY($1)', [
      ids,
    ]);
    return new Map(rows.map((r) => [r.id as number, (r.name as string) || `[${r.code as string}]`]));
  }

  /** Code prefix OR identifier code OR name OR a contact mechanism value (Tryton's search_rec_name). */
  static override searchRecName(_env: Env, operator: string, value: unknown) {
    const code = operator.endsWith('like') ? lstripWildcard(value) : value;
    return [
      isNegative(operator) ? 'AND' : 'OR',
      ['code', operator, code],
      ['identifiers.code', operator, code],
      ['name', operator, value],
      ['contact_mechanisms.rec_name', operator, value],
    ];
  }
}
