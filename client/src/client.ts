import { TrytonRecord, isRecordLike, wireArguments, wireFields, type Fields } from './record';
import { JsonArrayStream } from './json-array-stream';
import { ProtocolError } from './errors';
import type { EtagStore } from './etag-cache';
import {
  Transport,
  type CallOptions,
  type PoolOptions,
  type RetryOptions,
  type TransportRequest,
} from './transport';
import { parseTagged, stringifyTagged, taggedReviver } from './values';

/** A Tryton domain: `[['name', 'ilike', '%oak%'], ['salable', '=', true]]`, nested with 'OR'/'AND'. */
export type Domain = unknown[];
/** `[['name', 'ASC'], ['id', 'DESC NULLS LAST']]`, or field names for ascending order. */
export type Order = ReadonlyArray<readonly [string, string] | string>;
/** A Record's own members (id, __name__, get, set, changes, ...) without the any-typed field access. */
export type RecordBase = {
  [K in keyof TrytonRecord as string extends K ? never : number extends K ? never : K]: TrytonRecord[K];
};
/** A Record with typed fields (`RecordOf<{ name: string }>`); without a type, any field reads as any. */
export type RecordOf<T = unknown> = unknown extends T ? TrytonRecord : RecordBase & T;

export interface ClientOptions {
  /** Sent as X-Tryton-Context on every call (`{company: 1, currency: 2}`). */
  context?: Fields;
  /** Accept-Language, in order of preference (`['fr-BE', 'fr', 'en']` → q 1, 0.9, 0.8). */
  languages?: string | readonly string[];
  /** X-Tryton-Usage: which fields records carry when none are asked for (`['web_shop']`). */
  usages?: string | readonly string[];
  /** Per-call timeout in ms (default 30 s; 0: none). For searchAll: the wait for each chunk. */
  timeout?: number;
  /** The connection pool (one per client, shared by the clients derived from it). */
  pool?: PoolOptions;
  /** Retries on connection errors and 503 (honouring Retry-After). */
  retry?: RetryOptions;
  /** Where ETagged answers are kept (default: an in-memory LRU); false turns the cache off. */
  cache?: EtagStore | false;
  /** More headers for every call. */
  headers?: Record<string, string>;
}

export interface FieldOptions extends CallOptions {
  /** Fields (dotted paths allowed) to return; default: those of the client's usages. */
  fields?: readonly string[];
}

export interface SearchOptions extends FieldOptions {
  order?: Order;
  limit?: number;
  offset?: number;
  /** Revalidate through the ETag store (default true). */
  cache?: boolean;
}

export interface RangeOptions extends SearchOptions {
  /** Records start (inclusive) to end (exclusive), sent as `Range: records=start-end`. */
  range: { start: number; end: number };
}

/** A page of a range search: the records (also the array itself), its bounds and the total. */
export type RecordPage<T = unknown> = RecordOf<T>[] & {
  records: RecordOf<T>[];
  start: number;
  end: number;
  /** The total number of matches, null when the server did not count them (`*`). */
  size: number | null;
};

export interface Report {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** URL-safe base64 of the tagged JSON, padded: Tryton's urlsafe_b64decode refuses it unpadded. */
const b64 = (value: unknown) => {
  const text = Buffer.from(stringifyTagged(value)).toString('base64url');
  return text + '='.repeat((4 - (text.length % 4)) % 4);
};

/** Accept-Language with decreasing q-values. */
export function acceptLanguage(languages: readonly string[]): string {
  return languages
    .map((tag, i) => {
      const q = Math.max(0.1, 1 - i / 10);
      return i === 0 ? tag : `${tag};q=${q.toFixed(1)}`;
    })
    .join(', ');
}

const list = (value: string | readonly string[] | undefined): string[] =>
  value === undefined
    ? []
    : typeof value === 'string'
      ? value
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean)
      : [...value];

const isRecord = (value: unknown): value is RecordBase => value instanceof TrytonRecord;

/** An answer's values: nested record objects as Records, at every level of arrays. */
function toRecords(value: unknown): unknown {
  if (isRecordLike(value)) return TrytonRecord.from(value);
  if (Array.isArray(value)) return value.map(toRecords);
  return value;
}

/**
 * A client of one database of a Tryton-style REST server (nest-tryton, Tryton 8.0): `baseUrl` is the
 * database's URL (`http://shop.example:8000/demo`), `key` a user application key.
 */
export class Client {
  readonly context: Readonly<Fields>;
  readonly languages: readonly string[];
  readonly usages: readonly string[];
  private readonly transport: Transport;
  private readonly key: string;
  private readonly headers: Record<string, string>;

