import { char, computed, many2one, text } from '../fields';
import type { Env } from '../pool/env';
import { UserError } from '../pool/errors';
import { Model, OrderSpec } from '../pool/model';
import { Bool, Eval } from '../pyson/pyson';

const RECIPIENTS = ['recipients', 'recipients_secondary', 'recipients_hidden'] as const;

/** The Python types a PYSON expression can give (Tryton's PYSON.types()), for the checks below. */
function pysonTypes(value: unknown): Set<string> {
  if (Array.isArray(value)) return new Set(['list']);
  if (value === null) return new Set(['NoneType']);
  if (typeof value === 'string') return new Set(['str']);
  if (typeof value === 'number') return new Set([Number.isInteger(value) ? 'int' : 'float']);
  if (typeof value === 'boolean') return new Set(['bool']);
  const node = value as { __class__?: unknown; d?: unknown; t?: unknown; e?: unknown };
  switch (node.__class__) {
    case 'Eval':
    case 'Get':
      return pysonTypes(node.d ?? '');
    case 'If':
      return new Set([...pysonTypes(node.t), ...pysonTypes(node.e)]);
    case undefined:
      return new Set(['dict']);
    default:
      return new Set(['bool']);
  }
}

/**
 * Tryton's ir.email.template: for the records of a model, who an e-mail goes to (a field of the
 * record holding users, parties or contacts — or the record itself —, or a PYSON expression giving
 * a list), its subject and its body (Genshi text templates, rendered by a client of this data).
 */
export class EmailTemplate extends Model {
  static override __name__ = 'ir.email.template';
  static override description = 'Email Template';
  static override _order: OrderSpec = [
    ['model', 'ASC'],
    ['name', 'ASC'],
  ];
  static override fields = {
    model: many2one('ir.model', { string: 'Model', required: true }),
    name: char({ string: 'Name', required: true, translate: true }),
    recipients: many2one('ir.model.field', {
      string: 'Recipients',
      help: 'The field that contains the recipient(s).',
      states: { invisible: Bool(Eval('recipients_pyson')) },
    }),
    recipients_pyson: char({
      string: 'Recipients',
      help: 'A PYSON expression that generates a list of recipients with the record represented by "self".',
      states: { invisible: Bool(Eval('recipients')) },
    }),
    recipients_secondary: many2one('ir.model.field', {
      string: 'Secondary Recipients',
      help: 'The field that contains the secondary recipient(s).',
      states: { invisible: Bool(Eval('recipients_secondary_pyson')) },
    }),
    recipients_secondary_pyson: char({
      string: 'Secondary Recipients',
      help: 'A PYSON expression that generates a list of secondary recipients with the record represented by "self".',
      states: { invisible: Bool(Eval('recipients_secondary')) },
    }),
    recipients_hidden: many2one('ir.model.field', {
      string: 'Hidden Recipients',
      help: 'The field that contains the hidden recipient(s).',
      states: { invisible: Bool(Eval('recipients_hidden_pyson')) },
    }),
    recipients_hidden_pyson: char({
      string: 'Hidden Recipients',
      help: 'A PYSON expression that generates a list of hidden recipients with the record represented by "self".',
      states: { invisible: Bool(Eval('recipients_hidden')) },
    }),
    subject: char({ string: 'Subject', translate: true }),
    body: text({ string: 'Body', translate: true }),
    model_name: computed(
      char({ string: 'Model Name' }),
      async (env, ids) => {
        const rows = await env.tx.query(
          'SELECT "t"."id", "m"."name" AS "model" FROM "ir_email_template" AS "t" JOIN "ir_model" AS "m" ON "m"."id" = "t"."model" WHERE "t"."id" = ANY($1)',
          [ids],
        );
        return new Map(rows.map((r) => [r.id as number, r.model as string]));
      },
      { depends: ['model.name'] },
    ),
  };

  /** The models whose records an address is taken from (Tryton's email_models); modules add theirs. */
  static emailModels(): string[] {
    return ['res.user'];
  }

  static override async validate(env: Env, ids: number[]): Promise<void> {
    await super.validate(env, ids);
    const rows = await env.tx.query(
      `SELECT "t".*, "m"."name" AS "model_name" FROM "ir_email_template" AS "t" JOIN "ir_model" AS "m" ON "m"."id" = "t"."model" WHERE "t"."id" = ANY($1)`,
      [ids],
    );
    const fieldIds = rows
      .flatMap((r) => RECIPIENTS.map((f) => r[f] as number | null))
      .filter((v) => v !== null);
    const fields = new Map(
      (
        await env.tx.query(
          'SELECT "f"."id", "f"."name", "f"."relation", "f"."model" FROM "ir_model_field" AS "f" WHERE "f"."id" = ANY($1)',
          [fieldIds],
        )
      ).map((f) => [f.id as number, f]),
    );
    const emailModels = (this as typeof EmailTemplate).emailModels();
    for (const row of rows) {
      for (const name of RECIPIENTS) {
        const label = this._fields[name].string;
        if (row[name] !== null) {
          const field = fields.get(row[name] as number)!;
          const addresses =
            emailModels.includes(field.relation as string) ||
            (field.name === 'id' && emailModels.includes(field.model as string));
          if (field.model !== row.model_name || !addresses) {
            throw new UserError(
              `"${label}" of the e-mail template "${row.name}" must be a field of ${row.model_name} holding ${emailModels.join(', ')} records (or its id), not "${field.model}.${field.name}".`,
            );
          }
        }
        const pyson = row[`${name}_pyson`] as string | null;
        if (pyson) {
          let decoded: unknown;
          try {
            decoded = JSON.parse(pyson);
          } catch (e) {
            throw new UserError(
              `"${label}" of the e-mail template "${row.name}" is not a PYSON expression: ${(e as Error).message}`,
            );
          }
          const types = pysonTypes(decoded);
          if (types.size !== 1 || !types.has('list')) {
            throw new UserError(
              `"${label}" of the e-mail template "${row.name}" must give a list of recipients.`,
            );
          }
        }
      }
    }
  }
}
