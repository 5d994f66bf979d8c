import pg from 'pg';
import type { PoolClient, QueryResult, QueryResultRow } from 'pg';
import { ApiError } from '../pool/errors';

export class DatabaseUnavailableError extends ApiError {
  /** Internal details (addresses, driver text) are never given: the answer names the condition only. */
  constructor(message = 'Database unavailable, retry later') {
    super(503, message);
  }
}

/** A SQLSTATE-coded error of PostgreSQL (the others come from the driver or the network). */
export function isDatabaseError(e: unknown): e is Error & { code: string; constraint?: string } {
  return (
    e instanceof Error &&
    typeof (e as { code?: unknown }).code === 'string' &&
    /^[0-9A-Z]{5}$/.test((e as unknown as { code: string }).code)
  );
}

/** Counts statements, so tests can show that reading does not grow with the number of records. */
export interface StatementCounter {
  statements: number;
}

export interface SqlCursor {
  /** The next rows (empty when exhausted). */
  read(count: number): Promise<Record<string, any>[]>;
  close(): Promise<void>;
}

interface PipelinedClient {
  pipeline?: boolean;
  connection?: { stream?: { cork(): void; uncork(): void } };
}

/** Whether the client sends each statement at once, without waiting for the previous one's answer. */
function pipelining(client: PoolClient): boolean {
  const c = client as unknown as PipelinedClient;
  return c.pipeline === true && typeof c.connection?.stream?.cork === 'function';
}

function socketOf(client: PoolClient): { cork(): void; uncork(): void } {
  return (client as unknown as PipelinedClient).connection!.stream!;
}

/**
 * How long a read-only transaction's COMMIT may wait in its connection's socket for the next
 * transaction's BEGIN (both then leave in one write: one socket write and one wake-up of the backend
 * less per request). A read-only transaction holds nothing that others wait for but its snapshot
 * and its share locks (which only DDL waits for): this bounds how long they outlive the request.
 */
export const COMMIT_HOLD_MS = 5;

/** Connections whose socket holds a read-only COMMIT, with the timer that sends it alone. */
const heldCommits = new WeakMap<PoolClient, NodeJS.Timeout>();

/** Statements whose answers a read-only transaction keeps: SELECTs with short text and parameters. */
const MAX_KEY_LENGTH = 4096;
const MAX_KEPT_ANSWERS = 256;

/**
 * Prepared statements. A statement text asked for a second time gets a name, and each connection
 * parses and plans it once: its later executions skip PostgreSQL's parse and, once the plan is
 * generic, its planning (for the rule-laden reads of a sale, planning was 0.1-0.6 ms of the server's
 * CPU per statement against 0.02-0.05 ms of execution). Bounded: only statements up to
 * MAX_PREPARED_TEXT characters, at most MAX_NAMED texts named (the oldest names are forgotten, their
 * connections keep them), at most MAX_PREPARED_PER_CONNECTION names prepared on one connection (then
 * the rest go unnamed, as before).
 */
const MAX_PREPARED_TEXT = 16_384;
const MAX_NAMED = 2_000;
export const MAX_PREPARED_PER_CONNECTION = 400;
const PREPARABLE = /^\s*(?:SELECT|WITH|INSERT|UPDATE|DELETE)\b/i;
/** Texts seen once (not yet named), and texts named: both insertion-ordered, trimmed when full. */
const seenOnce = new Set<string>();
const names = new Map<string, string>();
let nameCount = 0;
const preparedCount = new WeakMap<PoolClient, number>();

