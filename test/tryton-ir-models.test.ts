import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CORE_MODULES } from '../src/app.module';
import type { Field } from '../src/fields/field';
import { manifestOf } from '../src/pool/manifest';
import { Pool } from '../src/pool/pool';
import { BUSINESS_MODULES } from '../modules';

/** `shared/tryton/models.json` beside the repository or a folder holding it (see the conformance test). */
function findReference(): string | null {
  let dir = dirname(resolve(__dirname, '..', '..'));
  for (;;) {
    const candidate = join(dir, 'shared', 'tryton', 'models.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return null;
    dir = dirname(dir);
  }
}
const REFERENCE = findReference();

/**
 * The core models the mirrored modules need of Tryton's ir (attachments and notes of a sale, the
 * scheduler and its crons, e-mail templates) and the models those modules add on them: every field
 * as Tryton describes it — type, relation, label, required, readonly, translated, computed, the
 * keys of a fixed selection — but what needs a model we do not have.
 */
const MODELS = [
  'ir.attachment',
  'ir.note',
  'ir.note.read',
  'ir.calendar.day',
  'ir.cron',
  'ir.cron.log',
  'ir.cron-company.company',
  'currency.cron',
  'currency.cron-currency.currency',
  'ir.email.template',
];
const BUILTIN = new Set(['id', 'create_uid', 'create_date', 'write_uid', 'write_date', 'rec_name', 'xml_id']);
/** Needs models the server does not have (ir.action.report, ir.trigger, ir.queue, ir.error, stock). */
const GAPS: Record<string, string> = {
  'ir.email.template.reports': 'ir.action.report (report actions) is not in the core',
};
/** Cron methods of models the server does not have. */
const ABSENT_METHODS = new Set([
  'ir.trigger|trigger_time',
  'ir.queue|clean',
  'ir.error|clean',
  'product.product|recompute_cost_price_from_moves',
  'stock.shipment.out|reschedule',
  'stock.shipment.in.return|reschedule',
  'stock.shipment.internal|reschedule',
  'ir.cron|stock_shipment_assign_try',
]);

interface TrytonField {
  type: string;
  relation: string | null;
  relation_field?: string;
  string: string;
  required: boolean;
  readonly: boolean;
  translate: boolean;
  function: boolean;
  selection: [string | null, string][] | string | null;
}

describe(
  'the ir models of the mirrored modules, as Tryton has them',
  { skip: !REFERENCE && 'models.json is absent' },
  () => {
    it('serves each field with its type, relation, label, required, readonly, translation and selection', () => {
      const reference = JSON.parse(readFileSync(REFERENCE!, 'utf8')) as Record<
        string,
        { fields: Record<string, TrytonField> }
      >;
      const pool = new Pool([...CORE_MODULES, ...BUSINESS_MODULES].map(manifestOf));
      const differences: string[] = [];
      const check = (model: string, name: string, expected: TrytonField) => {
        const field = pool.get(model)._fields[name] as
          (Field & { target?: string; reverse?: string }) | undefined;
        if (!field) return differences.push(`${model}.${name}: missing`);
        const readonly = !!field.options.readonly || (field.computed && !field.options.setter);
        const ours = {
          type: field.type,
          relation: field.target ?? null,
          string: field.string,
          required: !!field.options.required,
          readonly,
          translate: !!field.translate,
          function: field.computed,
        };
        for (const [key, value] of Object.entries(ours)) {
          const theirs = expected[key as keyof TrytonField] ?? null;
          if (value !== theirs)
            differences.push(`${model}.${name}.${key}: ${String(value)} here, ${String(theirs)} in Tryton`);
        }
        if (expected.type === 'one2many' && field.reverse !== expected.relation_field) {
          differences.push(
            `${model}.${name}: reverse ${field.reverse} here, ${expected.relation_field} in Tryton`,
          );
        }
        if (Array.isArray(expected.selection)) {
          const keys = (field.options as { selection?: [string, string][] }).selection?.map(([k]) => k) ?? [];
          const wanted = expected.selection
            .map(([k]) => k)
            .filter((k) => k !== null && !ABSENT_METHODS.has(k));
          assert.deepEqual(keys, wanted, `${model}.${name} selection`);
        }
      };
      for (const model of MODELS) {
        for (const [name, expected] of Object.entries(reference[model].fields)) {
          if (BUILTIN.has(name) || GAPS[`${model}.${name}`]) continue;
          check(model, name, expected);
        }
        for (const name of Object.keys(pool.get(model)._fields)) {
          if (!BUILTIN.has(name) && !reference[model].fields[name])
            differences.push(`${model}.${name}: not in Tryton`);
        }
      }
      for (const name of ['attachments', 'notes'])
        check('sale.sale', name, reference['sale.sale'].fields[name]);
      assert.deepEqual(differences, []);
    });
  },
);
