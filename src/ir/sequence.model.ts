import { boolean, char, computed, integer, many2one } from '../fields';
import type { Env } from '../pool/env';
import { NotFoundError, UserError } from '../pool/errors';
import { ident } from '../domain/sql';
import { Model } from '../pool/model';
import type { Values } from '../pool/model';
import { And, Eval, Greater, In, Not } from '../pyson/pyson';

/** Tryton's rule for the counters: shown, and needed, for incremental sequences. */
const incremental = (required: boolean) => ({
  invisible: Not(In(Eval('type'), ['incremental'])),
  required: required ? In(Eval('type'), ['incremental']) : And(In(Eval('type'), ['incremental']), false),
});

function substitute(template: string | null, date: Date): string {
  if (!template) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return template
    .replace(/\$\{year\}/g, String(date.getUTCFullYear()))
    .replace(/\$\{month\}/g, pad(date.getUTCMonth() + 1))
    .replace(/\$\{day\}/g, pad(date.getUTCDate()));
}

interface Counter {
  id: number;
  number_increment: number;
  number_next_internal: number;
}

type Affixes = { prefix: string | null; suffix: string | null; padding: number | null };

/** Tryton's number_next: the database sequence's next number; writing it restarts the sequence. */
function numberNext(model: string) {
  return computed(
    integer({ string: 'Next Number', states: incremental(false) }),
    (env, ids, _name, cls) => (cls as typeof Sequence).numbersNext(env, ids),
    {
      depends: ['number_next_internal', 'number_increment'],
      setter: async (env, ids, _name, value) => {
        if (!ids.length) return;
        const table = (env.model(model) as typeof Sequence)._table;
        await env.tx.query(`UPDATE ${ident(table)} SET "number_next_internal" = $1 WHERE "id" = ANY($2)`, [
          value ?? 1,
          ids,
        ]);
      },
    },
  );
}

/** What decides the numbers a sequence gives: a change to one of these moves its database sequence. */
const COUNTER_FIELDS = ['number_increment', 'number_next', 'number_next_internal'];

/**
 * Databases made when sequences had a `code` (`party.party`) rather than a type: the sequences of that
 * code, without a type yet, get the module's type (Tryton's migration from 5.8).
 */
export async function adoptSequenceCode(env: Env, code: string, sequenceType: number): Promise<void> {
  for (const table of ['ir_sequence', 'ir_sequence_strict']) {
    const old = await env.tx.query(
      `SELECT 1 FROM "information_schema"."columns" WHERE "table_schema" = current_schema() AND "table_name" = $1 AND "column_name" = 'code'`,
      [table],
    );
    if (!old.length) continue;
    await env.tx.query(
      `UPDATE ${ident(table)} SET "sequence_type" = $1 WHERE "sequence_type" IS NULL AND "code" = $2`,
      [sequenceType, code],
    );
  }
}

/** What a sequence numbers (Tryton's ir.sequence.type: Party, Sale, Product...); modules ship theirs. */
export class SequenceType extends Model {
  static override __name__ = 'ir.sequence.type';
  static override description = 'Sequence type';
  static override fields = {
    name: char({ string: 'Sequence Name', required: true, translate: true }),
  };
}

/**
 * A numbering sequence (Tryton's ir.sequence). As Tryton does on PostgreSQL, each one is backed by a
 * database sequence (`ir_sequence_<id>`): taking a number is `nextval`, which never waits for another
 * transaction (numbers of rolled back transactions are lost, gaps are allowed), so concurrent creations
 * that number their records do not queue behind each other's commits. `number_next` reads the database
 * sequence; `number_next_internal` is only the starting point. ir.sequence.strict (no gaps) keeps the
 * locked counter.
 */
