/**
 * Identifier codes for the demo parties, made from a number so that each is distinct, with the check
 * digits of the rules python-stdnum applies to them, in the compact form Tryton stores (stdnum's
 * `compact`: no spaces or dots, the national VAT numbers without their country prefix).
 */

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Belgian enterprise number: 10 digits starting 0 or 1, the last two 97 - (first 8 mod 97). */
export function beVat(n: number): string {
  const base = `0${pad(2_000_000 + (n % 7_000_000), 7)}`;
  return base + pad(97 - (Number(base) % 97), 2);
}

/** French SIREN: 9 digits with a Luhn check digit. */
export function frSiren(n: number): string {
  const base = pad(30_000_000 + (n % 60_000_000), 8);
  let sum = 0;
  // Luhn: from the right, the check digit's neighbours doubled
  for (let i = 0; i < base.length; i++) {
    let d = Number(base[base.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return base + String((10 - (sum % 10)) % 10);
}

/** French VAT number: a two-digit key, (12 + 3 × (SIREN mod 97)) mod 97, then the SIREN. */
export function frVat(n: number): string {
  const siren = frSiren(n);
  return pad((12 + 3 * (Number(siren) % 97)) % 97, 2) + siren;
}

/** German VAT number (USt-IdNr.): 9 digits, the last an ISO 7064 MOD 11,10 check digit. */
export function deVat(n: number): string {
  const base = pad(10_000_000 + (n % 89_999_999), 8);
  let check = 10;
  for (const digit of base) {
    let sum = (Number(digit) + check) % 10;
    if (sum === 0) sum = 10;
    check = (sum * 2) % 11;
  }
  return base + String((11 - check) % 10);
}

/** Dutch VAT number: 9 digits passing the eleven test, then B01. */
export function nlVat(n: number): string {
  for (let k = n; ; k++) {
    const base = pad(10_000_000 + (k % 89_999_999), 8);
    const sum = [...base].reduce((s, d, i) => s + Number(d) * (9 - i), 0);
    const last = sum % 11;
    if (last < 10) return `${base}${last}B01`;
  }
}

/** British VAT number: 9 digits, weights 8 to 2 on the first 7 and the last two, a multiple of 97. */
export function gbVat(n: number): string {
  const base = pad(1_000_000 + (n % 8_999_999), 7);
  const sum = [...base].reduce((s, d, i) => s + Number(d) * (8 - i), 0);
  return base + pad((97 - (sum % 97)) % 97, 2);
}

/** Luxembourg VAT number in the European form: LU, 6 digits and their remainder by 89. */
export function luEuVat(n: number): string {
  const base = pad(100_000 + (n % 899_999), 6);
  return `LU${base}${pad(Number(base) % 89, 2)}`;
}

/** U.S. employer identification number: a campus prefix of the IRS, then 7 digits. */
export function usEin(n: number): string {
  return `${['20', '26', '27', '45', '46', '91', '94', '95'][n % 8]}${pad(1_000_000 + (n % 8_999_999), 7)}`;
}

/** The tax identifier of a party of the country (type and code), or null where it has none here. */
export function taxIdentifier(country: string, n: number): { type: string; code: string } | null {
  switch (country) {
    case 'be':
      return { type: 'be_vat', code: beVat(n) };
    case 'fr':
      return { type: 'fr_vat', code: frVat(n) };
    case 'de':
      return { type: 'de_vat', code: deVat(n) };
    case 'nl':
      return { type: 'nl_vat', code: nlVat(n) };
    case 'gb':
      return { type: 'gb_vat', code: gbVat(n) };
    case 'lu':
      return { type: 'eu_vat', code: luEuVat(n) };
    case 'us':
      return { type: 'us_ein', code: usEin(n) };
    default:
      return null;
  }
}
