import Decimal from 'decimal.js';
import {
  date,
  Equal,
  Eval,
  many2many,
  many2one,
  Model,
  Not,
  PlainDate,
  selection,
  integer,
  UserError,
} from 'nest-tryton';
import type { Env, OrderSpec, Values } from 'nest-tryton';
import { ecbRates, RatesNotAvailable } from './ecb';

const when = (frequency: string) => ({
  required: Equal(Eval('frequency', ''), frequency),
  invisible: Not(Equal(Eval('frequency', ''), frequency)),
});

/** Rates are stored with 6 decimals (currency.currency.rate's digits). */
const RATE_DECIMALS = 6;

const iso = (d: Date) => d.toISOString().slice(0, 10);

interface CronRow {
  id: number;
  source: string;
  frequency: 'daily' | 'weekly' | 'monthly';
  day: number | null;
  weekday: number | null;
  last_update: string;
  base: string;
  base_id: number;
}

/**
 * Tryton's currency.cron: fetches the rates of some currencies against a base one from a source (the
 * European Central Bank), every day, week (on a weekday) or month (on a day), from the day after its
 * last update up to today; run by the cron `currency.cron|update` or its button `run`.
 */
export class CurrencyCron extends Model {
  static override __name__ = 'currency.cron';
  static override description = 'Currency Cron';
  static override _recName = null;
  static override _order: OrderSpec = [['id', 'ASC']];
  static override fields = {
    source: selection([['ecb', 'European Central Bank']], {
      string: 'Source',
      required: true,
      help: 'The external source for rates.',
    }),
    frequency: selection(
      [
        ['daily', 'Daily'],
        ['weekly', 'Weekly'],
        ['monthly', 'Monthly'],
      ],
      {
        string: 'Frequency',
        required: true,
        default: 'monthly',
        help: 'How frequently rates must be updated.',
      },
    ),
    weekday: many2one('ir.calendar.day', { string: 'Day of Week', states: when('weekly') }),
    day: integer({ string: 'Day of Month', default: 1, states: when('monthly') }),
    currency: many2one('currency.currency', {
      string: 'Currency',
      required: true,
      help: 'The base currency to fetch rate.',
    }),
    currencies: many2many('currency.cron-currency.currency', 'cron', 'currency', 'currency.currency', {
      string: 'Currencies',
      help: 'The currencies to update the rate.',
    }),
    last_update: date({ string: 'Last Update', required: true, default: () => PlainDate.today() }),
  };
  static override _buttons = {
    run: { summary: 'fetches the rates due up to today and writes them (currency.currency.rate)' },
  };

  /** A day of the month only for a monthly update (Tryton's domain), unless the caller sends one. */
  static override async complete(env: Env, vlist: Values[]): Promise<Values[]> {
    const completed = await super.complete(env, vlist);
    return completed.map((v) =>
      'frequency' in v && v.frequency !== 'monthly' && !('day' in v) ? { ...v, day: null } : v,
    );
  }

  static override async validate(env: Env, ids: number[]): Promise<void> {
    await super.validate(env, ids);
    const rows = await env.tx.query(
      'SELECT "id", "frequency", "day", "weekday" FROM "currency_cron" WHERE "id" = ANY($1)',
      [ids],
    );
    for (const row of rows) {
      if (row.frequency === 'monthly' && (row.day === null || row.day < 1 || row.day > 31)) {
        throw new UserError('A monthly update of rates needs a day of the month from 1 to 31.');
      }
      if (row.frequency !== 'monthly' && row.day !== null) {
        throw new UserError('Only a monthly update of rates has a day of the month.');
      }
      if (row.frequency === 'weekly' && row.weekday === null) {
        throw new UserError('A weekly update of rates needs a day of the week.');
      }
    }
  }

  static async run(env: Env, ids: number[], _kwargs: Record<string, unknown> = {}): Promise<void> {
    await this.update(env, ids);
  }