function statementName(client: PoolClient, text: string): string | undefined {
  if (text.length > MAX_PREPARED_TEXT) return undefined;
  let name = names.get(text);
  if (name === undefined) {
    if (!seenOnce.has(text)) {
      if (!PREPARABLE.test(text)) return undefined;
      if (seenOnce.size >= MAX_NAMED) seenOnce.delete(seenOnce.values().next().value!);
      seenOnce.add(text);
      return undefined;
    }
    seenOnce.delete(text);
    if (names.size >= MAX_NAMED) names.delete(names.keys().next().value!);
    name = `nt${(++nameCount).toString(36)}`;
    names.set(text, name);
  }
  const connection = (
    client as unknown as {
      connection?: {
        parsedStatements?: Record<string, string>;
        submittedNamedStatements?: Record<string, string>;
      };
    }
  ).connection;
  if (connection?.parsedStatements?.[name] === text || connection?.submittedNamedStatements?.[name] === text)
    return name;
  const count = preparedCount.get(client) ?? 0;
  if (count >= MAX_PREPARED_PER_CONNECTION) return undefined;
  preparedCount.set(client, count + 1);
  return name;
}

const copyRows = (rows: Record<string, any>[]) => rows.map((row) => ({ ...row }));

/**
 * The parameters as sent: a list of integers (ids, mostly) as the array literal `{1,2,3}`, which
 * PostgreSQL reads as the driver's `{"1","2","3"}` (whatever the element type), written at once
 * rather than element by element (the driver escapes each one with two regular expressions).
 */
function wireParams(params: unknown[]): unknown[] {
  let out: unknown[] | null = null;
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (!Array.isArray(p) || !p.length || !p.every(Number.isInteger)) continue;
    (out ??= params.slice())[i] = `{${p.join(',')}}`;
  }
  return out ?? params;
}

/**
 * `= ANY($n)` given a list of one integer, sent as `= $n` with that integer. PostgreSQL plans a
 * prepared statement afresh at every execution while its generic plan looks dearer than the plans
 * made for the values given, and it prices an array parameter of unknown length at ten elements: a
 * read of one record by id (or a rule on the user's one company) was planned at every request, the
 * planning costing more than the execution. With the scalar, the generic plan is the custom one:
 * after its first executions PostgreSQL keeps it. Rewritten only where every use of `$n` is that
 * comparison (the same rows either way), and remembered per text and set of such parameters.
 */
const singleForms = new Map<string, { text: string; scalars: number[] } | null>();
const MAX_SINGLE_FORMS = 2_000;

function withSingles(text: string, params: unknown[]): [string, unknown[]] {
  let mask = '';
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (Array.isArray(p) && p.length === 1 && Number.isInteger(p[0])) mask += `,${i + 1}`;
  }
  if (!mask) return [text, params];
  const key = `${mask}\u0000${text}`;
  let form = singleForms.get(key);
  if (form === undefined) {
    let rewritten = text;
    const scalars: number[] = [];
    for (const n of mask.slice(1).split(',')) {
      const uses = rewritten.match(new RegExp(`\\$${n}(?!\\d)`, 'g'))?.length ?? 0;
      const any = new RegExp(`= ANY\\(\\$${n}\\)`, 'g');
      if (!uses || (rewritten.match(any)?.length ?? 0) !== uses) continue;
      rewritten = rewritten.replace(any, `= $${n}`);
      scalars.push(Number(n) - 1);
    }
    form = scalars.length ? { text: rewritten, scalars } : null;
    if (singleForms.size >= MAX_SINGLE_FORMS) singleForms.delete(singleForms.keys().next().value!);
    singleForms.set(key, form);
  }
  if (form === null) return [text, params];
  const values = params.slice();
  for (const i of form.scalars) values[i] = (params[i] as number[])[0];
  return [form.text, values];
}

/** A column of a row description, as the driver hands it to its Result. */
interface FieldDescription {
  name: string;
  dataTypeID: number;
  format?: string;
}

/**
 * The driver's Result as its Query fills it from a row description (pg 8's own fields, some private:
 * when they are not found, nothing is kept and every description is built as the driver builds it).
 */
interface DriverResult {
  command?: string | null;
  fields: FieldDescription[];
  _types?: unknown;
  _parsers?: unknown[];
  _prebuiltEmptyResultObject?: object;
}

/** Row descriptions whose parsers and row template were used again (for tests and profiling). */
export const rowDescriptions = { reused: 0 };

