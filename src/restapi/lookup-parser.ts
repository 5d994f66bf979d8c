import { BadRequestError } from '../pool/errors';

/**
 * The `@lookup` value, read as pyDAL does: every match of the lookup pattern is one lookup, the text
 * between matches is ignored, identical lookups count once.
 *
 *   lookup := [ alias [ "!" ] ":" ] step [ "[" f ("," f)* "]" ] ( "." step [ "[" f ("," f)* "]" ] )*
 */
const WORD = '[\\p{L}\\p{N}_]';
const STEP = `${WORD}+(?:\\[${WORD}+(?:,${WORD}+)*\\])?`;
const LOOKUP = new RegExp(`(?:${WORD}*!?:)?${STEP}(?:\\.${STEP})*`, 'gu');

export interface LookupStep {
  name: string;
  /** The bracketed field list, or null for "the allowed fields". */
  fields: string[] | null;
}

export interface LookupSpec {
  /** The lookup as written. */
  text: string;
  /** Output key: the alias, or the lookup without its brackets (`superhero.tag.superpower`). */
  name: string;
  /** Whether an alias was given (a forward lookup then keeps the reference id). */
  aliased: boolean;
  /** `alias!:`: fold the looked-up fields into `alias.field` keys (or, many-to-many, into the row). */
  collapsed: boolean;
  steps: LookupStep[];
}

function parseStep(text: string): LookupStep {
  const bracket = text.indexOf('[');
  if (bracket < 0) return { name: text, fields: null };
  return { name: text.slice(0, bracket), fields: [...new Set(text.slice(bracket + 1, -1).split(','))] };
}

/**
 * At most this many lookup steps in one request (the sum over its lookups): each step is a query per
 * page, and pyDAL sets no limit. Past it: 400 naming the limit.
 */
export const MAX_LOOKUP_STEPS = 16;

export function parseLookups(value: string): LookupSpec[] {
  const specs: LookupSpec[] = [];
  const seen = new Set<string>();
  for (const match of value.matchAll(LOOKUP)) {
    const text = match[0];
    if (seen.has(text)) continue;
    seen.add(text);
    const colon = text.indexOf(':');
    const prefix = colon < 0 ? '' : text.slice(0, colon);
    const key = text.slice(colon + 1);
    const alias = prefix.replace(/!$/, '');
    specs.push({
      text,
      name: alias || key.replace(/\[.*?\]/g, ''),
      aliased: !!alias,
      collapsed: prefix.endsWith('!'),
      steps: key.split('.').map(parseStep),
    });
  }
  const steps = specs.reduce((n, spec) => n + spec.steps.length, 0);
  if (steps > MAX_LOOKUP_STEPS) {
    throw new BadRequestError(
      `Too many lookups: ${steps} steps in @lookup, at most ${MAX_LOOKUP_STEPS} in one request`,
    );
  }
  return specs;
}
