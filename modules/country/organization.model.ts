import {
  boolean,
  char,
  computed,
  date,
  many2many,
  many2one,
  Model,
  one2many,
  OrderSpec,
  PlainDate,
} from 'nest-tryton';
import { countryErrors } from './exceptions';
import type { Env } from 'nest-tryton';

/** An organization of countries (the European Union, Benelux, ...), e.g. for tax rules. */
export class Organization extends Model {
  static override __name__ = 'country.organization';
  static override description = 'Organization';
  static override _order: OrderSpec = [['name', 'ASC']];
  static override fields = {
    name: char({ string: 'Name', required: true, translate: true }),
    code: char({ string: 'Code' }),
    members: one2many('country.organization.member', 'organization', {
      string: 'Members',
      // Tryton filters members with the context's date (active_test): here all of them, with their dates.
    }),
    countries: many2many('country.organization.member', 'organization', 'country', 'country.country', {
      string: 'Countries',
      readonly: true,
    }),
  };
}

/** A country's membership of an organization, between two optional dates. */
export class OrganizationMember extends Model {
  static override __name__ = 'country.organization.member';
  static override _recNameDepends = ['organization.rec_name', 'country.rec_name'];
  static override description = 'Organization Member';
  static override _recName: string | null = null;
  static override _order: OrderSpec = [
    ['organization', 'ASC'],
    ['from_date', 'ASC NULLS FIRST'],
  ];
  static override fields = {
    organization: many2one('country.organization', {
      string: 'Organization',
      required: true,
      ondelete: 'CASCADE',
      select: true,
    }),
    country: many2one('country.country', {
      string: 'Country',
      required: true,
      ondelete: 'CASCADE',
      select: true,
    }),
    from_date: date({ string: 'From Date' }),
    to_date: date({ string: 'To Date' }),
    // Tryton: a member is active on the context's `date` (default today) within [from_date, to_date].
    active: computed(
      boolean({ string: 'Active' }),
      async (env, ids) => {
        const on = contextDate(env).toString();
        const rows = await env.tx.query(
          `SELECT "id", (COALESCE("from_date", '-infinity') <= $2::date AND COALESCE("to_date", 'infinity') >= $2::date) AS "active"
           FROM "country_organization_member" WHERE "id" = ANY($1)`,
          [ids, on],
        );
        return new Map(rows.map((r) => [r.id as number, r.active as boolean]));
      },
      {
        depends: ['from_date', 'to_date'],
        searcher: (env, _name, operator, value) => {
          const on = contextDate(env).toString();
          const active = [
            ['OR', ['from_date', '=', null], ['from_date', '<=', on]],
            ['OR', ['to_date', '=', null], ['to_date', '>=', on]],
          ];
          const wanted = operator === '=' ? !!value : operator === '!=' ? !value : true;
          return wanted ? active : ['OR', ['from_date', '>', on], ['to_date', '<', on]];
        },
      },
    ),
  };

  static override async getRecName(env: Env, ids: number[]): Promise<Map<number, string>> {
    const rows = await this.read(env.withoutChecks(), ids, ['organization.rec_name', 'country.rec_name']);
    return new Map(
      rows.map((r) => [
        r.id,
        `${(r.country as { rec_name: string }).rec_name} @ ${(r.organization as { rec_name: string }).rec_name}`,
      ]),
    );
  }

  static override async validate(env: Env, ids: number[]): Promise<void> {
    await super.validate(env, ids);
    const rows = await env.tx.query(
      `SELECT "id" FROM "country_organization_member" WHERE "id" = ANY($1) AND "to_date" < "from_date" LIMIT 1`,
      [ids],
    );
    if (rows.length) countryErrors.raise('member_dates');
  }
}

function contextDate(env: Env): PlainDate {
  const value = env.context.date;
  return (typeof value === 'string' && PlainDate.parse(value)) || PlainDate.today();
}