/** Per statement name: the row description last built and what the driver built from it. */
const described = new Map<
  string,
  { fields: FieldDescription[]; types: unknown; parsers: unknown[]; prebuilt: object }
>();

function sameFields(a: FieldDescription[], b: FieldDescription[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i].name !== b[i].name || a[i].dataTypeID !== b[i].dataTypeID || a[i].format !== b[i].format)
      return false;
  }
  return true;
}

const describeRows = (pg.Query.prototype as unknown as { handleRowDescription(msg: unknown): void })
  .handleRowDescription;

/**
 * The driver's Query, but a named statement's row description is turned into its column parsers
 * and row template once, not at every execution: the driver spends ~11 µs on that for a 45-column
 * row (a sale's, with its currency), whatever the number of rows. The description is compared with
 * the last one column by column (name, type, format) before what was built from it is used again.
 */
class NamedQuery<R extends QueryResultRow> extends pg.Query<R> {
  handleRowDescription(msg: { fields: FieldDescription[] }): void {
    const query = this as unknown as { name: string; _result?: DriverResult };
    const result = query._result;
    const known = described.get(query.name);
    if (
      known &&
      result &&
      !result.command &&
      result._types === known.types &&
      sameFields(known.fields, msg.fields)
    ) {
      result.fields = msg.fields;
      result._parsers = known.parsers;
      result._prebuiltEmptyResultObject = known.prebuilt;
      (this as unknown as { _accumulateRows: boolean })._accumulateRows = true;
      rowDescriptions.reused++;
      return;
    }
    describeRows.call(this, msg);
    const built = query._result;
    if (built && Array.isArray(built._parsers) && built._prebuiltEmptyResultObject) {
      if (!described.has(query.name) && described.size >= MAX_NAMED)
        described.delete(described.keys().next().value!);
      described.set(query.name, {
        fields: msg.fields,
        types: built._types,
        parsers: built._parsers,
        prebuilt: built._prebuiltEmptyResultObject,
      });
    }
  }
}

/**
 * A named statement, sent as the driver's own Query: given a config object, the driver copies it
 * property by property (descriptors and all) before reading three fields of it; a Query built from
 * the text is what that copy would have built.
 */
function namedQuery<R extends QueryResultRow>(
  client: PoolClient,
  name: string,
  text: string,
  values: unknown[],
): Promise<QueryResult<R>> {
  return new Promise((resolve, reject) => {
    const query = new NamedQuery<R>(text, values, (error, result) =>
      error ? reject(error) : resolve(result as unknown as QueryResult<R>),
    );
    (query as unknown as { name: string }).name = name;
    client.query(query);
  });
}

function answerKey(text: string, params: unknown[]): string | null {
  if (!/^\s*SELECT\b/i.test(text)) return null;
  let key: string;
  try {
    key = JSON.stringify(params);
  } catch {
    return null;
  }
  if (key.length + text.length > MAX_KEY_LENGTH) return null;
  return `${text}\0${key}`;
}

/** One database transaction: every request runs in exactly one (read-only for reads). */
export class Transaction {
  statements = 0;
  private finished = false;
  /** Callbacks run after a successful commit (cache invalidation, revocation messages). */
  readonly afterCommit: (() => Promise<void> | void)[] = [];

  constructor(
    private readonly client: PoolClient,
    readonly readOnly: boolean,
    private readonly counter?: StatementCounter,
  ) {}

  /**
   * Answers of this read-only transaction's small SELECTs, by text and parameters. A read-only
   * REPEATABLE READ transaction sees one snapshot and changes nothing: the same statement gives the
   * same rows, so asking again (the depends walks of several computed fields, a rule check repeated
   * per path) costs no round trip. Each caller gets its own copy of the rows.
   */
  private readonly answers = new Map<
    string,
    Promise<{ rows: Record<string, any>[]; kept: Record<string, any>[] }>
  >();

