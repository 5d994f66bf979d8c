import { char, many2one, Model, OrderSpec } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { isNegative } from '../rec-name';

/** A postal code of a country, with its city and subdivision (what address forms complete from). */
export class PostalCode extends Model {
  static override __name__ = 'country.postal_code';
  static override _recNameDepends = ['postal_code', 'city'];
  static override description = 'Postal Code';
  static override _recName: string | null = null;
  static override _order: OrderSpec = [
    ['country', 'ASC'],
    ['postal_code', 'ASC'],
    ['id', 'ASC'],
  ];
  static override fields = {
    country: many2one('country.country', {
      string: 'Country',
      required: true,
      ondelete: 'CASCADE',
      select: true,
      help: 'The country that contains the postal code.',
    }),
    subdivision: many2one('country.subdivision', {
      string: 'Subdivision',
      ondelete: 'CASCADE',
      help: 'The subdivision where the postal code is.',
    }),
    postal_code: char({ string: 'Postal Code', select: true }),
    city: char({ string: 'City', help: 'The city associated with the postal code.' }),
  };

  /** rec_name = postal code and city. */
  static override async getRecName(env: Env, ids: number[]): Promise<Map<number, string>> {
    const rows = await env.tx.query(
      'SELECT "id", "postal_code", "city" FROM "country_postal_code" WHERE "id" = ANY($1)',
      [ids],
    );
    return new Map(rows.map((r) => [r.id as number, [r.postal_code, r.city].filter(Boolean).join(' ')]));
  }

  static override searchRecName(_env: Env, operator: string, value: unknown) {
    return [isNegative(operator) ? 'AND' : 'OR', ['postal_code', operator, value], ['city', operator, value]];
  }
}
