/**
 * A seeded, grammar-aware generator of hostile requests over every route of both dialects: Tryton
 * REST (search, read, field, create, write, delete, methods, reports), pyDAL RestAPI (every method,
 * query grammar, lookups), the key routes, the public routes, database names; every header the API
 * reads (Authorization, X-Tryton-Context, X-Tryton-Usage, Accept-Language, Range, If-None-Match,
 * Content-Type) and every body kind (JSON, tagged JSON, malformed, deeply nested, long strings,
 * url-encoded and multipart forms, binary). The same seed gives the same requests.
 *
 * Shared by the test suite (a few thousand requests) and `npm run fuzz` (20,000 and more).
 */

/** mulberry32: small, fast, deterministic. */
export function random(seed: number) {
  let state = seed | 0;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const int = (max: number) => Math.floor(next() * max);
  const chance = (p: number) => next() < p;
  return { next, pick, int, chance };
}

export type Random = ReturnType<typeof random>;

/** What the generator aims at: a database, a valid key, and the models, tables and ids there. */
export interface FuzzTarget {
  db: string;
  key: string;
  /** Tryton REST models and some of their field names (relations included). */
  models: Record<string, string[]>;
  /** Models that may be written and deleted (never the users or keys the run depends on). */
  writable: string[];
  /** pyDAL tables and some of their columns. */
  tables: Record<string, string[]>;
  /** pyDAL tables that may be written. */
  writableTables: string[];
  /** Model methods and buttons to call. */
  methods: string[];
  /** Report names. */
  reports: string[];
  /** Logins for the key routes. */
  logins: string[];
}

export interface FuzzRequest {
  /** Which part of the grammar made it (for the report). */
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** encodeURIComponent, with lone surrogates (which it refuses) sent as U+FFFD. */
const enc = (text: string) => encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '\ufffd'));
const b64 = (text: string) => Buffer.from(text).toString('base64url');

const WEIRD_STRINGS = [
  '',
  ' ',
  'x',
  'é',
  '日本',
  '\u0000',
  '\ud800',
  '%',
  '_',
  '\\',
  "'",
  '"',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  '<script>',
  'NULL',
  'Robert"); DROP TABLE res_user;--',
];
const NUMBERS = [0, 1, -1, 2, 7, 1.5, 1e308, -1e308, 2147483648, -2147483649, 99999999999, 1e-300];
const OPERATORS = [
  ...['=', '!=', '<', '>', '<=', '>=', 'like', 'ilike', 'not like', 'not ilike', 'in', 'not in'],
  ...['child_of', 'parent_of', 'not child_of', 'where', 'not where', 'LIKE', '=like', '~', ''],
];
const TAGGED = [
  { __class__: 'Decimal', decimal: '1.25' },
  { __class__: 'Decimal', decimal: 'x' },
  { __class__: 'date', year: 2024, month: 2, day: 29 },
  { __class__: 'date', year: 2023, month: 13, day: 1 },
  { __class__: 'datetime', year: 2024, month: 1, day: 1, hour: 25, minute: 0, second: 0 },
  { __class__: 'time', hour: 12, minute: 30, second: 0 },
  { __class__: 'timedelta', seconds: 3600 },
  { __class__: 'bytes', base64: 'aGVsbG8=' },
  { __class__: 'bytes', base64: '***' },
  { __class__: 'nope' },
  { __class__: 'Decimal' },
];