  async query<R extends QueryResultRow = Record<string, any>>(
    text: string,
    params: unknown[] = [],
    /**
     * Nothing else in the transaction asks this statement (a search's page, the first statement of
     * its request): its answer is not kept (nor copied for keeping).
     */
    once = false,
  ): Promise<R[]> {
    // A stream closed under a running batch must not send more on a connection already given back.
    if (this.finished) throw new DatabaseUnavailableError('The transaction of this request has ended');
    const key =
      this.readOnly && !once && this.answers.size < MAX_KEPT_ANSWERS ? answerKey(text, params) : null;
    if (key === null) return this.send<R>(text, params);
    const known = this.answers.get(key);
    if (known) return copyRows((await known).kept) as R[];
    // The copy is taken as the answer arrives, before the first caller can change its rows.
    const answer = this.send(text, params).then((rows) => ({ rows, kept: copyRows(rows) }));
    this.answers.set(key, answer);
    try {
      return (await answer).rows as R[];
    } catch (e) {
      this.answers.delete(key);
      throw e;
    }
  }

  /**
   * Sends a statement whose answer nobody waits for (an audit row): it leaves with the statements
   * that follow it, in their write. Its failure fails the transaction: a later statement fails with
   * it (PostgreSQL refuses statements after an error), and so does commit (PostgreSQL turns the
   * COMMIT of a failed transaction into a ROLLBACK).
   */
  defer(text: string, params: unknown[] = []): void {
    if (this.finished) throw new DatabaseUnavailableError('The transaction of this request has ended');
    this.deferred.push(
      this.send(text, params, true).then(
        () => undefined,
        () => undefined,
      ),
    );
  }

  /** Deferred statements sent (each settles without rejecting) and the first failure among them. */
  private readonly deferred: Promise<void>[] = [];
  private deferredFailure: unknown = null;

  /** The first deferred statement's failure, once every deferred statement sent so far has answered. */
  private async failureOfDeferred(): Promise<unknown> {
    if (!this.deferred.length) return null;
    await Promise.all(this.deferred);
    return this.deferredFailure;
  }

  private async send<R extends QueryResultRow>(
    text: string,
    params: unknown[],
    deferred = false,
  ): Promise<R[]> {
    this.statements++;
    if (this.counter) this.counter.statements++;
    this.inFlight++;
    try {
      this.hold();
      const [sent, given] = withSingles(text, params);
      const name = statementName(this.client, sent);
      const values = wireParams(given) as any[];
      const pending =
        name === undefined
          ? this.client.query<R>(sent, values)
          : namedQuery<R>(this.client, name, sent, values);
      const result = await pending;
      // BEGIN's answer came before this one's: a statement never counts as done outside the transaction.
      if (this.opening) await this.opening;
      return result.rows;
    } catch (e) {
      let error = e;
      if (deferred) this.deferredFailure ??= e;
      else {
        // A statement refused after a deferred one failed: the caller hears the cause.
        const cause = await this.failureOfDeferred();
        if (cause !== null) error = cause;
      }
      // The connection itself failed (terminated backend, network): the request fails with a 503,
      // without the driver's text.
      if (!isDatabaseError(error)) throw new DatabaseUnavailableError();
      throw error;
    } finally {
      this.inFlight--;
    }
  }

  private flushing = false;

