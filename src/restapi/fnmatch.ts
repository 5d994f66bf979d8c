/**
 * Python's `fnmatch.fnmatchcase` (what pyDAL's policy patterns use on POSIX): `*` matches any run of
 * characters, dots included; `?` one character; `[seq]` and `[!seq]` character classes; everything
 * else literally; case-sensitive; the whole key must match.
 */
const cache = new Map<string, RegExp>();

export function fnmatch(name: string, pattern: string): boolean {
  let regex = cache.get(pattern);
  if (!regex) {
    regex = new RegExp(`^(?:${translate(pattern)})$`, 's');
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, regex);
  }
  return regex.test(name);
}

const escapeLiteral = (c: string) => c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
const escapeInClass = (c: string) => c.replace(/[\]\\[^-]/g, '\\$&');

function translate(pattern: string): string {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i++];
    if (c === '*') {
      while (pattern[i] === '*') i++;
      out += '.*';
    } else if (c === '?') {
      out += '.';
    } else if (c === '[') {
      let j = i;
      if (pattern[j] === '!') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j++;
      if (j >= pattern.length) {
        out += '\\[';
        continue;
      }
      out += characterClass(pattern.slice(i, j));
      i = j + 1;
    } else {
      out += escapeLiteral(c);
    }
  }
  return out;
}

/** A `[...]` body: `!` negates; ranges written backwards match nothing, as in Python 3.9+. */
function characterClass(body: string): string {
  if (!body) return '(?!)';
  const negated = body[0] === '!';
  const chars = [...(negated ? body.slice(1) : body)];
  const items: string[] = [];
  for (let k = 0; k < chars.length; k++) {
    if (chars[k + 1] === '-' && k + 2 < chars.length) {
      const [from, to] = [chars[k], chars[k + 2]];
      if (from <= to) items.push(`${escapeInClass(from)}-${escapeInClass(to)}`);
      k += 2;
    } else {
      items.push(escapeInClass(chars[k]));
    }
  }
  if (!items.length) return negated ? '.' : '(?!)';
  return `[${negated ? '^' : ''}${items.join('')}]`;
}
