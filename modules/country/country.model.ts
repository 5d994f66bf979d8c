import {
  boolean,
  char,
  computed,
  many2many,
  many2one,
  Model,
  one2many,
  OrderSpec,
  Values,
} from 'nest-tryton';
import { countryFlag } from './flag';
import type { Env } from 'nest-tryton';
import { countryErrors } from './exceptions';

/** Upper-cases the ISO codes of a values dict (Tryton does it in create and write). */
function upperCodes(values: Values): Values {
  const out = { ...values };
  for (const name of ['code', 'code3']) {
    if (typeof out[name] === 'string') out[name] = (out[name] as string).toUpperCase();
  }
  return out;
}

export class Country extends Model {
  static override __name__ = 'country.country';
  static override description = 'Country';
  static override _order: OrderSpec = [['name', 'ASC']];
  static override _constraints = [
    { name: 'code_unique', columns: ['code'], message: 'The code of a country must be unique.' },
  ];
  static override fields = {
    name: char({ string: 'Name', required: true, translate: true, select: true }),
    code: char({ string: 'Code', size: 2, help: 'The 2 chars ISO country code.' }),
    code3: char({ string: 'Code3', size: 3, help: 'The 3 chars ISO country code.' }),
    code_numeric: char({ string: 'Numeric Code', help: 'The ISO numeric country code.' }),
    flag: computed(
      char({ string: 'Flag' }),
      async (env, ids) => {
        const rows = await env.tx.query('SELECT "id", "code" FROM "country_country" WHERE "id" = ANY($1)', [
          ids,
        ]);
        return new Map(rows.map((r) => [r.id as number, countryFlag(r.code as string | null)]));
      },
      { depends: ['code'] },
    ),
    region: many2one('country.region', {
      string: 'Region',
      ondelete: 'SET NULL',
      help: 'The UN M49 region of the country.',
    }),
    subdivisions: one2many('country.subdivision', 'country', { string: 'Subdivisions' }),
    members: one2many('country.organization.member', 'country', { string: 'Members' }),
    organizations: many2many(
      'country.organization.member',
      'country',
      'organization',
      'country.organization',
      {
        string: 'Organizations',
        readonly: true,
      },
    ),
    active: boolean({ string: 'Active', default: true }),
  };

  static override async create(env: Env, vlist: Values[]): Promise<number[]> {
    return super.create(env, vlist.map(upperCodes));
  }

  static override async write(env: Env, ids: number[], values: Values): Promise<void> {
    return super.write(env, ids, upperCodes(values));
  }

  static override async validate(env: Env, ids: number[]): Promise<void> {
    await super.validate(env, ids);
    const rows = await env.tx.query(
      'SELECT "id", "name", "code", "code3" FROM "country_country" WHERE "id" = ANY($1)',
      [ids],
    );
    for (const row of rows) {
      for (const [name, size] of [
        ['code', 2],
        ['code3', 3],
      ] as const) {
        const code = row[name] as string | null;
        if (code !== null && !new RegExp(`^[A-Z]{${size}}$`).test(code)) {
          countryErrors.raise('invalid_code', { code, country: row.name, size });
        }
      }
    }
  }

  static override searchRecName(_env: Env, operator: string, value: unknown) {
    const positive = !operator.startsWith('not') && operator !== '!=';
    return [positive ? 'OR' : 'AND', ['name', operator, value], ['code', operator, value]];
  }
}
