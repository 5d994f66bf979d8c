/** Deepest nesting of arrays and objects accepted in any JSON input (headers, query parameters, bodies). */
export const MAX_JSON_DEPTH = 64;

/**
 * The nesting depth of a JSON text, found by one scan of its characters (strings skipped), without
 * parsing or recursion: deep input is refused before anything recursive (the parser's reviver, key
 * sorting for the cache, the domain parser) could run out of stack. Stops counting past `limit`.
 */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return max;
}

/** Whether a JSON text nests deeper than the limit. */
export function tooDeep(text: string, limit = MAX_JSON_DEPTH): boolean {
  return jsonDepth(text, limit) > limit;
}
