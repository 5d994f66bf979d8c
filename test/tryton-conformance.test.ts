import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BUSINESS_MODULES } from '../modules';
import type { Many2ManyField } from '../src/fields/many2many';
import { createTestDatabase, TestDatabase } from './support/database';
import { EXCLUDED, PENDING, TrytonGap } from './tryton-exclusions';

/**
 * Tryton's description of its models (fields_get + ir.model.field of a real server): `shared/tryton/models.json`
 * beside the repository (`../shared` from its root, as CI has it), or beside a folder holding it (a worktree).
 */
function findReference(): string {
  const root = resolve(__dirname, '..', '..');
  let dir = dirname(root);
  for (;;) {
    const candidate = join(dir, 'shared', 'tryton', 'models.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return join(dirname(root), 'shared', 'tryton', 'models.json');
    dir = dirname(dir);
  }
}
const REFERENCE = findReference();

/** The Tryton modules this server mirrors: every field they define is expected here. */
const MIRRORED = ['country', 'currency', 'party', 'company', 'product', 'account', 'sale', 'web_shop'];
/** Columns and fields every model has; checked by the pool's own tests. */
const BUILTIN = new Set(['id', 'create_uid', 'create_date', 'write_uid', 'write_date', 'rec_name']);

interface TrytonField {
  type: string;
  relation: string | null;
  module: string;
}
interface TrytonModel {
  __module__: string;
  __stored__: boolean;
  fields: Record<string, TrytonField>;
}

/** Stored models, and the SQL views of sale reporting (Tryton's table_query models). */
function inScope(name: string, model: TrytonModel): boolean {
  if (model.__stored__) return true;
  return name.startsWith('sale.reporting.') && name !== 'sale.reporting.context';
}

interface Expected {
  model: string;
  field: string;
  type: string;
  relation: string | null;
  module: string;
  modelModule: string;
}

function expectedFields(reference: Record<string, TrytonModel>): Expected[] {
  const out: Expected[] = [];
  for (const [model, description] of Object.entries(reference)) {
    if (model === '__meta__' || !inScope(model, description)) continue;
    for (const [field, f] of Object.entries(description.fields)) {
      if (BUILTIN.has(field) || !MIRRORED.includes(f.module)) continue;
      out.push({
        model,
        field,
        type: f.type,
        relation: f.relation,
        module: f.module,
        modelModule: description.__module__,
      });
    }
  }
  return out;
}

function gapIndex(gaps: TrytonGap[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const gap of gaps) {
    for (const name of gap.fields) {
      assert.ok(!index.has(name), `"${name}" is listed twice in the exclusions file`);
      index.set(name, gap.reason);
    }
  }
  return index;
}

const pad = (value: string | number, width: number) => String(value).padStart(width);

describe(
  'conformance with Tryton models.json',
  { skip: !existsSync(REFERENCE) && `${REFERENCE} is absent` },
  () => {
    let tdb: TestDatabase;
    /** model -> field -> [ttype, relation], as the server's own ir.model.field describes them. */
    const served = new Map<string, Map<string, [string, string | null]>>();
    let expected: Expected[] = [];

    before(async () => {
      expected = expectedFields(JSON.parse(readFileSync(REFERENCE, 'utf8')));
      tdb = await createTestDatabase(BUSINESS_MODULES);
      const rows = await tdb.rollback((env) =>
        env.tx.query(
          `SELECT "f"."model", "f"."name", "f"."ttype", "f"."relation" FROM "ir_model_field" AS "f"
         JOIN "ir_model" AS "m" ON "m"."id" = "f"."model_ref" AND "m"."name" = "f"."model"`,
        ),
      );
      for (const row of rows) {
        if (!served.has(row.model)) served.set(row.model, new Map());
        let relation = row.relation as string | null;
        if (row.ttype === 'many2many') {
          // ir.model.field names a many2many's link model, as Tryton's does (`party.party-party.category`);
          // models.json (fields_get) its target: the link's field towards the target gives it.
          const field = tdb.pool.get(row.model)._fields[row.name] as unknown as Many2ManyField;
          const link = tdb.pool.get(relation!)._fields[field.targetField] as unknown as { target: string };
          relation = link.target;
        }
        served.get(row.model)!.set(row.name, [row.ttype, relation]);
      }
    });
    after(() => tdb?.drop());

    const excludedBy = (gaps: Map<string, string>, e: Expected) =>
      gaps.get(`${e.model}.${e.field}`) ?? gaps.get(e.model);
    const status = (e: Expected): 'same' | 'missing' | 'mistyped' => {
      const ours = served.get(e.model)?.get(e.field);
      if (!ours) return 'missing';
      // A many2many's relation is its link model (Tryton's `party.party-party.category`), served too.
      const link = e.type !== 'many2many' || (e.relation !== null && served.has(e.relation));
      return ours[0] === e.type && (e.relation === null || ours[1] === e.relation) && link
        ? 'same'
        : 'mistyped';
    };

    it('has every field of the mirrored modules, with its type and relation, or lists why not', () => {
      const excluded = gapIndex(EXCLUDED);
      const pending = gapIndex(PENDING);
      for (const name of pending.keys())
        assert.ok(!excluded.has(name), `"${name}" is both excluded and pending`);

      const rows = new Map<
        string,
        { models: Set<string>; ours: Set<string>; fields: number; same: number }
      >();
      const row = (module: string) => {
        if (!rows.has(module)) rows.set(module, { models: new Set(), ours: new Set(), fields: 0, same: 0 });
        return rows.get(module)!;
      };
      const failures: string[] = [];
      let excludedCount = 0;
      let pendingCount = 0;
      for (const e of expected) {
        const byModel = row(e.modelModule);
        byModel.models.add(e.model);
        if (served.has(e.model)) byModel.ours.add(e.model);
        const byField = row(e.module);
        byField.fields++;
        const result = status(e);
        if (result === 'same') byField.same++;
        const reason = excludedBy(excluded, e) ?? excludedBy(pending, e);
        if (reason !== undefined) {
          if (excludedBy(excluded, e) !== undefined) excludedCount++;
          else pendingCount++;
          continue;
        }
        if (result === 'missing')
          failures.push(`missing ${e.model}.${e.field} (${e.type} ${e.relation ?? ''})`);
        if (result === 'mistyped') {
          const [type, relation] = served.get(e.model)!.get(e.field)!;
          failures.push(
            `mistyped ${e.model}.${e.field}: ${type} ${relation ?? ''} here, ${e.type} ${e.relation ?? ''} in Tryton`,
          );
        }
      }

      const lines = [`${'module'.padEnd(10)} ${pad('models', 9)} ${pad('fields', 9)} ${pad('same type', 9)}`];
      let totals = { models: 0, ours: 0, fields: 0, same: 0 };
      for (const module of MIRRORED) {
        const r = row(module);
        lines.push(
          `${module.padEnd(10)} ${pad(`${r.ours.size}/${r.models.size}`, 9)} ${pad(`${r.same}/${r.fields}`, 9)} ${pad(`${r.fields ? Math.round((100 * r.same) / r.fields) : 100}%`, 9)}`,
        );
        totals = {
          models: totals.models + r.models.size,
          ours: totals.ours + r.ours.size,
          fields: totals.fields + r.fields,
          same: totals.same + r.same,
        };
      }
      lines.push(
        `${'total'.padEnd(10)} ${pad(`${totals.ours}/${totals.models}`, 9)} ${pad(`${totals.same}/${totals.fields}`, 9)}`,
        `excluded (modules not mirrored): ${excludedCount} fields; pending (not yet implemented): ${pendingCount} fields`,
      );
      console.log(lines.join('\n'));
      assert.deepEqual(
        failures,
        [],
        'fields neither served as Tryton has them nor listed in test/tryton-exclusions.ts',
      );
    });

    it('lists only fields Tryton has and the server lacks (no stale exclusion)', () => {
      const known = new Set(expected.flatMap((e) => [e.model, `${e.model}.${e.field}`]));
      const stale: string[] = [];
      for (const gap of [...EXCLUDED, ...PENDING]) {
        for (const name of gap.fields) {
          if (!known.has(name)) stale.push(`${name}: not a field of the mirrored modules in Tryton`);
          const e = expected.find((x) => `${x.model}.${x.field}` === name);
          if (e && status(e) === 'same')
            stale.push(`${name}: served as Tryton has it, remove it from the list`);
        }
      }
      assert.deepEqual(stale, []);
    });
  },
);
