/**
 * The few bits of Python's text behaviour that pyDAL's answers expose: `repr()` of a string (its error
 * messages quote names that way), `int()` parsing, and the default label of a field.
 */

/** Python's `repr(str)`: single quotes unless the text holds a single quote and no double quote. */
export function pyRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += '\\x' + code.toString(16).padStart(2, '0');
    else out += ch;
  }
  return quote + out + quote;
}

/** Python's `repr(list_of_str)`, as in `Invalid fields: ['a', 'b']`. */
export function pyList(items: string[]): string {
  return `[${items.map(pyRepr).join(', ')}]`;
}

/** Python's `int(text)` for base 10: surrounding blanks, a sign and `_` between digits are fine. */
export function parsePyInt(text: string): number | null {
  const trimmed = text.trim();
  if (!/^[+-]?\d+(?:_\d+)*$/.test(trimmed)) return null;
  return Number(trimmed.replace(/_/g, ''));
}

/** Python's `float(text)`, finite values only (pyDAL would store inf/nan; we refuse them). */
export function parsePyFloat(text: string): number | null {
  const trimmed = text.trim().replace(/(\d)_(?=\d)/g, '$1');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/** pyDAL's default label: each `_`-separated word capitalized (`real_identity` -> `Real Identity`). */
export function pyLabel(name: string): string {
  return name
    .split('_')
    .map((w) => (w ? w[0].toUpperCase() + w.slice(1).toLowerCase() : w))
    .join(' ');
}

/** pyDAL's truthiness of a flag such as `@model=true`: the first letter is `t` or `T`. */
export function pyFlag(value: string): boolean {
  return value.slice(0, 1).toLowerCase() === 't';
}
