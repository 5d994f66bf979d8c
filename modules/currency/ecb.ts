import Decimal from 'decimal.js';
import { XMLParser } from 'fast-xml-parser';
import { UserError } from 'nest-tryton';

/** The rates of a date are not published (yet): not an error, the update stops there. */
export class RatesNotAvailable extends Error {}

/** The first date the ECB published reference rates. */
const START_DATE = '1999-01-04';
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const RATE = /^\d+(\.\d+)?$/;

export interface EcbSource {
  /** Folder of the three documents (eurofxref-daily.xml, eurofxref-hist-90d.xml, eurofxref-hist.xml). */
  url: string;
  /** ms a document may take. */
  timeout: number;
}

/** One day of reference rates: the euro's rate of each currency. */
interface Day {
  time: string;
  rates: Map<string, string>;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseAttributeValue: false,
  isArray: (name) => name === 'Cube',
});

/** Reads an ECB reference rates document (`Envelope/Cube/Cube[@time]/Cube[@currency][@rate]`). */
export function parseEcb(xml: string, url: string): Day[] {
  let document: unknown;
  try {
    document = parser.parse(xml, true);
  } catch (e) {
    throw new UserError(`The rates of ${url} are not XML: ${(e as Error).message}`);
  }
  const envelope = (document as { Envelope?: { Cube?: { Cube?: unknown[] }[] } }).Envelope;
  const days = envelope?.Cube?.[0]?.Cube;
  if (!Array.isArray(days) || !days.length) {
    throw new UserError(`${url} is not a document of the European Central Bank's reference rates`);
  }
  return days.map((day) => {
    const { time, Cube: cubes } = day as { time?: unknown; Cube?: unknown[] };
    if (typeof time !== 'string' || !DATE.test(time)) {
      throw new UserError(`${url} has a day of rates without a valid time: ${JSON.stringify(time)}`);
    }
    const rates = new Map<string, string>();
    for (const cube of cubes ?? []) {
      const { currency, rate } = cube as { currency?: unknown; rate?: unknown };
      if (typeof currency !== 'string' || typeof rate !== 'string' || !RATE.test(rate) || Number(rate) <= 0) {
        throw new UserError(`${url} has an invalid rate on ${time}: ${JSON.stringify(cube)}`);
      }
      rates.set(currency, rate);
    }
    return { time, rates };
  });
}

async function fetchDays(source: EcbSource, name: string): Promise<Day[]> {
  const url = new URL(name, source.url.endsWith('/') ? source.url : `${source.url}/`).toString();
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(source.timeout), redirect: 'follow' });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new UserError(
      `The rates of the European Central Bank could not be fetched from ${url}: ${cause?.code ?? cause?.message ?? (e as Error).message}`,
    );
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    throw new UserError(
      `The rates of the European Central Bank could not be fetched from ${url}: HTTP ${response.status}`,
    );
  }
  return parseEcb(text, url);
}

const daysBetween = (a: string, b: string) => (Date.parse(a) - Date.parse(b)) / 86_400_000;

/** The day of rates published for `date`: the latest on or before it. */
function dayFor(days: Day[], date: string): Day | null {
  let best: Day | null = null;
  for (const day of days) if (day.time <= date && (!best || day.time > best.time)) best = day;
  return best;
}

/**
 * The reference rates of `date` against `base` (Tryton's ecb.get_rates): today's document when it is
 * that day's, else the 90 days' or the whole history's; the last published day on or before the
 * date. For another base than the euro, the cross rates to 4 decimals (half-even).
 */
export async function ecbRates(source: EcbSource, base: string, date: string): Promise<Map<string, Decimal>> {
  if (date < START_DATE) date = START_DATE;
  const daily = await fetchDays(source, 'eurofxref-daily.xml');
  const last = daily.reduce((a, b) => (a.time >= b.time ? a : b));
  if (last.time < date) throw new RatesNotAvailable(`no rates published for ${date} yet`);
  let day: Day | null = last.time === date ? last : null;
  if (!day) {
    const recent = daysBetween(last.time, date) < 90;
    day = dayFor(await fetchDays(source, recent ? 'eurofxref-hist-90d.xml' : 'eurofxref-hist.xml'), date);
    if (!day && recent) day = dayFor(await fetchDays(source, 'eurofxref-hist.xml'), date);
  }
  if (!day) throw new UserError(`The European Central Bank published no rates on or before ${date}`);
  const rates = new Map([...day.rates].map(([code, rate]) => [code, new Decimal(rate)]));
  if (base === 'EUR') return rates;
  rates.set('EUR', new Decimal(1));
  const baseRate = rates.get(base);
  if (!baseRate) throw new UserError(`The European Central Bank publishes no rate of ${base}`);
  rates.delete(base);
  return new Map(
    [...rates].map(([code, rate]) => [code, rate.div(baseRate).toDecimalPlaces(4, Decimal.ROUND_HALF_EVEN)]),
  );
}
