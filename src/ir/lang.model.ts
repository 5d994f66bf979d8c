import { boolean, char, integer, selection } from '../fields';
import type { Env } from '../pool/env';
import { Model } from '../pool/model';

/** The formatting conventions of a language (Tryton's ir.lang fields, as its own data ships them). */
export interface LangFormat {
  date: string;
  grouping: string;
  decimal_point: string;
  thousands_sep: string;
  mon_grouping: string;
  mon_decimal_point: string;
  mon_thousands_sep: string;
  p_sign_posn: number;
  n_sign_posn: number;
  positive_sign: string;
  negative_sign: string;
  p_cs_precedes: boolean;
  n_cs_precedes: boolean;
  p_sep_by_space: boolean;
  n_sep_by_space: boolean;
  am: string;
  pm: string;
  nplurals: number;
  plural: string;
}

/** Tryton's defaults, for a language created without them. */
const DEFAULTS: LangFormat = {
  date: '%m/%d/%Y',
  grouping: '[]',
  decimal_point: '.',
  thousands_sep: ',',
  mon_grouping: '[]',
  mon_decimal_point: '.',
  mon_thousands_sep: ',',
  p_sign_posn: 1,
  n_sign_posn: 1,
  positive_sign: '',
  negative_sign: '-',
  p_cs_precedes: true,
  n_cs_precedes: true,
  p_sep_by_space: false,
  n_sep_by_space: false,
  am: '',
  pm: '',
  nplurals: 2,
  plural: 'n != 1',
};

/**
 * Tryton's values for the languages installed by default (its ir.xml and lang.xml), each written as
 * what differs from its defaults.
 */
export const LANG_FORMATS: Record<string, LangFormat> = {
  en: {
    ...DEFAULTS,
    grouping: '[3, 3, 0]',
    mon_grouping: '[3, 3, 0]',
    am: 'AM',
    pm: 'PM',
  },
  fr: {
    ...DEFAULTS,
    date: '%d.%m.%Y',
    grouping: '[3, 0]',
    decimal_point: ',',
    thousands_sep: ' ',
    mon_grouping: '[3, 0]',
    mon_decimal_point: ',',
    mon_thousands_sep: ' ',
    p_cs_precedes: false,
    n_cs_precedes: false,
    p_sep_by_space: true,
    n_sep_by_space: true,
    plural: 'n > 1',
  },
  de: {
    ...DEFAULTS,
    date: '%d.%m.%Y',
    grouping: '[3, 3, 0]',
    decimal_point: ',',
    thousands_sep: '.',
    mon_grouping: '[3, 3, 0]',
    mon_decimal_point: ',',
    mon_thousands_sep: '.',
    p_cs_precedes: false,
    n_cs_precedes: false,
    p_sep_by_space: true,
    n_sep_by_space: true,
  },
  es: {
    ...DEFAULTS,
    date: '%d/%m/%Y',
    grouping: '[3, 3, 0]',
    decimal_point: ',',
    thousands_sep: '.',
    mon_grouping: '[3, 3, 0]',
    mon_decimal_point: ',',
    mon_thousands_sep: '.',
    p_cs_precedes: false,
    n_cs_precedes: false,
    p_sep_by_space: true,
    n_sep_by_space: true,
  },
  it: {
    ...DEFAULTS,
    date: '%d/%m/%Y',
    decimal_point: ',',
    thousands_sep: '',
    mon_grouping: '[3, 3, 0]',
    mon_decimal_point: ',',
    mon_thousands_sep: '.',
    p_sep_by_space: true,
    n_sep_by_space: true,
  },
  nl: {
    ...DEFAULTS,
    date: '%d-%m-%Y',
    decimal_point: ',',
    thousands_sep: '',
    mon_grouping: '[3, 3, 0]',
    mon_decimal_point: ',',
    mon_thousands_sep: ' ',
    n_sign_posn: 2,
    p_sep_by_space: true,
    n_sep_by_space: true,
  },
};

/** The columns of ir_lang that hold a LangFormat. */
const COLUMNS = Object.keys(DEFAULTS)
  .map((c) => `"${c}"`)
  .join(', ');

const NO_BREAKING_SPACE = '\u00a0';

/**
 * Groups the integer digits as Python's locale does: group sizes from the right, 0 repeats the previous
 * size forever, CHAR_MAX (127, or -1) stops; the digits left over form the leftmost group.
 */
export function groupDigits(digits: string, grouping: number[], separator: string): string {
  if (!grouping.length || !separator) return digits;
  const groups: string[] = [];
  let rest = digits;
  let last: number | null = null;
  for (let i = 0; rest.length;) {
    let size: number;
    if (i < grouping.length && grouping[i] !== 0) size = grouping[i++];
    else if (i < grouping.length && last !== null)
      size = last; // 0: repeat forever (i stays)
    else break;
    if (size === 127 || size < 0) break;
    last = size;
    if (rest.length <= size) break;
    groups.unshift(rest.slice(-size));
    rest = rest.slice(0, -size);
  }
  return [rest, ...groups].join(separator);
}

function parseGrouping(text: string): number[] {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? value.filter((n): n is number => Number.isInteger(n)) : [];
  } catch {
    return [];
  }
}

