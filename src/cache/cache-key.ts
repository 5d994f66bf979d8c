import { parseAcceptLanguage } from '../rest/rest-params';
import { canonicalJson, canonicalList, decodeJsonObject } from './canonical-json';

/** What the canonical key is built from: the request as received. */
export interface KeyInput {
  /** Path without the query string, percent-encoded as received. */
  path: string;
  /** Query string without the '?'. */
  query: string;
  /** Request headers (Node's lower-case names). */
  headers: Record<string, string | string[] | undefined>;
}

/** A request reduced to what shapes its answer, except the caller's rights (added by the cache). */
export interface CanonicalRequest {
  db: string;
  dialect: 'tryton' | 'generic';
  /** Stable text: equal for two requests that must get the same answer from the same rights. */
  descriptor: string;
  /** The decoded X-Tryton-Context ({} when absent). */
  context: Record<string, unknown>;
}

/** Tryton-dialect parameters whose value is one JSON list (domain, order). */
const JSON_LISTS = new Set(['d', 'o']);
/** Tryton-dialect integer parameters (limit, offset). */
const INTEGERS = new Set(['s', 'p']);
const INTEGER = /^\s*\d{1,9}\s*$/;

/**
 * The canonical form of a GET request, or null when some part does not parse: such a request is
 * not cached, and the route answers it (usually with a 400).
 */
export function canonicalRequest(input: KeyInput): CanonicalRequest | null {
  const segments = pathSegments(input.path);
  if (!segments || segments.length < 2 || !segments[0]) return null;
  const header = (name: string): string | undefined | null => {
    const value = input.headers[name];
    return Array.isArray(value) ? null : value;
  };
  const language = header('accept-language');
  const rawContext = header('x-tryton-context');
  const usage = header('x-tryton-usage');
  const range = header('range');
  if (language === null || rawContext === null || usage === null || range === null) return null;

  // The language the routes will choose (their own rule), so equivalent headers share an entry.
  const chosenLanguage = parseAcceptLanguage(language) ?? '';
  const context = rawContext === undefined || rawContext === '' ? {} : decodeJsonObject(rawContext);
  if (!context) return null;
  const usages = [...new Set((usage ?? '').split(',').map((u) => u.trim()))].filter(Boolean).sort();

  const dialect = segments[1] === 'rest' && segments[2] === 'model' ? 'tryton' : 'generic';
  const query = dialect === 'tryton' ? trytonQuery(input.query) : sortedQuery(input.query);
  if (!query) return null;

  const descriptor = JSON.stringify([
    dialect,
    segments,
    query,
    (range ?? '').replace(/\s+/g, ''),
    chosenLanguage,
    canonicalJson(context),
    usages,
  ]);
  return { db: segments[0], dialect, descriptor, context };
}

/** Decoded path segments, without the leading slash's empty segment and one trailing slash. */
function pathSegments(path: string): string[] | null {
  const raw = path.split('/').slice(1);
  if (raw.length > 1 && raw[raw.length - 1] === '') raw.pop();
  try {
    return raw.map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
}

function queryPairs(query: string): [string, string][] {
  return [...new URLSearchParams(query)];
}

/** Every query pair, sorted by key; values of one key keep their order (sort is stable). */
function sortedQuery(query: string): [string, string][] {
  return queryPairs(query).sort(byKey);
}

function byKey([a]: [string, string], [b]: [string, string]): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Tryton's d/o/s/p/f: d and o decoded (raw or base64) to canonical JSON, s and p as integers, f sorted
 * and deduplicated; any other parameter kept, sorted. A repeated d/o/s/p is ambiguous: no key.
 */
function trytonQuery(query: string): Record<string, unknown> | null {
  const single = new Map<string, string>();
  const fields = new Set<string>();
  const others: [string, string][] = [];
  for (const [key, value] of queryPairs(query)) {
    if (key === 'f') {
      fields.add(value);
    } else if (JSON_LISTS.has(key) || INTEGERS.has(key)) {
      if (single.has(key)) return null;
      const canonical = JSON_LISTS.has(key) ? canonicalList(value) : integerText(value);
      if (canonical === undefined) return null;
      single.set(key, canonical);
    } else {
      others.push([key, value]);
    }
  }
  return {
    ...Object.fromEntries([...single].sort(byKey)),
    f: [...fields].sort(),
    other: others.sort(byKey),
  };
}

/** An integer's canonical digits ("010" and "10" page alike); other text is kept as it is. */
function integerText(value: string): string {
  return INTEGER.test(value) ? BigInt(value.trim()).toString() : `raw:${value}`;
}
