/**
 * Checks of identifier codes as python-stdnum validates them, written from stdnum's rules (not from
 * the demo's generators) for the demo tests; each is tried on published valid numbers first.
 */

const digits = (s: string) => /^\d+$/.test(s);
const weighted = (s: string, weights: number[]) => weights.reduce((sum, w, i) => sum + w * Number(s[i]), 0);

function luhn(s: string): boolean {
  let sum = 0;
  [...s].reverse().forEach((c, i) => {
    const d = Number(c) * (i % 2 ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  });
  return sum % 10 === 0;
}

/** stdnum.iso7064.mod_11_10: valid when the checksum is 1. */
function mod1110(s: string): boolean {
  let check = 5;
  for (const c of s) check = ((((check || 10) * 2) % 11) + Number(c)) % 10;
  return check === 1;
}

export const VALID: Record<string, (code: string) => boolean> = {
  be_vat: (c) =>
    c.length === 10 &&
    digits(c) &&
    '01'.includes(c[0]) &&
    (Number(c.slice(0, 8)) + Number(c.slice(8))) % 97 === 0,
  fr_vat: (c) =>
    c.length === 11 &&
    digits(c) &&
    luhn(c.slice(2)) &&
    Number(`${c.slice(2)}12`) % 97 === Number(c.slice(0, 2)),
  de_vat: (c) => c.length === 9 && digits(c) && c[0] !== '0' && mod1110(c),
  nl_vat: (c) =>
    c.length === 12 &&
    digits(c.slice(0, 9)) &&
    c[9] === 'B' &&
    digits(c.slice(10)) &&
    (weighted(c, [9, 8, 7, 6, 5, 4, 3, 2]) - Number(c[8])) % 11 === 0,
  gb_vat: (c) =>
    c.length === 9 && digits(c) && [0, 42, 55].includes(weighted(c, [8, 7, 6, 5, 4, 3, 2, 10, 1]) % 97),
  us_ein: (c) =>
    c.length === 9 && digits(c) && ['20', '26', '27', '45', '46', '91', '94', '95'].includes(c.slice(0, 2)),
  eu_vat: (c) => {
    const [country, rest] = [c.slice(0, 2), c.slice(2)];
    if (country === 'BE') return VALID.be_vat(rest);
    if (country === 'LU')
      return rest.length === 8 && digits(rest) && Number(rest.slice(0, 6)) % 89 === Number(rest.slice(6));
    return false;
  },
  ean: (c) => /^\d{13}$/.test(c) && weighted(c, [1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1]) % 10 === 0,
};

/** Published valid numbers (python-stdnum's documentation and test files), one per check. */
export const KNOWN_VALID: [string, string][] = [
  ['be_vat', '0403019261'],
  ['fr_vat', '40303265045'],
  ['de_vat', '136695976'],
  ['nl_vat', '004495445B01'],
  ['gb_vat', '980780684'],
  ['us_ein', '911144442'],
  ['eu_vat', 'BE0403019261'],
  ['eu_vat', 'LU15027442'],
  ['ean', '4006381333931'],
];
