import { loadRecord, refId } from 'nest-tryton';
import type { Env } from 'nest-tryton';

/** Rates against the euro (the demo company's currency) from the first day of 2020. */
const RATES: [string, string][] = [
  ['eur', '1'],
  ['usd', '1.1'],
  ['gbp', '0.85'],
  ['chf', '1.08'],
  ['cad', '1.45'],
  ['jpy', '120'],
];

export async function loadCurrencyDemo(env: Env): Promise<void> {
  for (const [fsId, rate] of RATES) {
    const currency = await refId(env, 'currency', fsId);
    await loadRecord(env, 'currency', `rate_${fsId}_2020`, 'currency.currency.rate', {
      currency,
      date: '2020-01-01',
      rate,
    });
  }
}
