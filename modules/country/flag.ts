/** A country's flag emoji: its two letters as regional indicator symbols (🇧🇪). */
export function countryFlag(code: string | null): string | null {
  if (!code || !/^[A-Z]{2}$/.test(code)) return null;
  return String.fromCodePoint(...[...code].map((c) => 0x1f1e6 + c.charCodeAt(0) - 65));
}

/** A subdivision's flag emoji: a black flag, its code as tag characters, a cancel tag (🏴 + gbsct). */
export function subdivisionFlag(code: string | null): string | null {
  if (!code) return null;
  const tags = code.replace(/-/g, '').toLowerCase();
  if (!/^[a-z0-9]+$/.test(tags)) return null;
  return String.fromCodePoint(0x1f3f4, ...[...tags].map((c) => 0xe0000 + c.charCodeAt(0)), 0xe007f);
}
