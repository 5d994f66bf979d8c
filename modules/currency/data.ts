import { loadRecord, refId } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { loadReadAllWriteGroup } from '../default-data';

/** [ISO 4217 code, numeric code, symbol, digits, rounding, English name, French name] */
export const CURRENCIES: [string, string, string, number, string, string, string][] = [
  ['EUR', '978', '€', 2, '0.01', 'Euro', 'Euro'],
  ['USD', '840', '$', 2, '0.01', 'US Dollar', 'Dollar des États-Unis'],
  ['GBP', '826', '£', 2, '0.01', 'Pound Sterling', 'Livre sterling'],
  ['CHF', '756', 'CHF', 2, '0.01', 'Swiss Franc', 'Franc suisse'],
  ['CAD', '124', 'CA$', 2, '0.01', 'Canadian Dollar', 'Dollar canadien'],
  ['JPY', '392', '¥', 0, '1', 'Yen', 'Yen'],
];

export async function loadCurrencies(env: Env): Promise<void> {
  for (const [code, numeric_code, symbol, digits, rounding, name, fr] of CURRENCIES) {
    await loadRecord(
      env,
      'currency',
      code.toLowerCase(),
      'currency.currency',
      { code, numeric_code, symbol, digits, rounding, name },
      { translations: { fr: { name: fr } } },
    );
  }
}

export async function loadCurrencyAccess(env: Env): Promise<void> {
  const admin = await refId(env, 'res', 'group_admin');
  await loadReadAllWriteGroup(env, 'currency', 'currency', 'currency.currency', admin);
  await loadReadAllWriteGroup(env, 'currency', 'currency_rate', 'currency.currency.rate', admin);
  // Tryton's access_cron and access_cron_currency_admin.
  await loadReadAllWriteGroup(env, 'currency', 'cron', 'currency.cron', admin);
}

/** Tryton's cron_cron: the scheduled rate updates run every day. */
export async function loadCurrencyCron(env: Env): Promise<void> {
  await loadRecord(env, 'currency', 'cron_cron', 'ir.cron', {
    method: 'currency.cron|update',
    interval_number: 1,
    interval_type: 'days',
  });
}
