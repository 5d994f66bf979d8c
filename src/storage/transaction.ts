import type { PoolClient, QueryResultRow } from 'pg';
import Cursor from 'pg-cursor';

/** Counts statements, so tests can show that reading does not grow with the number of records. */
export interface StatementCounter {
  statements: number;
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

  /** A server-side cursor over a query, for streaming. Close it when done. */
  cursor<R = Record<string, any>>(text: string, params: unknown[] = []): Cursor<R> {
    this.statements++;
    if (this.counter) this.counter.statements++;
    return this.client.query(new Cursor<R>(text, params as any[]));
  }

  async begin(): Promise<void> {
    await this.client.query(this.readOnly ? 'BEGIN READ ONLY' : 'BEGIN');
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