  /**
   * Tryton's Cron.update: for each cron (all of them without ids), the rates of each date due, up to
   * today, then its last update. A source that cannot be read stops everything (nothing is written);
   * rates not published yet for today stop that cron quietly.
   */
  static async update(env: Env, ids?: number[]): Promise<void> {
    const root = env.withoutChecks();
    const crons = ids ?? (await this.search(root, []));
    if (!crons.length) return;
    const rows = (await env.tx.query(
      `SELECT "c"."id", "c"."source", "c"."frequency", "c"."day", "d"."index" AS "weekday",
              CAST("c"."last_update" AS TEXT) AS "last_update", "cur"."code" AS "base", "cur"."id" AS "base_id"
         FROM "currency_cron" AS "c" JOIN "currency_currency" AS "cur" ON "cur"."id" = "c"."currency"
         LEFT JOIN "ir_calendar_day" AS "d" ON "d"."id" = "c"."weekday" WHERE "c"."id" = ANY($1) ORDER BY "c"."id"`,
      [crons],
    )) as unknown as CronRow[];
    const today = PlainDate.today().toString();
    for (const cron of rows) {
      const targets = await env.tx.query(
        `SELECT "cur"."id", "cur"."code" FROM "${env.model('currency.cron-currency.currency')._table}" AS "r"
           JOIN "currency_currency" AS "cur" ON "cur"."id" = "r"."currency" WHERE "r"."cron" = $1`,
        [cron.id],
      );
      let last = cron.last_update;
      for (let day = nextUpdate(cron, last); day <= today; day = nextUpdate(cron, last)) {
        let rates: Map<string, Decimal>;
        try {
          rates = await this.fetchRates(env, cron, day);
        } catch (e) {
          if (!(e instanceof RatesNotAvailable)) throw e;
          if (day >= today) break;
          last = day;
          continue;
        }
        const values = new Map<number, Decimal>([[cron.base_id, new Decimal(1)]]);
        for (const target of targets) {
          const rate = rates.get(target.code as string);
          if (rate) values.set(target.id as number, rate);
        }
        await saveRates(env, day, values);
        last = day;
      }
      if (last !== cron.last_update) await this.write(env, [cron.id], { last_update: last });
    }
  }

  /** The rates of a date from the cron's source (Tryton's fetch_<source>). */
  static async fetchRates(env: Env, cron: { source: string; base: string }, day: string) {
    if (cron.source !== 'ecb') throw new UserError(`Unknown source of rates "${cron.source}"`);
    const { currencyEcbUrl, fetchTimeout } = env.config;
    return ecbRates({ url: currencyEcbUrl, timeout: fetchTimeout }, cron.base, day);
  }
}

/** The date after `last` the cron updates (Tryton's next_update: last_update + delta). */
export function nextUpdate(
  cron: { frequency: string; day: number | null; weekday: number | null },
  last: string,
): string {
  const d = new Date(`${last}T00:00:00Z`);
  if (cron.frequency === 'daily') d.setUTCDate(d.getUTCDate() + 1);
  else if (cron.frequency === 'weekly') {
    d.setUTCDate(d.getUTCDate() + 7);
    if (cron.weekday !== null)
      d.setUTCDate(d.getUTCDate() + ((cron.weekday - ((d.getUTCDay() + 6) % 7) + 7) % 7));
  } else if (cron.frequency === 'monthly') {
    const month = d.getUTCMonth() + 1;
    const year = d.getUTCFullYear() + Math.floor(month / 12);
    const m = month % 12;
    const length = new Date(Date.UTC(year, m + 1, 0)).getUTCDate();
    d.setUTCFullYear(year, m, Math.min(cron.day ?? d.getUTCDate(), length));
  }
  return iso(d);
}

/** Writes the rates of a date: the existing rate of a currency on that date is replaced. */
async function saveRates(env: Env, day: string, values: Map<number, Decimal>): Promise<void> {
  const Rate = env.model('currency.currency.rate');
  const existing = await Rate.search(env.withContext({ active_test: false }), [
    ['date', '=', day],
    ['currency', 'in', [...values.keys()]],
  ]);
  const byCurrency = new Map(
    (await Rate.read(env, existing, ['currency'])).map((r) => [r.currency as number, r.id]),
  );
  const create: Values[] = [];
  for (const [currency, rate] of values) {
    // As Tryton's quantize: 6 decimals, half-even, the scale kept ("1.050000").
    const value = rate.toDecimalPlaces(RATE_DECIMALS, Decimal.ROUND_HALF_EVEN).toFixed(RATE_DECIMALS);
    const id = byCurrency.get(currency);
    if (id !== undefined) await Rate.write(env, [id], { rate: value });
    else create.push({ date: day, currency, rate: value });
  }
  if (create.length) await Rate.create(env, create);
}
