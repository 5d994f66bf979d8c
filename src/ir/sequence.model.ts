import { boolean, char, integer } from '../fields';
import type { Env } from '../pool/env';
import { NotFoundError } from '../pool/errors';
import { ident } from '../domain/sql';
import { Model } from '../pool/model';
import { And, Eval, In, Not } from '../pyson/pyson';

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

export class Sequence extends Model {
  static override __name__ = 'ir.sequence';
  static override description = 'Sequence';
  static override _order: [string, string][] = [['name', 'ASC']];
  static override fields = {
    name: char({ string: 'Sequence Name', required: true, translate: true }),
    code: char({ string: 'Code', help: 'What the sequence numbers, e.g. party.party' }),
    active: boolean({ string: 'Active', default: true }),
    prefix: char({ string: 'Prefix', help: 'May contain ${year}, ${month}, ${day}' }),
    suffix: char({ string: 'Suffix' }),
    padding: integer({ string: 'Number padding', default: 0, states: incremental(true) }),
    number_increment: integer({ string: 'Increment Number', default: 1, states: incremental(true) }),
    number_next_internal: integer({ string: 'Next Number', default: 1, states: incremental(false) }),
  };

  /** The next formatted number; atomic under concurrency (the row is locked by the UPDATE). */
  static async nextNumber(env: Env, id: number): Promise<string> {
    const rows = await env.tx.query(
      `UPDATE ${ident(this._table)} SET "number_next_internal" = "number_next_internal" + "number_increment"
       WHERE "id" = $1 RETURNING "number_next_internal" - "number_increment" AS "number", "prefix", "suffix", "padding"`,
      [id],
    );
    if (!rows.length) throw new NotFoundError(`Sequence ${id} does not exist`);
    env.touched.add(this.__name__);
    const { number, prefix, suffix, padding } = rows[0];
    const now = new Date();
    return `${substitute(prefix, now)}${String(number).padStart(padding ?? 0, '0')}${substitute(suffix, now)}`;
  }

  /** `count` consecutive formatted numbers reserved in one statement (bulk creation); atomic as nextNumber. */
  static async nextNumbers(env: Env, id: number, count: number): Promise<string[]> {
    if (count <= 0) return [];
    const rows = await env.tx.query(
      `UPDATE ${ident(this._table)} SET "number_next_internal" = "number_next_internal" + "number_increment" * $2
       WHERE "id" = $1 RETURNING "number_next_internal" - "number_increment" * $2 AS "first", "number_increment" AS "step", "prefix", "suffix", "padding"`,
      [id, count],
    );
    if (!rows.length) throw new NotFoundError(`Sequence ${id} does not exist`);
    env.touched.add(this.__name__);
    const { first, step, prefix, suffix, padding } = rows[0];
    const now = new Date();
    const [before, after] = [substitute(prefix, now), substitute(suffix, now)];
    return Array.from(
      { length: count },
      (_, i) => `${before}${String(first + i * step).padStart(padding ?? 0, '0')}${after}`,
    );
  }
}

/**
 * A sequence without gaps (Tryton's ir.sequence.strict, for invoice numbers and the like). Numbers come
 * from the row's counter, locked by the UPDATE until the transaction ends, as ir.sequence's do here:
 * a rolled back transaction gives its number back.
 */
export class SequenceStrict extends Sequence {
  static override __name__ = 'ir.sequence.strict';
  static override description = 'Sequence Strict';
  static override fields = { ...Sequence.fields };
}
