import { SUBDIVISION_TYPES } from './subdivision-types';
import { boolean, char, computed, many2one, Model, one2many, OrderSpec, selection } from 'nest-tryton';
import { subdivisionFlag } from './flag';
import type { Env } from 'nest-tryton';
import { countryErrors } from './exceptions';

export class Subdivision extends Model {
  static override __name__ = 'country.subdivision';
  static override description = 'Subdivision';
  static override _order: OrderSpec = [['name', 'ASC']];
  static override _parent = 'parent';
  static override fields = {
    country: many2one('country.country', {
      string: 'Country',
      required: true,
      ondelete: 'CASCADE',
      select: true,
    }),
    name: char({ string: 'Name', required: true, translate: true }),
    code: char({ string: 'Code', help: 'The ISO code of the subdivision.' }),
    flag: computed(
      char({ string: 'Flag' }),
      async (env, ids) => {
        const rows = await env.tx.query(
          'SELECT "id", "code" FROM "country_subdivision" WHERE "id" = ANY($1)',
          [ids],
        );
        return new Map(rows.map((r) => [r.id as number, subdivisionFlag(r.code as string | null)]));
      },
      { depends: ['code'] },
    ),
    type: selection(SUBDIVISION_TYPES, { string: 'Type' }),
    parent: many2one('country.subdivision', { string: 'Parent', ondelete: 'CASCADE' }),
    childs: one2many('country.subdivision', 'parent', { string: 'Children' }),
    active: boolean({ string: 'Active', default: true }),
  };

  static override async validate(env: Env, ids: number[]): Promise<void> {
    await super.validate(env, ids);
    const rows = await env.tx.query(
      `SELECT "s"."name" FROM "country_subdivision" AS "s" JOIN "country_subdivision" AS "p" ON "p"."id" = "s"."parent"
       WHERE "s"."id" = ANY($1) AND "p"."country" <> "s"."country" LIMIT 1`,
      [ids],
    );
    if (rows.length) countryErrors.raise('subdivision_country', { subdivision: rows[0].name });
  }

  static override searchRecName(_env: Env, operator: string, value: unknown) {
    const positive = !operator.startsWith('not') && operator !== '!=';
    return [positive ? 'OR' : 'AND', ['name', operator, value], ['code', operator, value]];
  }
}
