import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BUSINESS_MODULES } from '../../modules';
import { TrytonAccessControl } from '../../src/ir/access/tryton-access-control';
import { refId } from '../../src/ir/model-data.model';
import { Env } from '../../src/pool/env';
import type { ModelClass } from '../../src/pool/model';
import { evalNames, evaluate, PysonEnv, stateRule, truthy } from '../../src/pyson';
import { createTestApp, TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { apiKey } from '../support/keys';
import {
  loadTrytonModels,
  MIRRORED_MODULES,
  SKIP_REASON,
  TrytonModel,
  withoutDeactivable,
} from './tryton-models';

/** Types whose values a GET answers and a PUT takes back as they are. */
const ROUND_TRIP = new Set([
  'char',
  'text',
  'integer',
  'float',
  'numeric',
  'boolean',
  'date',
  'datetime',
  'timestamp',
  'time',
  'timedelta',
  'selection',
  'multiselection',
  'many2one',
  'one2many',
  'many2many',
  'reference',
]);
const SALE_STATES = ['draft', 'quotation', 'confirmed', 'processing', 'done', 'cancelled'];

interface Candidate {
  model: string;
  field: string;
  type: string;
  /** Tryton's rule, reduced to what reads the record's state (the part field-states enforces). */
  rule: unknown;
  names: string[];
}

/**
 * Every field of a mirrored model (one that exists here, written through the API by an
 * administrator) whose `readonly` rule in Tryton's models.json reads the record's state.
 */
function candidates(reference: Record<string, TrytonModel>, models: ModelClass[]): Candidate[] {
  const out: Candidate[] = [];
  for (const model of models) {
    const tryton = reference[model.__name__];
    if (!tryton || !MIRRORED_MODULES.has(tryton.__module__) || model._tableQuery || model._internal) continue;
    for (const [name, field] of Object.entries(tryton.fields)) {
      const ours = model._fields[name];
      if (!ours || field.readonly || ours.readonly || !ROUND_TRIP.has(field.type)) continue;
      const states = 'active' in model._fields ? field.states : withoutDeactivable(field.states);
      const rule = states?.readonly ? stateRule(states.readonly) : null;
      if (rule === null) continue;
      out.push({ model: model.__name__, field: name, type: field.type, rule, names: [...evalNames(rule)] });
    }
  }
  return out;
}

/** The value written where the field is read-only: another value when one is plain to make. */
function changed(type: string, value: unknown): unknown {
  switch (type) {
    case 'char':
    case 'text':
      return `${typeof value === 'string' ? value : ''}x`;
    case 'integer':
    case 'float':
      return (typeof value === 'number' ? value : 0) + 1;
    case 'boolean':
      return !value;
    default:
      return same(type, value);
  }
}

/** The value as a PUT takes it back: x2many ids as an `add` action. */
function same(type: string, value: unknown): unknown {
  if (type === 'one2many' || type === 'many2many') return [['add', (value as number[]) ?? []]];
  return value ?? null;
}

const models = loadTrytonModels();

/**
 * Tryton's read-only states on API writes, generated from models.json: for every (model, field,
 * state) where Tryton's rule reads the state, a PUT answers 400 naming the field and the state and
 * leaves the record as it was when the rule says read-only, and succeeds when it does not.
 */
describe(
  'read-only states, for every field and state of models.json',
  { skip: models ? false : SKIP_REASON },
  () => {
    let tdb: TestDatabase;
    let sut: TestApp;
    let auth: { Authorization: string };
    let cases: Candidate[] = [];
    /** (model) -> the records to write: one per state the rules read. */
    const records = new Map<string, { id: number; values: PysonEnv; state: string }[]>();

    before(async () => {
      tdb = await createTestDatabase(BUSINESS_MODULES, 'small');
      auth = { Authorization: `Bearer ${await apiKey(tdb, 'states_admin', ['res.group_admin'])}` };
      const admin = await tdb.commit(
        async (env) => (await env.model('res.user').search(env, [['login', '=', 'states_admin']]))[0],
      );
      // In every group: the cases are what the rules refuse, not what access rights do.
      await tdb.commit(async (root) => {
        // Not the storefront's: its record rule narrows sales to those of web shops.
        const storefront = await refId(root, 'web_shop', 'group_storefront');
        const groups = await root.model('res.group').search(root, [['id', '!=', storefront]]);
        const companies = await root.model('company.company').search(root, []);
        await root.model('res.user').write(root, [admin], {
          groups: [['add', groups]],
          companies: [['add', companies]],
          company: companies[0],
        });
      });
      const access = new TrytonAccessControl();
      cases = await tdb.commit(async (root) => {
        const asAdmin = new Env(root.pool, root.tx, admin, { language: 'en' }, access, 'rest');
        const all = candidates(models!, root.pool.all());
        const writable: Candidate[] = [];
        for (const c of all) {
          const model = root.model(c.model);
          if (!(await access.canModel(asAdmin, model, 'write'))) continue;
          if ((await access.deniedFields(asAdmin, model, 'write')).has(c.field)) continue;
          writable.push(c);
        }
        // A sale in each of Tryton's states (processing is never reached without shipments: set it).
        const Sale = root.model('sale.sale');
        let sales = await Sale.search(root, [], { order: [['id', 'ASC']] });
        if (sales.length < SALE_STATES.length) {
          sales = [...sales, ...(await Sale.copy(root, sales.slice(0, SALE_STATES.length - sales.length)))];
        }
        for (const [i, state] of SALE_STATES.entries()) {
          await root.tx.query('UPDATE "sale_sale" SET "state" = $1 WHERE "id" = $2', [state, sales[i]]);
        }
        // A record of each deactivable model in each state: an active one and an inactive one.
        await root.model('res.user').create(root, [{ login: 'states_spare', name: 'Spare' }]);
        for (const name of new Set(writable.map((c) => c.model))) {
          const model = root.model(name);
          if (!('active' in model._fields)) continue;
          const inactive = await model.search(
            root,
            [
              ['active', '=', false],
              ['id', '>', 0],
            ],
            { limit: 1 },
          );
          if (inactive.length) continue;
          const [last] = await model.search(root, [['id', '!=', admin]], {
            order: [['id', 'DESC']],
            limit: 1,
          });
          if (last) await model.write(root, [last], { active: false });
        }
        return writable;
      });
      // The records, and the state each shows the rules (the values of the names they read).
      for (const name of new Set(cases.map((c) => c.model))) {
        const model = tdb.pool.get(name);
        const names = [...new Set(cases.filter((c) => c.model === name).flatMap((c) => c.names))];
        const fields = names.filter((n) => n in model._fields);
        const rows = await tdb.rollback(async (root) => {
          // Root (res.user 0) is nobody's to write.
          const domain = [
            ['id', '>', 0],
            ...('active' in model._fields ? [['OR', ['active', '=', true], ['active', '=', false]]] : []),
          ];
          const ids = await model.search(root, domain, { order: [['id', 'ASC']] });
          return model.read(root, ids, fields);
        });
        const byState = new Map<string, { id: number; values: PysonEnv; state: string }>();
        for (const row of rows) {
          const values: PysonEnv = { id: row.id };
          for (const n of names) values[n] = n in row ? row[n] : null;
          const state = names.map((n) => `${n}: ${JSON.stringify(values[n])}`).join(', ');
          if (!byState.has(state)) byState.set(state, { id: row.id as number, values, state });
        }
        records.set(name, [...byState.values()]);
      }
      sut = await createTestApp(tdb, BUSINESS_MODULES);
    });
    after(async () => {
      await sut?.close();
      await tdb?.drop();
    });

    it('refuses a write in a read-only state with 400 naming field and state, record unchanged; accepts it otherwise', async () => {
      const url = (model: string, id: number) => `/${tdb.db}/rest/model/${model}/${id}`;
      // As in Tryton, a PUT finds its record with a search: an inactive one under active_test false.
      const headers = {
        ...auth,
        'X-Tryton-Context': Buffer.from(JSON.stringify({ active_test: false, company: 1 })).toString(
          'base64url',
        ),
      };
      const failures: string[] = [];
      let count = 0;
      const seen = { readonly: 0, writable: 0 };
      for (const [name, targets] of records) {
        const fields = cases.filter((c) => c.model === name);
        for (const target of targets) {
          const query = fields.map((c) => `f=${c.field}`).join('&');
          const before = await sut
            .http()
            .get(`${url(name, target.id)}?${query}`)
            .set(headers);
          assert.equal(before.status, 200, `${name}/${target.id}: ${before.text}`);
          for (const c of fields) {
            count++;
            const readonly = truthy(evaluate(c.rule, target.values));
            const value = readonly
              ? changed(c.type, before.body[c.field])
              : same(c.type, before.body[c.field]);
            const answer = await sut
              .http()
              .put(url(name, target.id))
              .set(headers)
              .send({ [c.field]: value });
            const where = `${name}.${c.field} in ${target.state} (${readonly ? 'read-only' : 'writable'})`;
            if (readonly) {
              seen.readonly++;
              const message = String(answer.body?.message ?? answer.text);
              if (
                answer.status !== 400 ||
                !message.includes(`(${c.field})`) ||
                !message.includes('read-only in this state')
              ) {
                failures.push(`${where}: ${answer.status} ${answer.text}`);
              }
            } else {
              seen.writable++;
              if (answer.status !== 200) failures.push(`${where}: ${answer.status} ${answer.text}`);
            }
          }
          if (fields.some((c) => truthy(evaluate(c.rule, target.values)))) {
            const after = await sut
              .http()
              .get(`${url(name, target.id)}?${query}`)
              .set(headers);
            const drift = fields
              .filter((c) => truthy(evaluate(c.rule, target.values)))
              .filter((c) => JSON.stringify(after.body[c.field]) !== JSON.stringify(before.body[c.field]));
            for (const c of drift)
              failures.push(`${name}.${c.field} changed in ${target.state} although refused`);
          }
        }
      }
      console.log(
        `read-only states: ${count} (model, field, state) cases over ${cases.length} fields of ${records.size} models: ${seen.readonly} read-only, ${seen.writable} writable`,
      );
      assert.deepEqual(failures, []);
      // Both sides are exercised, and the sale workflow in every one of Tryton's states.
      assert.ok(seen.readonly > 50 && seen.writable > 50, JSON.stringify(seen));
      const saleStates = new Set((records.get('sale.sale') ?? []).map((r) => r.values.state));
      assert.deepEqual([...saleStates].sort(), [...SALE_STATES].sort());
      const lineStates = new Set((records.get('sale.line') ?? []).map((r) => r.values.sale_state));
      assert.deepEqual([...lineStates].sort(), [...SALE_STATES].sort());
    });
  },
);