/** Tryton's Lang.format_number: `digits` decimals (as given when null), grouped, the language's marks. */
export function formatNumber(
  format: LangFormat,
  value: number | string,
  digits: number | null,
  grouping = true,
): string {
  const number = typeof value === 'number' ? value : Number(value);
  let text = digits === null ? String(typeof value === 'string' ? value : number) : number.toFixed(digits);
  const negative = text.startsWith('-');
  if (negative) text = text.slice(1);
  const [whole, fraction] = text.split('.');
  const grouped = grouping ? groupDigits(whole, parseGrouping(format.grouping), format.thousands_sep) : whole;
  return `${negative ? '-' : ''}${grouped}${fraction !== undefined ? format.decimal_point + fraction : ''}`;
}

/** Tryton's Lang.format_number_symbol for a unit: the number, a space, the symbol, spaces unbreakable. */
export function formatNumberSymbol(
  format: LangFormat,
  value: number | string,
  symbol: string,
  digits: number | null,
): string {
  return `${formatNumber(format, value, digits)} ${symbol}`.replace(/ /g, NO_BREAKING_SPACE);
}

const sign = (string: string) => ({ string, required: true });

export class Lang extends Model {
  static override __name__ = 'ir.lang';
  static override description = 'Language';
  static override _order: [string, string][] = [['name', 'ASC']];
  static override _constraints = [
    { name: 'code_unique', columns: ['code'], message: 'The code of a language must be unique.' },
  ];
  static override fields = {
    name: char({ string: 'Name', required: true, translate: true }),
    code: char({ string: 'Code', required: true, help: 'RFC 4646 tag with underscore: en, fr, fr_BE' }),
    active: boolean({ string: 'Active', default: true }),
    translatable: boolean({ string: 'Translatable', default: false }),
    parent: char({ string: 'Parent Code', help: 'Code of the language to fall back to' }),
    direction: selection(
      [
        ['ltr', 'Left-to-right'],
        ['rtl', 'Right-to-left'],
      ],
      { string: 'Direction', required: true, default: 'ltr' },
    ),
    pg_text_search: char({ string: 'PostgreSQL Text Search Configuration' }),
    date: char({ string: 'Date', required: true, default: DEFAULTS.date }),
    am: char({ string: 'AM', default: DEFAULTS.am }),
    pm: char({ string: 'PM', default: DEFAULTS.pm }),
    grouping: char({ string: 'Grouping', required: true, default: DEFAULTS.grouping }),
    decimal_point: char({ string: 'Decimal Separator', required: true, default: DEFAULTS.decimal_point }),
    thousands_sep: char({ string: 'Thousands Separator', default: DEFAULTS.thousands_sep }),
    mon_grouping: char({ string: 'Grouping', required: true, default: DEFAULTS.mon_grouping }),
    mon_decimal_point: char({
      string: 'Decimal Separator',
      required: true,
      default: DEFAULTS.mon_decimal_point,
    }),
    mon_thousands_sep: char({ string: 'Thousands Separator', default: DEFAULTS.mon_thousands_sep }),
    p_sign_posn: integer({ ...sign('Positive Sign Position'), default: DEFAULTS.p_sign_posn }),
    n_sign_posn: integer({ ...sign('Negative Sign Position'), default: DEFAULTS.n_sign_posn }),
    negative_sign: char({ string: 'Negative Sign', default: DEFAULTS.negative_sign }),
    positive_sign: char({ string: 'Positive Sign', default: DEFAULTS.positive_sign }),
    p_cs_precedes: boolean({ string: 'Positive Currency Symbol Precedes', default: DEFAULTS.p_cs_precedes }),
    n_cs_precedes: boolean({ string: 'Negative Currency Symbol Precedes', default: DEFAULTS.n_cs_precedes }),
    p_sep_by_space: boolean({ string: 'Positive Separated by Space', default: DEFAULTS.p_sep_by_space }),
    n_sep_by_space: boolean({ string: 'Negative Separated by Space', default: DEFAULTS.n_sep_by_space }),
    nplurals: integer({ string: 'Number of plurals', required: true, default: DEFAULTS.nplurals }),
    plural: char({ string: 'Plural', required: true, default: DEFAULTS.plural }),
  };

  /**
   * The formatting of the request's language (Tryton's Lang.get): its own row, else its parent's, else
   * English's, else Tryton's defaults. One statement.
   */
  static async formatOf(env: Env, code = env.lang): Promise<LangFormat> {
    const candidates = [code, code.split('_')[0], 'en'];
    const rows = await env.tx.query(`SELECT "code", ${COLUMNS} FROM "ir_lang" WHERE "code" = ANY($1)`, [
      candidates,
    ]);
    const byCode = new Map(rows.map((r) => [r.code as string, r]));
    const row = byCode.get(code) ?? byCode.get(candidates[1]) ?? byCode.get('en');
    if (!row) return DEFAULTS;
    const format = { ...DEFAULTS };
    for (const key of Object.keys(DEFAULTS) as (keyof LangFormat)[])
      if (row[key] !== null && row[key] !== undefined) (format as Record<string, unknown>)[key] = row[key];
    return format;
  }
}