  constructor(baseUrl: string, key: string, options: ClientOptions = {}, transport?: Transport) {
    this.transport =
      transport ??
      new Transport(baseUrl, options.timeout ?? 30_000, {
        pool: options.pool,
        retry: options.retry,
        cache: options.cache,
      });
    this.key = key;
    this.context = Object.freeze({ ...(options.context ?? {}) });
    this.languages = Object.freeze(list(options.languages));
    this.usages = Object.freeze(list(options.usages));
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const [k, v] of Object.entries(options.headers ?? {})) headers[k.toLowerCase()] = v;
    if (key) headers.authorization = `Bearer ${key}`;
    if (Object.keys(this.context).length) headers['x-tryton-context'] = b64(this.context);
    if (this.languages.length) headers['accept-language'] = acceptLanguage(this.languages);
    if (this.usages.length) headers['x-tryton-usage'] = this.usages.join(',');
    this.headers = headers;
    this.options = { ...options, context: this.context, languages: this.languages, usages: this.usages };
    this.baseUrl = baseUrl;
  }

  private readonly options: ClientOptions;
  readonly baseUrl: string;

  /** A client with more context (merged over this one's), sharing the pool and the cache. */
  withContext(context: Fields): Client {
    return this.derive({ context: { ...this.context, ...context } });
  }

  /** A client reading in other languages, sharing the pool and the cache. */
  withLanguages(languages: string | readonly string[]): Client {
    return this.derive({ languages });
  }

  /** A client with other usages, sharing the pool and the cache. */
  withUsages(usages: string | readonly string[]): Client {
    return this.derive({ usages });
  }

  /** A client with another key (another user application), sharing the pool and the cache. */
  withKey(key: string): Client {
    return new Client(this.baseUrl, key, this.options, this.transport);
  }

  private derive(options: ClientOptions): Client {
    return new Client(this.baseUrl, this.key, { ...this.options, ...options }, this.transport);
  }

  /** Closes the pool (of this client and every client derived from it). */
  close(): Promise<void> {
    return this.transport.close();
  }

  // ---- search ------------------------------------------------------------------------------------

  /** Records matching the domain. With `range`, the page also carries start, end and the total. */
  search<T = unknown>(model: string, domain: Domain, options: RangeOptions): Promise<RecordPage<T>>;
  search<T = unknown>(model: string, domain?: Domain, options?: SearchOptions): Promise<RecordOf<T>[]>;
  async search<T = unknown>(
    model: string,
    domain: Domain = [],
    options: SearchOptions & { range?: { start: number; end: number } } = {},
  ): Promise<RecordOf<T>[] | RecordPage<T>> {
    return this.list<T>(this.modelPath(model), domain, options);
  }

  /**
   * Every matching record, parsed as the streamed array arrives (memory stays flat whatever the
   * count). Breaking out of the loop or aborting the signal stops the transfer.
   */
  async *searchAll<T = unknown>(
    model: string,
    domain: Domain = [],
    options: SearchOptions = {},
  ): AsyncGenerator<RecordOf<T>, void, undefined> {
    const res = await this.transport.stream(
      this.req('GET', `${this.modelPath(model)}${this.query(domain, options)}`, options),
    );
    const parser = new JsonArrayStream(taggedReviver);
    try {
      for await (const chunk of res.body) {
        for (const value of parser.push(chunk)) {
          // Records of a chunk already read are not handed out once the call is aborted.
          if (options.signal?.aborted) throw options.signal.reason;
          yield toRecords(value) as RecordOf<T>;
        }
      }
      parser.end();
    } finally {
      res.body.destroy();
      res.done();
    }
  }

  /** The records of a relation field of one record (one2many, many2many; a many2one's one record). */
  subCollection<T = unknown>(
    model: string,
    id: number,
    field: string,
    domain: Domain,
    options: RangeOptions,
  ): Promise<RecordPage<T>>;
  subCollection<T = unknown>(
    model: string,
    id: number,
    field: string,
    domain?: Domain,
    options?: SearchOptions,
  ): Promise<RecordOf<T>[]>;
  subCollection<T = unknown>(
    model: string,
    id: number,
    field: string,
    domain: Domain = [],
    options: SearchOptions & { range?: { start: number; end: number } } = {},
  ): Promise<RecordOf<T>[] | RecordPage<T>> {
    return this.list<T>(`${this.modelPath(model)}/${id}/${encodeURIComponent(field)}`, domain, options);
  }

  /** The sub-collection of a Record's field: `client.related(sale, 'lines')`. */
  related<T = unknown>(record: RecordBase, field: string, domain: Domain = [], options: SearchOptions = {}) {
    const { model, id } = this.identify(record);
    return this.subCollection<T>(model, id, field, domain, options);
  }

  private async list<T>(
    path: string,
    domain: Domain,
    options: SearchOptions & { range?: { start: number; end: number } },
  ): Promise<RecordOf<T>[] | RecordPage<T>> {
    const req = this.req('GET', `${path}${this.query(domain, options)}`, options);
    if (options.range)
      req.headers = { ...req.headers, range: `records=${options.range.start}-${options.range.end}` };
    const res = await this.transport.request(req);
    const records = this.parse(res.body);
    if (!Array.isArray(records)) {
      // A many2one sub-collection answers its one record.
      return (records === null ? [] : [records]) as RecordOf<T>[];
    }
    if (!options.range) return records as RecordOf<T>[];
    const m = /^records (\d+)-(\d+)\/(\d+|\*)$/.exec(res.headers['content-range'] ?? '');
    const page = records as RecordPage<T>;
    page.records = records as RecordOf<T>[];
    page.start = m ? Number(m[1]) : options.range.start;
    page.end = m ? Number(m[2]) : options.range.start + records.length;
    page.size = m && m[3] !== '*' ? Number(m[3]) : null;
    return page;
  }

  // ---- one record --------------------------------------------------------------------------------

  /** One record (NotFoundError when it does not exist or is hidden). */
  async get<T = unknown>(
    model: string,
    id: number,
    options: FieldOptions & { cache?: boolean } = {},
  ): Promise<RecordOf<T>> {
    const res = await this.transport.request(
      this.req('GET', `${this.modelPath(model)}/${id}${this.query(undefined, options)}`, options),
    );
    return this.parse(res.body) as RecordOf<T>;
  }

  /** Reads a Record again (its fields, or those asked for), dropping its changes. */
  async reload<R extends RecordBase>(record: R, options: FieldOptions = {}): Promise<R> {
    const { model, id } = this.identify(record);
    const fields = options.fields ?? (this.usages.length ? undefined : record.fieldPaths());
    const fresh = await this.get(model, id, { ...options, fields, cache: false });
    record.absorb(fresh.rawValues());
    return record;
  }

  /** Creates a record; answers it as the server reads it back (only its id if it may not be read). */
  async create<T = unknown>(model: string, values: Fields, options: FieldOptions = {}): Promise<RecordOf<T>> {
    const res = await this.transport.request({
      ...this.req('POST', `${this.modelPath(model)}${this.query(undefined, options)}`, options),
      body: stringifyTagged(wireFields(values)),
    });
    return this.written(model, res.status, res.body, res.headers.location) as RecordOf<T>;
  }

  /** Writes the given fields of a record (x2many fields as action lists or lists of records). */
  async update<T = unknown>(
    model: string,
    id: number,
    values: Fields,
    options: FieldOptions = {},
  ): Promise<RecordOf<T>> {
    const res = await this.transport.request({
      ...this.req('PUT', `${this.modelPath(model)}/${id}${this.query(undefined, options)}`, options),
      body: stringifyTagged(wireFields(values)),
    });
    return this.written(model, res.status, res.body, `${id}`) as RecordOf<T>;
  }

  /** Deletes a record (by model and id, or a Record). */
  async delete(
    model: string | RecordBase,
    id?: number | CallOptions,
    options: CallOptions = {},
  ): Promise<void> {
    if (isRecord(model)) {
      options = (id as CallOptions | undefined) ?? {};
      ({ model, id } = this.identify(model));
    }
    if (typeof id !== 'number') throw new TypeError('delete needs a record id');
    await this.transport.request(this.req('DELETE', `${this.modelPath(model)}/${id}`, options));
  }

  /**
   * Saves a Record: creates it when it has no id, else writes only what changed (nothing to write:
   * no request). The Record takes in the server's answer and has no changes left.
   */
  async store<R extends RecordBase>(record: R, options: FieldOptions = {}): Promise<R> {
    const model = record.__name__;
    if (!model) throw new TypeError('store needs a record of a known model');
    const changes = record.changes();
    if (record.id !== null && !Object.keys(changes).length) return record;
    const fields = options.fields ?? (this.usages.length ? undefined : record.fieldPaths());
    const saved =
      record.id === null
        ? await this.create(model, changes, { ...options, fields })
        : await this.update(model, record.id, changes, { ...options, fields });
    record.absorb(saved.rawValues());
    return record;
  }

  /** A new Record of a model, not yet stored: `client.record('sale.sale', {party: 3})`. */
  record<T = unknown>(model: string, values: Fields = {}): RecordOf<T> {
    return new TrytonRecord(model, {}, { changed: values }) as RecordOf<T>;
  }

  // ---- methods and reports -----------------------------------------------------------------------

  /**
   * Calls a button or an RPC-exposed method: on a record (a Record, or `{model, id}`), or on the
   * model (a model name: a class method). Keyword arguments go as the JSON body. Answers the
   * method's result (records as Records), null when it returns nothing.
   */
  async action<T = unknown>(
    target: string | RecordBase | { model: string; id: number },
    name: string,
    kwargs: Fields = {},
    options: CallOptions = {},
  ): Promise<T> {
    const path =
      typeof target === 'string'
        ? `${this.modelPath(target)}/${encodeURIComponent(name)}`
        : (() => {
            const { model, id } = this.identify(target);
            return `${this.modelPath(model)}/${id}/${encodeURIComponent(name)}`;
          })();
    const res = await this.transport.request({
      ...this.req('POST', path, options),
      body: stringifyTagged(wireArguments(kwargs)),
    });
    return (res.status === 204 || !res.body.length ? null : this.parse(res.body)) as T;
  }

  /** Renders a report of a record: its file name, content type and bytes. */
  async report(name: string, id: number, data: Fields = {}, options: CallOptions = {}): Promise<Report> {
    const req = this.req(
      'GET',
      `${this.transport.basePath}/rest/report/${encodeURIComponent(name)}/${id}`,
      options,
    );
    req.headers = { ...req.headers, accept: '*/*' };
    if (Object.keys(data).length) {
      // Tryton reads the report's data from the JSON body of the GET.
      req.body = stringifyTagged(data);
      req.headers['content-type'] = 'application/json';
    }
    const res = await this.transport.request(req);
    const disposition = res.headers['content-disposition'] ?? '';
    const m = /filename\*=UTF-8''([^;]+)|filename="((?:[^"\\]|\\.)*)"|filename=([^;]+)/i.exec(disposition);
    const filename = m ? (m[1] ? decodeURIComponent(m[1]) : (m[2] ?? m[3]).trim()) : `${name}-${id}`;
    return {
      filename,
      contentType: res.headers['content-type'] ?? 'application/octet-stream',
      bytes: res.body,
    };
  }

  // ---- application keys --------------------------------------------------------------------------

  /** Asks for a key for the user (a login): answers it in state requested, to be validated by an admin. */
  async requestKey(user: string, application: string, options: CallOptions = {}): Promise<string> {
    const res = await this.transport.request({
      ...this.req('POST', `${this.transport.basePath}/user/application/`, options, false),
      body: JSON.stringify({ user, application }),
    });
    const key = JSON.parse(res.body.toString('utf8')) as unknown;
    if (typeof key !== 'string') throw new ProtocolError('The key request did not answer a key');
    return key;
  }

  /** Revokes a key (the user's login, the key, its application). */
  async revokeKey(user: string, key: string, application: string, options: CallOptions = {}): Promise<void> {
    await this.transport.request({
      ...this.req('DELETE', `${this.transport.basePath}/user/application/`, options, false),
      body: JSON.stringify({ user, key, application }),
    });
  }

  // ---- plumbing ----------------------------------------------------------------------------------

  private modelPath(model: string): string {
    return `${this.transport.basePath}/rest/model/${encodeURIComponent(model)}`;
  }

  private identify(target: RecordBase | { model: string; id: number }): { model: string; id: number } {
    if (isRecord(target)) {
      if (!target.__name__ || target.id === null) throw new TypeError(`${target} is not a stored record`);
      return { model: target.__name__, id: target.id };
    }
    return target;
  }

  private req(
    method: TransportRequest['method'],
    path: string,
    options: CallOptions & { cache?: boolean },
    authenticated = true,
  ): TransportRequest {
    const headers = { ...this.headers };
    if (!authenticated) delete headers.authorization;
    if (method !== 'GET') headers['content-type'] = 'application/json';
    return {
      method,
      path,
      headers,
      signal: options.signal,
      timeout: options.timeout,
      cacheable: method === 'GET' && options.cache !== false,
    };
  }

  private query(domain: Domain | undefined, options: SearchOptions): string {
    const params = new URLSearchParams();
    if (domain && domain.length) params.set('d', b64(domain));
    if (options.order?.length) {
      params.set('o', b64(options.order.map((o) => (typeof o === 'string' ? [o, 'ASC'] : o))));
    }
    if (options.limit !== undefined) params.set('s', String(options.limit));
    if (options.offset !== undefined) params.set('p', String(options.offset));
    for (const field of options.fields ?? []) params.append('f', field);
    const text = params.toString();
    return text ? `?${text}` : '';
  }

  private parse(body: Buffer): unknown {
    if (!body.length) return null;
    try {
      return toRecords(parseTagged(body.toString('utf8')));
    } catch (e) {
      throw new ProtocolError(`The answer is not JSON: ${(e as Error).message}`);
    }
  }

  /** The record a create or update answered; with no body (the caller may not read it), its id. */
  private written(model: string, status: number, body: Buffer, location: string | undefined): TrytonRecord {
    if (status !== 204 && body.length) return this.parse(body) as TrytonRecord;
    const id = Number(/(\d+)\/?$/.exec(location ?? '')?.[1]);
    return new TrytonRecord(model, Number.isInteger(id) && id > 0 ? { id } : {});
  }
}
