/** Standard product numbers with a check digit (python-stdnum's ean, isbn, ismn), checked as Tryton does. */
const NUMBERED = new Set(['ean', 'isbn', 'ismn']);

export function compactIdentifier(type: string, code: string): string {
  return NUMBERED.has(type) ? code.replace(/[\s-]/g, '').toUpperCase() : code;
}

/** GS1 check digit: weights 3 and 1 from the right, on EAN-8/12/13/14 (GTIN), ISBN-13 and ISMN-13. */
function gs1Valid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length - 1; i++) {
    const fromRight = digits.length - 2 - i;
    sum += Number(digits[i]) * (fromRight % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10 === Number(digits[digits.length - 1]);
}

function isbn10Valid(code: string): boolean {
  if (!/^\d{9}[\dX]$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (code[i] === 'X' ? 10 : Number(code[i])) * (10 - i);
  return sum % 11 === 0;
}

/** True when the code is valid for its type (types without a check are always valid). */
export function checkIdentifier(type: string | null, code: string): boolean {
  switch (type) {
    case 'ean':
      return /^(\d{8}|\d{12,14})$/.test(code) && gs1Valid(code);
    case 'isbn':
      return code.length === 10 ? isbn10Valid(code) : /^97[89]\d{10}$/.test(code) && gs1Valid(code);
    case 'ismn':
      return /^9790\d{9}$/.test(code) && gs1Valid(code);
    default:
      return true;
  }
}