  /**
   * Holds what the connection sends until the end of this turn of the event loop: statements sent in
   * one turn (BEGIN and the first statement, a deferred INSERT and the read after it, the reads of a
   * Promise.all) leave in one write and share one round trip. Without pipelining, the driver sends
   * them one after the other anyway.
   */
  private hold(): void {
    if (!pipelining(this.client)) return;
    if (!this.corked) {
      socketOf(this.client).cork();
      this.corked = true;
    }
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => {
      this.flushing = false;
      this.flush();
    });
  }

  private inFlight = 0;

  /** A statement is running (a cancel request would stop it). */
  get running(): boolean {
    return this.inFlight > 0;
  }

  private cursors = 0;

  /**
   * A server-side cursor (DECLARE ... CURSOR) over a query, for streaming. Unlike pg-cursor, which
   * holds the connection's query queue until it is closed, FETCHes interleave with the other queries
   * of the transaction, so each batch's related records are read on the same snapshot.
   */
  async declareCursor(text: string, params: unknown[] = []): Promise<SqlCursor> {
    const name = `cursor_${++this.cursors}`;
    await this.query(`DECLARE "${name}" NO SCROLL CURSOR FOR ${text}`, params);
    let closed = false;
    return {
      read: async (count: number) => {
        if (closed) return [];
        return this.query(`FETCH FORWARD ${Math.max(1, Math.floor(count))} FROM "${name}"`);
      },
      close: async () => {
        if (closed || this.finished) return;
        closed = true;
        await this.query(`CLOSE "${name}"`);
      },
    };
  }

  /** A statement that is not counted (transaction control). */
  private async exec(text: string): Promise<void> {
    try {
      await this.client.query(text);
    } catch (e) {
      if (!isDatabaseError(e)) throw new DatabaseUnavailableError();
      throw e;
    }
  }

  /** BEGIN, sent but not yet answered (null once it has been, or without pipelining). */
  private opening: Promise<void> | null = null;
  private corked = false;

  /**
   * Opens the transaction. On a pipelining connection (see DatabaseServer) BEGIN is not waited for:
   * it is held in the socket until the first statement, and both leave in one write (a failed BEGIN
   * fails that statement). Without pipelining, BEGIN is a round trip of its own.
   */
  async begin(): Promise<void> {
    // Reads see one snapshot across their statements (a streamed list reads related records per batch).
    const text = this.readOnly ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN';
    if (!pipelining(this.client)) return this.exec(text);
    const stream = socketOf(this.client);
    const held = heldCommits.get(this.client);
    if (held) {
      // The previous transaction's COMMIT is still in the socket: BEGIN joins it (one write).
      clearTimeout(held);
      heldCommits.delete(this.client);
    } else stream.cork();
    this.corked = true;
    const opening = this.exec(text);
    this.opening = opening.then(() => {
      this.opening = null;
    });
    this.opening.catch(() => undefined);
    // Nothing else may wait behind a BEGIN held for a statement that does not come in this turn.
    setImmediate(() => this.flush());
  }

  /** Sends whatever the socket holds (BEGIN waiting for the first statement). */
  private flush(): void {
    if (!this.corked) return;
    this.corked = false;
    socketOf(this.client).uncork();
  }

  async commit(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    if (this.opening) {
      this.flush();
      await this.opening;
    }
    // A read-only transaction has nothing to make durable: its answer need not wait for COMMIT's.
    // The connection pipelines, so whoever takes it next queues behind this COMMIT; a failure of
    // COMMIT is a failure of the connection, which that next user meets on its first statement.
    if (this.readOnly && !this.afterCommit.length && !this.deferred.length && pipelining(this.client)) {
      // Held in the socket for the next BEGIN on this connection, or sent alone after COMMIT_HOLD_MS
      // (closing the connection sends it too: ending a socket uncorks it).
      const stream = socketOf(this.client);
      stream.cork();
      this.exec('COMMIT').catch(() => undefined);
      const client = this.client;
      const timer = setTimeout(() => {
        if (heldCommits.get(client) !== timer) return;
        heldCommits.delete(client);
        stream.uncork();
      }, COMMIT_HOLD_MS);
      timer.unref();
      heldCommits.set(client, timer);
      return;
    }
    const done = this.exec('COMMIT');
    this.flush();
    // COMMIT leaves behind the deferred statements: if one of them failed, it rolled everything back.
    const failure = await this.failureOfDeferred();
    await done;
    if (failure !== null)
      throw failure instanceof Error && !isDatabaseError(failure) ? new DatabaseUnavailableError() : failure;
    for (const fn of this.afterCommit) await fn();
  }

  async rollback(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.flush();
    await this.opening?.catch(() => undefined);
    await this.exec('ROLLBACK');
  }
}
