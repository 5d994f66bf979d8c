import type { PoolClient, QueryResultRow } from 'pg';

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
    this.statements++;
    if (this.counter) this.counter.statements++;
    const result = await this.client.query<R>(text, params as any[]);
    return result.rows;
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

  async begin(): Promise<void> {
    // Reads see one snapshot across their statements (a streamed list reads related records per batch).
    await this.client.query(this.readOnly ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
  }

  async commit(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await this.client.query('COMMIT');
    for (const fn of this.afterCommit) await fn();
  }

  async rollback(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await this.client.query('ROLLBACK');
  }
}