export class Sequence extends Model {
  static override __name__ = 'ir.sequence';
  static override description = 'Sequence';
  static override _order: [string, string][] = [['name', 'ASC']];
  /** Gap-free numbers from the row's counter, locked until the transaction ends (ir.sequence.strict). */
  static _strict = false;
  static override fields = {
    name: char({ string: 'Sequence Name', required: true, translate: true }),
    // Tryton: chosen when the sequence is made, then fixed.
    sequence_type: many2one('ir.sequence.type', {
      string: 'Sequence Type',
      required: true,
      ondelete: 'RESTRICT',
      states: { readonly: Greater(Eval('id', -1), 0, true) },
    }),
    active: boolean({ string: 'Active', default: true }),
    prefix: char({ string: 'Prefix', help: 'May contain ${year}, ${month}, ${day}' }),
    suffix: char({ string: 'Suffix' }),
    padding: integer({ string: 'Number padding', default: 0, states: incremental(true) }),
    number_increment: integer({ string: 'Increment Number', default: 1, states: incremental(true) }),
    number_next_internal: integer({ string: 'Next Number', default: 1, states: incremental(false) }),
    number_next: numberNext('ir.sequence'),
  };

  /** The database sequence behind a record (Tryton's `ir_sequence_<id>`). */
  static sqlSequence(id: number): string {
    return `${this._table}_${id}`;
  }

  /** The number the next call will give, per id: from the database sequence unless strict. */
  static async numbersNext(env: Env, ids: number[]): Promise<Map<number, unknown>> {
    if (!ids.length) return new Map();
    const rows = this._strict
      ? await env.tx.query(
          `SELECT "id", "number_next_internal" AS "next" FROM ${ident(this._table)} WHERE "id" = ANY($1)`,
          [ids],
        )
      : await env.tx.query(
          `SELECT s."id", COALESCE(CASE WHEN q."last_value" IS NULL THEN q."start_value"
             ELSE q."last_value" + q."increment_by" END, s."number_next_internal") AS "next"
           FROM ${ident(this._table)} s
           LEFT JOIN pg_catalog.pg_sequences q ON q."schemaname" = current_schema()
             AND q."sequencename" = $2 || s."id"
           WHERE s."id" = ANY($1)`,
          [ids, `${this._table}_`],
        );
    return new Map(rows.map((r) => [r.id as number, r.next === null ? null : Number(r.next)]));
  }

  static override async create(env: Env, vlist: Values[]): Promise<number[]> {
    const ids = await super.create(env, vlist);
    if (!this._strict) await this.syncSqlSequences(env, ids, 'create');
    return ids;
  }

  static override async write(env: Env, ids: number[], values: Values): Promise<void> {
    await super.write(env, ids, values);
    if (this._strict || !COUNTER_FIELDS.some((f) => f in values)) return;
    // A new increment alone keeps the next number the sequence had; a new next number restarts it.
    const restartFromStored = 'number_next' in values || 'number_next_internal' in values;
    await this.syncSqlSequences(env, ids, restartFromStored ? 'restart' : 'increment');
  }

  static override async delete(env: Env, ids: number[]): Promise<void> {
    await super.delete(env, ids);
    if (this._strict) return;
    for (const id of ids) await env.tx.query(`DROP SEQUENCE IF EXISTS ${ident(this.sqlSequence(id))}`);
  }

  /**
   * Creates or moves the database sequences of `ids`: `create` starts them at their stored next
   * number, `restart` moves them there, `increment` changes the step and keeps the next number.
   */
  private static async syncSqlSequences(
    env: Env,
    ids: number[],
    how: 'create' | 'restart' | 'increment',
  ): Promise<void> {
    if (!ids.length) return;
    const counters = (await env.tx.query(
      `SELECT "id", "number_increment", "number_next_internal" FROM ${ident(this._table)} WHERE "id" = ANY($1)`,
      [ids],
    )) as Counter[];
    const next = how === 'increment' ? await this.numbersNext(env, ids) : null;
    for (const row of counters) {
      const increment = row.number_increment ?? 1;
      const start = next ? Number(next.get(row.id)) : (row.number_next_internal ?? 1);
      await this.defineSqlSequence(env, row.id, increment, start, how === 'create');
    }
  }

