/** Helpers shared by the rec_name searches of several models (Tryton's tools). */
/** Tryton's lstrip_wildcard: a `like` on a code is a prefix search. */
export function lstripWildcard(value: unknown): unknown {
  return typeof value === 'string' ? value.replace(/^%+/, '') : value;
}

export function isNegative(operator: string): boolean {
  return operator.startsWith('!') || operator.startsWith('not ');
}

/** `[code] name` (or the name alone), from records read with both fields: products and templates. */
export function codeAndName(records: { id: number; code?: unknown; name?: unknown }[]): Map<number, string> {
  return new Map(
    records.map((r) => [r.id, r.code ? `[${r.code as string}] ${r.name as string}` : (r.name as string)]),
  );
}
