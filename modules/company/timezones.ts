import type { SelectionItems } from 'nest-tryton';

/**
 * The time zones a company may have (Tryton's TIMEZONES: every zone the platform knows, key = label).
 * Node knows the canonical IANA names; `UTC` is added as Tryton offers it.
 */
export const TIMEZONES: SelectionItems = [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])]
  .sort()
  .map((zone) => [zone, zone]);