/** Deeply nested JSON text: arrays, objects or both, sometimes past every limit. */
function deepJson(rng: Random): string {
  const depth = rng.pick([10, 40, 63, 64, 65, 100, 1000, 3000]);
  if (rng.chance(0.5)) return '['.repeat(depth) + ']'.repeat(depth);
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

function longString(rng: Random): string {
  return rng.pick(['x', 'é', '日', 'ab']).repeat(rng.pick([41, 255, 1000, 2001, 9000]));
}

/** A JSON value of any shape, mostly small. */
function value(rng: Random, depth = 0): unknown {
  const r = rng.next();
  if (r < 0.15) return rng.pick(WEIRD_STRINGS);
  if (r < 0.25) return rng.pick(NUMBERS);
  if (r < 0.3) return rng.pick([true, false, null]);
  if (r < 0.38) return rng.pick(TAGGED);
  if (r < 0.42) return longString(rng);
  if (r < 0.5 && depth < 3) return Array.from({ length: rng.int(4) }, () => value(rng, depth + 1));
  if (r < 0.55 && depth < 3) return { [rng.pick(WEIRD_STRINGS)]: value(rng, depth + 1) };
  return rng.int(20);
}

function fieldPath(rng: Random, fields: string[]): string {
  const parts = Array.from({ length: 1 + rng.int(rng.chance(0.1) ? 6 : 2) }, () =>
    rng.chance(0.85) ? rng.pick(fields) : rng.pick(['nope', 'id', 'rec_name', 'create_uid', '', '__proto__']),
  );
  return parts.join('.');
}

/** A domain: clauses, AND/OR, nesting, tagged values and mistakes. */
function domain(rng: Random, fields: string[], depth = 0): unknown {
  const r = rng.next();
  if (r < 0.05) return rng.pick(['x', 5, null, {}, '[']);
  const size = rng.int(3);
  const items: unknown[] = [];
  if (rng.chance(0.2)) items.push(rng.pick(['AND', 'OR', 'NOT', 'and']));
  for (let i = 0; i < size; i++) {
    if (depth < 3 && rng.chance(0.2)) items.push(domain(rng, fields, depth + 1));
    else {
      const clause: unknown[] = [fieldPath(rng, fields), rng.pick(OPERATORS), value(rng)];
      if (rng.chance(0.05)) clause.push(rng.pick(['extra', 'party.party', 1]));
      if (rng.chance(0.05)) clause.length = rng.int(3);
      items.push(clause);
    }
  }
  return items;
}

function order(rng: Random, fields: string[]): unknown {
  if (rng.chance(0.1)) return rng.pick(['name', '[', {}, [['name']]]);
  return Array.from({ length: 1 + rng.int(2) }, () => [
    fieldPath(rng, fields),
    rng.pick(['ASC', 'DESC', 'asc', 'ASC NULLS FIRST', 'DESC NULLS LAST', 'UP', '']),
  ]);
}

/** A JSON parameter as a client would send it: raw, base64, or broken. */
function jsonParam(rng: Random, make: () => unknown): string {
  const r = rng.next();
  if (r < 0.05) return deepJson(rng);
  if (r < 0.1) return rng.pick(['[', '{', '%%%', '', 'null', 'W10']);
  const text = JSON.stringify(make());
  return r < 0.5 ? b64(text) : text;
}

function authorization(rng: Random, key: string): Record<string, string> {
  const r = rng.next();
  if (r < 0.8) return { Authorization: `${rng.pick(['Bearer', 'bearer', 'BEARER'])} ${key}` };
  if (r < 0.84) return { Authorization: `Basic ${Buffer.from(`:${key}`).toString('base64')}` };
  if (r < 0.88) return {};
  if (r < 0.92) return { Authorization: `Bearer ${key.slice(0, -1)}${key.endsWith('a') ? 'b' : 'a'}` };
  return {
    Authorization: rng.pick([
      'Bearer',
      'Bearer ',
      'Basic !!!',
      'Basic ' + Buffer.from('user:pass').toString('base64'),
      'Token x',
      'Bearer ' + 'k'.repeat(2000),
      'Bearer a b',
    ]),
  };
}

function trytonHeaders(rng: Random, fields: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  if (rng.chance(0.25))
    headers['X-Tryton-Context'] = jsonParam(rng, () =>
      rng.chance(0.8)
        ? {
            [rng.pick(['language', 'active_test', 'company', 'date', '_datetime', 'x'])]: value(rng),
          }
        : value(rng),
    );
  if (rng.chance(0.15))
    headers['X-Tryton-Usage'] = rng.pick(['web_shop', 'x', '', ',,,', 'web_shop,web_shop', 'é'.repeat(300)]);
  if (rng.chance(0.15))
    headers['Accept-Language'] = rng.pick(['fr', 'fr-BE;q=0.9, en;q=0.1', '*', 'x'.repeat(100), ';;;', 'de']);
  if (rng.chance(0.15))
    headers.Range = rng.pick([
      'records=0-10',
      'records=5-',
      'records=2-1',
      'records=0-99999999999',
      'bytes=0-1',
      'records=-5',
      'records=1-2, 3-4',
      'records=a-b',
    ]);
  if (rng.chance(0.05))
    headers['If-None-Match'] = rng.pick(['"x"', '*', 'W/"abc"', '', '"' + 'e'.repeat(500)]);
  if (rng.chance(0.03)) headers['X-Filler'] = 'f'.repeat(rng.pick([100, 4000, 8000]));
  void fields;
  return headers;
}

/** A body of any kind, with its Content-Type (or none). */
function body(rng: Random, make: () => unknown): { headers: Record<string, string>; body?: Buffer } {
  const r = rng.next();
  if (r < 0.55)
    return { headers: { 'Content-Type': 'application/json' }, body: Buffer.from(JSON.stringify(make())) };
  if (r < 0.62)
    return {
      headers: {
        'Content-Type': rng.pick(['application/json', 'text/plain', 'application/json; charset=utf-8']),
      },
      body: Buffer.from(rng.pick(['{', '{"a":', '[1,', 'nul', '"\\ud800"', '{"a":1}}', '\u0000'])),
    };
  if (r < 0.67)
    return {
      headers: { 'Content-Type': 'application/json' },
      body: Buffer.from(`{"name":${deepJson(rng)}}`),
    };
  if (r < 0.72) {
    const values = make() as Record<string, unknown>;
    const form = Object.entries(values && typeof values === 'object' ? values : { name: 'x' })
      .map(([k, v]) => `${enc(k)}=${enc(typeof v === 'string' ? v : JSON.stringify(v))}`)
      .join('&');
    return { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: Buffer.from(form) };
  }
  if (r < 0.77) {
    const boundary = rng.pick(['----WebKitFormBoundaryAbC123', 'zz', 'UPPER', 'a b']);
    const parts = [
      `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\n${rng.pick(WEIRD_STRINGS)}\r\n`,
      rng.chance(0.3)
        ? `--${boundary}\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nbinary\r\n`
        : '',
      rng.chance(0.8) ? `--${boundary}--\r\n` : '--broken',
    ];
    const type = rng.chance(0.2) ? 'multipart/form-data' : `multipart/form-data; boundary=${boundary}`;
    return { headers: { 'Content-Type': type }, body: Buffer.from(parts.join('')) };
  }
  if (r < 0.8)
    return {
      headers: { 'Content-Type': 'application/octet-stream' },
      body: Buffer.from(Array.from({ length: 64 + Math.floor(rng.next() * 2000) }, () => rng.int(256))),
    };
  if (r < 0.82)
    return {
      headers: { 'Content-Type': 'application/json' },
      body: Buffer.from(JSON.stringify({ name: 'x', notes: 'n'.repeat(rng.pick([70_000, 300_000])) })),
    };
  if (r < 0.88) return { headers: {} };
  return { headers: { 'Content-Type': 'application/json' }, body: Buffer.from(JSON.stringify(value(rng))) };
}

/** Field values for a write: mostly the model's fields, with x2many actions and mistakes. */
function values(rng: Random, fields: string[], ids: () => number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < 1 + rng.int(3); i++) {
    const name = rng.chance(0.9) ? rng.pick(fields) : rng.pick(['nope', 'id', 'create_uid', 'rec_name']);
    const r = rng.next();
    if (r < 0.15) {
      const action = rng.pick(['create', 'write', 'delete', 'add', 'remove', 'copy', 'explode']);
      out[name] = [
        action === 'create'
          ? [action, [{ [rng.pick(fields)]: value(rng) }]]
          : action === 'write'
            ? [action, [ids()], { [rng.pick(fields)]: value(rng) }]
            : [action, [ids(), ids()], ...(action === 'copy' && rng.chance(0.5) ? [{}] : [])],
      ];
    } else if (r < 0.3) out[name] = ids();
    else out[name] = value(rng);
  }
  return out;
}

