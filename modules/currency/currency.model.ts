import {
  boolean,
  char,
  computed,
  Decimal,
  integer,
  Model,
  numeric,
  one2many,
  OrderSpec,
  PlainDate,
  Values,
} from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { currencyErrors } from './exceptions';
import { roundHalfEven } from './rounding';

/** What rounding needs to know about a currency. */
export interface CurrencyRounding {
  rounding: Decimal | null;
}

/** The date of a context (`date` as text or PlainDate), or today. */
export function contextDate(env: Env): PlainDate {
  const value = env.context.date;
  if (value instanceof PlainDate) return value;
  if (typeof value === 'string') return PlainDate.parse(value) ?? PlainDate.today();
  return PlainDate.today();
}

export class Currency extends Model {
  static override __name__ = 'currency.currency';
  static override description = 'Currency';
  static override _order: OrderSpec = [['code', 'ASC']];
  static override _constraints = [
    { name: 'code_unique', columns: ['code'], message: 'The code of a currency must be unique.' },
  ];
  static override fields = {
    name: char({ string: 'Name', required: true, translate: true }),
    symbol: char({ string: 'Symbol', size: 10 }),
    code: char({ string: 'Code', required: true, size: 3, help: 'ISO 4217 code' }),
    numeric_code: char({ string: 'Numeric Code', size: 3 }),
    digits: integer({ string: 'Digits', required: true, default: 2 }),
    rounding: numeric({
      string: 'Rounding factor',
      required: true,
      digits: [12, 6],
      default: () => new Decimal('0.01'),
    }),
    rates: one2many('currency.currency.rate', 'currency', { string: 'Rates' }),
    rate: computed(
      numeric({ string: 'Current rate', digits: [12, 6] }),
      (env, ids) => Currency.ratesAt(env, ids, contextDate(env)),
      { depends: ['rates.rate', 'rates.date'] },
    ),
    active: boolean({ string: 'Active', default: true }),
  };

  static override async create(env: Env, vlist: Values[]): Promise<number[]> {
    return super.create(
      env,
      vlist.map((v) => (typeof v.code === 'string' ? { ...v, code: v.code.toUpperCase() } : v)),
    );
  }

  static override async validate(env: Env, ids: number[]): Promise<void> {
    await super.validate(env, ids);
    const rows = await env.tx.query(
      'SELECT "name" FROM "currency_currency" WHERE "id" = ANY($1) AND "rounding" <= 0 LIMIT 1',
      [ids],
    );
    if (rows.length) currencyErrors.raise('invalid_rounding', { currency: rows[0].name });
  }

  static override searchRecName(_env: Env, operator: string, value: unknown) {
    const positive = !operator.startsWith('not') && operator !== '!=';
    return [
      positive ? 'OR' : 'AND',
      ['name', operator, value],
      ['code', operator, value],
      ['symbol', operator, value],
    ];
  }

  /** Half-even rounding to the currency's rounding: every money amount goes through it. */
  static round(currency: CurrencyRounding, amount: Decimal): Decimal {
    return roundHalfEven(amount, currency.rounding);
  }

  /** The rounding of each currency, in one query. */
  static async roundings(env: Env, ids: number[]): Promise<Map<number, CurrencyRounding>> {
    // Through the reader: a read-only request that read a record prefetching its currency (a sale)
    // has its row already.
    const rows = await this.read(env.withoutChecks(), ids, ['rounding']);
    return new Map(
      rows.map((r) => [
        r.id as number,
        {
          rounding: r.rounding === null || r.rounding === undefined ? null : new Decimal(String(r.rounding)),
        },
      ]),
    );
  }

  /** The latest rate on or before `date` of each currency (null when it has none), in one query. */
  static async ratesAt(env: Env, ids: number[], at: PlainDate): Promise<Map<number, unknown>> {
    const rows = await env.tx.query(
      `SELECT DISTINCT ON ("currency") "currency", "rate" FROM "currency_currency_rate"
       WHERE "currency" = ANY($1) AND "date" <= $2 ORDER BY "currency", "date" DESC`,
      [ids, at.toString()],
    );
    const result = new Map<number, unknown>(ids.map((id) => [id, null]));
    for (const row of rows) result.set(row.currency as number, new Decimal(row.rate));
    return result;
  }

  /**
   * Converts amounts from one currency to another at the rates of `at` (Tryton's Currency.compute):
   * amount × rate(to) / rate(from), rounded to the target currency unless `round` is false.
   */
  static async compute(
    env: Env,
    from: number,
    amounts: Decimal[],
    to: number,
    options: { round?: boolean; date?: PlainDate } = {},
  ): Promise<Decimal[]> {
    const round = options.round ?? true;
    const roundings = await this.roundings(env, [to]);
    const target = roundings.get(to) ?? { rounding: null };
    if (from === to) return amounts.map((a) => (round ? this.round(target, a) : a));
    const at = options.date ?? contextDate(env);
    const rates = await this.ratesAt(env, [from, to], at);
    for (const id of [from, to]) {
      if (!rates.get(id)) {
        const [row] = await env.tx.query('SELECT "name" FROM "currency_currency" WHERE "id" = $1', [id]);
        currencyErrors.raise('no_rate', { currency: row?.name ?? id, date: at.toString() });
      }
    }
    const [rateTo, rateFrom] = [rates.get(to) as Decimal, rates.get(from) as Decimal];
    return amounts.map((a) => {
      const converted = a.times(rateTo).div(rateFrom);
      return round ? this.round(target, converted) : converted;
    });
  }
}

export type CurrencyModel = typeof Currency;
