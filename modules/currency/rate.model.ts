import { date, many2one, Model, numeric, OrderSpec } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { currencyErrors } from './exceptions';

export class CurrencyRate extends Model {
  static override __name__ = 'currency.currency.rate';
  static override description = 'Rate';
  static override _recName = 'date';
  static override _order: OrderSpec = [['date', 'DESC']];
  static override _constraints = [
    {
      name: 'date_currency_uniq',
      columns: ['date', 'currency'],
      message: 'A currency can only have one rate by date.',
    },
  ];
  static override fields = {
    date: date({ string: 'Date', required: true, select: true }),
    rate: numeric({ string: 'Rate', required: true, digits: [12, 6] }),
    currency: many2one('currency.currency', {
      string: 'Currency',
      required: true,
      ondelete: 'CASCADE',
      select: true,
    }),
  };

  static override async validate(env: Env, ids: number[]): Promise<void> {
    await super.validate(env, ids);
    const rows = await env.tx.query(
      `SELECT "c"."name" FROM "currency_currency_rate" AS "r" JOIN "currency_currency" AS "c" ON "c"."id" = "r"."currency"
       WHERE "r"."id" = ANY($1) AND "r"."rate" <= 0 LIMIT 1`,
      [ids],
    );
    if (rows.length) currencyErrors.raise('invalid_rate', { currency: rows[0].name });
  }
}
