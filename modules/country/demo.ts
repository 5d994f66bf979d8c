import { loadRecord, refId } from 'nest-tryton';
import type { Env } from 'nest-tryton';

/**
 * States of the United States the demo addresses are in (their format writes the state's code):
 * Tryton loads the subdivisions of every country from pycountry; the default data here has Belgium's.
 */
const US_STATES: [string, string][] = [
  ['US-CA', 'California'],
  ['US-NY', 'New York'],
];

export async function loadCountryDemo(env: Env): Promise<void> {
  const us = await refId(env, 'country', 'us');
  for (const [code, name] of US_STATES) {
    await loadRecord(env, 'country', code.toLowerCase().replace(/-/g, '_'), 'country.subdivision', {
      country: us,
      code,
      type: 'state',
      name,
    });
  }
}
