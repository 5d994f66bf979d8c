import { boolean, char, Model, OrderSpec, text } from 'nest-tryton';
import type { Env } from 'nest-tryton';

/** Tryton's default address format. */
export const DEFAULT_FORMAT = `\${attn}
\${party_name}
\${name}
\${street}
\${postal_code} \${city}
\${subdivision}
\${COUNTRY}`;

/**
 * How addresses of a country (and language) are written (Tryton's party.address.format): a template
 * of `${field}` lines; an upper-cased name (`${COUNTRY}`) gives the value in capitals.
 */
export class AddressFormat extends Model {
  static override __name__ = 'party.address.format';
  static override _recNameDepends = ['country_code', 'language_code'];
  static override description = 'Address Format';
  static override _recName: string | null = null;
  static override _order: OrderSpec = [
    ['country_code', 'ASC NULLS LAST'],
    ['language_code', 'ASC NULLS LAST'],
  ];
  static override fields = {
    country_code: char({ string: 'Country Code', size: 2 }),
    language_code: char({ string: 'Language Code', size: 2 }),
    active: boolean({ string: 'Active', default: true }),
    format_: text({ string: 'Format', required: true, default: DEFAULT_FORMAT }),
  };

  static override async getRecName(env: Env, ids: number[]): Promise<Map<number, string>> {
    const rows = await env.tx.query(
      'SELECT "id", "country_code", "language_code" FROM "party_address_format" WHERE "id" = ANY($1)',
      [ids],
    );
    return new Map(
      rows.map((r) => [r.id as number, [r.country_code, r.language_code].filter(Boolean).join('/') || '*']),
    );
  }

  /**
   * The format of each (country code, language) asked: the active format of that country and language,
   * else of that country and any language, else the default. One query.
   */
  static async formatsFor(env: Env, keys: [string | null, string][]): Promise<Map<string, string>> {
    const rows = await env.tx.query(
      `SELECT "country_code", "language_code", "format_" FROM "party_address_format" WHERE "active" = TRUE
       ORDER BY "language_code" NULLS LAST, "id"`,
    );
    const out = new Map<string, string>();
    for (const [country, language] of keys) {
      const lang = language.slice(0, 2);
      const match =
        rows.find((r) => r.country_code === country && r.language_code === lang) ??
        rows.find((r) => r.country_code === country && !r.language_code) ??
        rows.find((r) => !r.country_code && r.language_code === lang) ??
        rows.find((r) => !r.country_code && !r.language_code);
      out.set(`${country}:${language}`, (match?.format_ as string | undefined) ?? DEFAULT_FORMAT);
    }
    return out;
  }
}

export type AddressFormatModel = typeof AddressFormat;

/** Fills a format: `${x}` with the value, `${X}` with it upper-cased; lines left empty are dropped. */
export function formatAddress(format: string, values: Record<string, string | null | undefined>): string[] {
  const filled = format.replace(/\$\{(\w+)\}/g, (_m, name: string) => {
    const value = values[name.toLowerCase()] ?? '';
    return name === name.toUpperCase() && name !== name.toLowerCase() ? value.toUpperCase() : value;
  });
  return filled
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').replace(/^[\s,]+|[\s,]+$/g, ''))
    .filter((line) => line.length > 0);
}
