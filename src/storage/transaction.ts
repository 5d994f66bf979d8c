import type { PoolClient, QueryResultRow } from 'pg';
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

  async query<R extends QueryResultRow = Record<string, any>>(
    text: string,
    params: unknown[] = [],
  ): Promise<R[]> {
    // A stream closed under a running batch must not send more on a connection already given back.
    if (this.finished) throw new DatabaseUnavailableError('The transaction of this request has ended');
    this.statements++;
    if (this.counter) this.counter.statements++;
    this.inFlight++;
    try {
      const result = await this.client.query<R>(text, params as any[]);
      return result.rows;
    } catch (e) {
      // The connection itself failed (terminated backend, network): the request fails with a 503,
      // without the driver's text.
      if (!isDatabaseError(e)) throw new DatabaseUnavailableError();
      throw e;
    } finally {
      this.inFlight--;
    }
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

  async begin(): Promise<void> {
    // Reads see one snapshot across their statements (a streamed list reads related records per batch).
    await this.exec(this.readOnly ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
  }

  async commit(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await this.exec('COMMIT');
    for (const fn of this.afterCommit) await fn();
  }

  async rollback(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await this.exec('ROLLBACK');
  }
}