/** A database name: mostly the target's, sometimes unknown, reserved or malformed. */
function database(rng: Random, db: string): string {
  if (rng.chance(0.92)) return db;
  return rng.pick([
    `nosuchdb_${rng.int(100000)}`,
    'template0',
    'template1',
    'postgres',
    'TEMPLATE1',
    enc('a b'),
    '%00',
    'x'.repeat(100),
    enc('é'),
    db.toUpperCase(),
  ]);
}

/** Every kind of request, weighted towards the routes that do work. */
export function fuzzRequests(seed: number, target: FuzzTarget): () => FuzzRequest {
  const rng = random(seed);
  const models = Object.keys(target.models);
  const tables = Object.keys(target.tables);
  const id = () =>
    rng.pick([1, 1, 2, 3, 4, 5, 10, 0, -1, 99999999, 2147483648, rng.int(50)] as const) as number;
  const idSegment = () =>
    rng.chance(0.9) ? String(id()) : rng.pick(['abc', '1.5', '', '%20', '0x1', '1e3']);

  const kinds: [number, (db: string) => Omit<FuzzRequest, 'kind'> & { kind: string }][] = [
    [
      20,
      (db) => {
        const model = rng.chance(0.93)
          ? rng.pick(models)
          : rng.pick(['nope.model', 'res.user.application', '']);
        const fields = target.models[model] ?? ['name'];
        const q: string[] = [];
        if (rng.chance(0.5)) q.push(`d=${enc(jsonParam(rng, () => domain(rng, fields)))}`);
        if (rng.chance(0.3)) q.push(`o=${enc(jsonParam(rng, () => order(rng, fields)))}`);
        for (let i = 0; i < rng.int(4); i++) q.push(`f=${enc(fieldPath(rng, fields))}`);
        if (rng.chance(0.3)) q.push(`s=${rng.pick(['0', '1', '5', '100', '-1', 'x', '99999999999'])}`);
        if (rng.chance(0.2)) q.push(`p=${rng.pick(['0', '1', '3', '-2', 'y'])}`);
        return {
          kind: 'rest.search',
          method: 'GET',
          path: `/${db}/rest/model/${enc(model)}${q.length ? '?' + q.join('&') : ''}`,
          headers: trytonHeaders(rng, fields),
        };
      },
    ],
    [
      12,
      (db) => {
        const model = rng.pick(models);
        const fields = target.models[model];
        const q = Array.from({ length: rng.int(3) }, () => `f=${enc(fieldPath(rng, fields))}`);
        const sub = rng.chance(0.3) ? `/${enc(rng.pick([...fields, 'nope']))}` : '';
        return {
          kind: sub ? 'rest.field' : 'rest.read',
          method: 'GET',
          path: `/${db}/rest/model/${enc(model)}/${idSegment()}${sub}${q.length ? '?' + q.join('&') : ''}`,
          headers: trytonHeaders(rng, fields),
        };
      },
    ],
    [
      10,
      (db) => {
        const model = rng.pick(target.writable);
        const fields = target.models[model];
        const create = rng.chance(0.5);
        const b = body(rng, () =>
          rng.chance(0.1)
            ? [values(rng, fields, id)]
            : values(rng, create ? [...fields, ...fields.slice(0, 1)] : fields, id),
        );
        return {
          kind: create ? 'rest.create' : 'rest.write',
          method: create ? 'POST' : 'PUT',
          path: `/${db}/rest/model/${enc(model)}${create ? '' : `/${idSegment()}`}`,
          headers: { ...trytonHeaders(rng, fields), ...b.headers },
          body: b.body,
        };
      },
    ],
    [
      3,
      (db) => ({
        kind: 'rest.delete',
        method: 'DELETE',
        path: `/${db}/rest/model/${enc(rng.pick(target.writable))}/${idSegment()}`,
        headers: {},
      }),
    ],
    [
      5,
      (db) => {
        const model = rng.pick(models);
        const method = rng.chance(0.8)
          ? rng.pick(target.methods)
          : rng.pick(['nope', '__proto__', 'create', 'read']);
        const onRecord = rng.chance(0.5);
        const b = body(rng, () => (rng.chance(0.5) ? [[id()], value(rng)] : value(rng)));
        return {
          kind: 'rest.method',
          method: 'POST',
          path: `/${db}/rest/model/${enc(model)}${onRecord ? `/${idSegment()}` : ''}/${enc(method)}`,
          headers: b.headers,
          body: b.body,
        };
      },
    ],
    [
      2,
      (db) => ({
        kind: 'rest.report',
        method: rng.pick(['GET', 'GET', 'POST']),
        path: `/${db}/rest/report/${enc(rng.chance(0.8) ? rng.pick(target.reports) : 'nope')}/${rng.pick([
          String(id()),
          `${id()},${id()}`,
          'x',
          '1,,2',
        ])}${rng.chance(0.3) ? `?${rng.pick(['format=pdf', 'format=x', 'direct_print=1'])}` : ''}`,
        headers: trytonHeaders(rng, ['name']),
      }),
    ],
    [
      18,
      (db) => {
        const table = rng.chance(0.93) ? rng.pick(tables) : rng.pick(['nope', 'res.user', '']);
        const columns = target.tables[table] ?? ['id'];
        const q: string[] = [];
        for (let i = 0; i < rng.int(4); i++) {
          const r = rng.next();
          if (r < 0.3) {
            const mod = rng.pick([
              '@offset',
              '@limit',
              '@order',
              '@lookup',
              '@model',
              '@options_list',
              '@count',
              '@x',
            ]);
            const v =
              mod === '@lookup'
                ? rng.pick([
                    ...columns,
                    `a!:${rng.pick(columns)}[${rng.pick(columns)},x]`,
                    `${rng.pick(columns)}.${rng.pick(columns)}`,
                    '!:',
                    '[',
                  ])
                : mod === '@order'
                  ? `${rng.chance(0.3) ? '~' : ''}${rng.pick(columns)}`
                  : rng.pick(['0', '1', '10', '-1', 'true', 'x', '99999999999']);
            q.push(`${enc(mod)}=${enc(v)}`);
          } else {
            const path = Array.from({ length: 1 + rng.int(3) }, () => rng.pick(columns)).join('.');
            const op = rng.chance(0.6)
              ? `.${rng.pick(['eq', 'ne', 'lt', 'gt', 'le', 'ge', 'in', 'contains', 'startswith', 'EQ', 'x'])}`
              : '';
            const negate = rng.chance(0.1) ? 'not.' : '';
            const v = rng.chance(0.7)
              ? String(rng.pick([1, 2, 'Superman', 'x', '', '1,2,3']))
              : String(value(rng));
            q.push(`${enc(negate + path + op)}=${enc(v)}`);
          }
        }
        const idPart = rng.chance(0.2) ? `/${idSegment()}` : '';
        return {
          kind: 'pydal.get',
          method: 'GET',
          path: `/${db}/rest/api/${enc(table)}${idPart}${q.length ? '?' + q.join('&') : ''}`,
          headers: {},
        };
      },
    ],
    [
      10,
      (db) => {
        const table = rng.pick(target.writableTables);
        const columns = target.tables[table];
        const method = rng.pick(['POST', 'PUT', 'DELETE', 'PATCH']);
        const idPart = method === 'POST' && rng.chance(0.8) ? '' : `/${idSegment()}`;
        const b = body(rng, () => {
          const out: Record<string, unknown> = {};
          for (let i = 0; i < 1 + rng.int(3); i++)
            out[rng.chance(0.9) ? rng.pick(columns) : 'nope'] = rng.chance(0.5) ? id() : value(rng);
          return out;
        });
        return {
          kind: `pydal.${method.toLowerCase()}`,
          method,
          path: `/${db}/rest/api/${enc(table)}${idPart}`,
          headers: b.headers,
          body: b.body,
        };
      },
    ],
    [
      4,
      (db) => {
        const revoke = rng.chance(0.4);
        const b = body(rng, () => ({
          user: rng.chance(0.8) ? rng.pick(target.logins) : value(rng),
          application: rng.chance(0.8) ? 'rest' : value(rng),
          ...(revoke ? { key: rng.chance(0.5) ? 'wrong' : value(rng) } : {}),
        }));
        return {
          kind: revoke ? 'keys.revoke' : 'keys.request',
          method: revoke ? 'DELETE' : 'POST',
          path: `/${db}/user/application/`,
          headers: b.headers,
          body: rng.chance(0.03) ? Buffer.alloc(100 * 1024, 0x20) : b.body,
        };
      },
    ],
    [
      3,
      (db) => ({
        kind: 'public',
        method: rng.pick(['GET', 'GET', 'HEAD', 'POST', 'OPTIONS']),
        path: rng.pick([
          '/health/live',
          '/health/ready',
          '/metrics',
          `/${db}/rest/openapi.json`,
          `/${db}/rest/openapi`,
          `/${db}/rest/openapi/${rng.pick(['swagger-ui.css', 'x', '..%2f..%2fetc%2fpasswd', 'index.html'])}`,
          '/',
          '/favicon.ico',
          `/${db}`,
          `/${db}/rest`,
          `/${db}/rest/model`,
          '//',
          '/%',
          `/${db}/rest/model/${'a'.repeat(3000)}`,
        ]),
        headers: {},
      }),
    ],
  ];
  const total = kinds.reduce((sum, [w]) => sum + w, 0);
  return () => {
    let pickAt = rng.next() * total;
    let make = kinds[0][1];
    for (const [weight, fn] of kinds) {
      if ((pickAt -= weight) < 0) {
        make = fn;
        break;
      }
    }
    const db = database(rng, target.db);
    const request = make(db);
    const needsKey = !request.kind.startsWith('keys.') && request.kind !== 'public';
    return {
      ...request,
      headers: { ...(needsKey ? authorization(rng, target.key) : {}), ...request.headers },
    };
  };
}