  private static async defineSqlSequence(
    env: Env,
    id: number,
    increment: number,
    start: number,
    create: boolean,
  ): Promise<void> {
    // DDL takes no parameters: both are checked to be integers (the fields are) before they are written.
    if (!Number.isSafeInteger(increment) || !Number.isSafeInteger(start) || increment === 0)
      throw new UserError(
        `Invalid "Increment Number" (${increment}) or "Next Number" (${start}) with database sequence.`,
        'sequence',
      );
    // START moves too: pg_sequences shows no last value until a number is taken, only the start.
    // Bounds wide enough for any start, whichever way it counts (PostgreSQL's defaults refuse a start
    // below 1 when counting up).
    const bounds = `MINVALUE ${Math.min(start, 1)} MAXVALUE ${Math.max(start, Number.MAX_SAFE_INTEGER)}`;
    const name = ident(this.sqlSequence(id));
    await env.tx.query(
      create
        ? `CREATE SEQUENCE IF NOT EXISTS ${name} INCREMENT BY ${increment} ${bounds} START WITH ${start}`
        : `ALTER SEQUENCE ${name} INCREMENT BY ${increment} ${bounds} START WITH ${start} RESTART WITH ${start}`,
    );
  }

  /** The next formatted number. Never waits for another transaction unless the sequence is strict. */
  static async nextNumber(env: Env, id: number): Promise<string> {
    return (await this.nextNumbers(env, id, 1))[0];
  }

  /** `count` formatted numbers taken in one statement (bulk creation), in increasing order of use. */
  static async nextNumbers(env: Env, id: number, count: number): Promise<string[]> {
    if (count <= 0) return [];
    let numbers: number[];
    let row: Affixes;
    if (this._strict) {
      // The UPDATE locks the row until the transaction ends: numbers come without gaps.
      const rows = await env.tx.query(
        `UPDATE ${ident(this._table)} SET "number_next_internal" = "number_next_internal" + "number_increment" * $2
         WHERE "id" = $1 RETURNING "number_next_internal" - "number_increment" * $2 AS "first", "number_increment" AS "step", "prefix", "suffix", "padding"`,
        [id, count],
      );
      if (!rows.length) throw new NotFoundError(`Sequence ${id} does not exist`);
      row = rows[0] as Affixes;
      const { first, step } = rows[0] as { first: number; step: number };
      numbers = Array.from({ length: count }, (_, i) => first + i * step);
    } else {
      const taken = await this.takeSqlNumbers(env, id, count);
      if (taken.numbers === null) {
        // A sequence made before database sequences backed them: its own starts at its counter.
        await this.syncSqlSequences(env, [id], 'create');
        const again = await this.takeSqlNumbers(env, id, count);
        if (again.numbers === null) throw new NotFoundError(`Sequence ${id} has no database sequence`);
        ({ row, numbers } = { row: again.row, numbers: again.numbers });
      } else ({ row, numbers } = { row: taken.row, numbers: taken.numbers });
    }
    env.touched.add(this.__name__);
    const now = new Date();
    const [before, after] = [substitute(row.prefix, now), substitute(row.suffix, now)];
    return numbers.map((n) => `${before}${String(n).padStart(row.padding ?? 0, '0')}${after}`);
  }

  private static async takeSqlNumbers(
    env: Env,
    id: number,
    count: number,
  ): Promise<{ row: Affixes; numbers: number[] | null }> {
    // nextval(NULL) is NULL: a missing database sequence answers no numbers instead of failing.
    const rows = await env.tx.query(
      `SELECT "prefix", "suffix", "padding", "number_increment",
         ARRAY(SELECT nextval(to_regclass($2)) FROM generate_series(1, $3)) AS "numbers"
       FROM ${ident(this._table)} WHERE "id" = $1`,
      [id, this.sqlSequence(id), count],
    );
    if (!rows.length) throw new NotFoundError(`Sequence ${id} does not exist`);
    const raw = rows[0].numbers as (string | number | null)[];
    if (raw.some((n) => n === null)) return { row: rows[0] as Affixes, numbers: null };
    const numbers = raw.map(Number);
    numbers.sort((a, b) => (rows[0].number_increment < 0 ? b - a : a - b));
    return { row: rows[0] as Affixes, numbers };
  }
}

/**
 * A sequence without gaps (Tryton's ir.sequence.strict, for invoice numbers and the like). Numbers come
 * from the row's counter, locked by the UPDATE until the transaction ends: a rolled back transaction
 * gives its number back, and concurrent ones wait for it.
 */
export class SequenceStrict extends Sequence {
  static override __name__ = 'ir.sequence.strict';
  static override description = 'Sequence Strict';
  static override _strict = true;
  static override fields = { ...Sequence.fields, number_next: numberNext('ir.sequence.strict') };
}
