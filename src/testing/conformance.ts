import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CORE_MODULES, knownModuleClasses } from '../app.module';
import { loadConfig } from '../config/config';
import { parseDomain } from '../domain/domain';
import { Field, Many2ManyField } from '../fields';
import { dependencyClosure } from '../pool/graph';
import { manifestOf, ModuleClass } from '../pool/manifest';
import type { ModelClass } from '../pool/model';
import { Pool } from '../pool/pool';
import { USAGE_METADATA, UsageContribution, UsageTarget } from '../serialization/usage.decorator';
import { pathTree, validatePaths } from '../storage/reader';
import { setupDatabase } from '../storage/setup';
import { createTestDatabase, TestDatabase } from './database';

/** Values that stand in for a user in a record rule's {"__eval__": ...} when compiling it. */
const SAMPLE_EVAL: Record<string, unknown> = {
  'user.id': 1,
  'user.groups': [1],
  'user.companies': [1],
  'user.company': 1,
};

function substituteEval(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(substituteEval);
  if (value && typeof value === 'object') {
    const expression = (value as { __eval__?: string }).__eval__;
    if (expression !== undefined) {
      assert.ok(expression in SAMPLE_EVAL, `unknown __eval__ "${expression}" in a record rule`);
      return SAMPLE_EVAL[expression];
    }
  }
  return value;
}

/** The fields one layer declares: a model class's own, or what an extension's mixin adds. */
function ownFields(cls: ModelClass): Record<string, Field> {
  return Object.prototype.hasOwnProperty.call(cls, 'fields') ? cls.fields : {};
}

function targetsOf(field: Field): string[] {
  const target = (field as { target?: string }).target;
  const targets = target ? [target] : [];
  if (field instanceof Many2ManyField) targets.push(field.relation);
  return targets;
}

/**
 * The wiring checks every module passes (one line in a test file): relation targets exist and are
 * reachable through its dependencies, extension targets exist, usage contributions name real field
 * paths, buttons and RPC methods are real static methods, and its default data (with its dependencies')
 * loads into a fresh database, loads again (db update), and is valid. Its dependencies are found among
 * the known modules (built-in, MODULE_PATHS) and `options.modules`.
 */
export function describeModule(moduleClass: ModuleClass, options: { modules?: ModuleClass[] } = {}): void {
  const manifest = manifestOf(moduleClass);
  const classes = knownModuleClasses(loadConfig(), [...(options.modules ?? []), moduleClass]);
  const manifests = classes.map(manifestOf);
  const closure = dependencyClosure(manifests, manifest.name);
  const pool = new Pool(manifests, [...closure]);
  /** The module that defines a model (relation models made from a many2many have none). */
  const definer = (model: string) => pool.contributors.get(model)?.[0];
  const reachable = (model: string) =>
    pool.has(model) && (definer(model) === undefined || closure.has(definer(model)!));

  describe(`module ${manifest.name} (conformance)`, () => {
    it('declares only dependencies that exist', () => {
      for (const dep of manifest.depends)
        assert.ok(
          manifests.some((m) => m.name === dep),
          `unknown dependency "${dep}"`,
        );
    });

    it('points its relations at models reachable through its dependencies', () => {
      const layers: [string, ModelClass][] = [
        ...(manifest.models ?? []).map((cls) => [cls.__name__, cls] as [string, ModelClass]),
        ...(manifest.extensions ?? []).map(
          (ext) => [ext.target, ext.mixin(pool.get(ext.target))] as [string, ModelClass],
        ),
      ];
      for (const [model, layer] of layers) {
        for (const [name, field] of Object.entries(ownFields(layer))) {
          for (const target of targetsOf(field)) {
            assert.ok(
              reachable(target),
              `${model}.${name} points to "${target}", not reachable from "${manifest.name}"`,
            );
          }
        }
      }
    });

    it('extends models that exist in its dependencies', () => {
      for (const ext of manifest.extensions ?? []) {
        assert.ok(pool.has(ext.target), `extends unknown model "${ext.target}"`);
        assert.ok(closure.has(definer(ext.target)!), `extends "${ext.target}" outside its dependencies`);
      }
    });

    it('contributes usages that name real field paths', () => {
      const providers = (Reflect.getMetadata('providers', moduleClass) ??
        []) as (new () => UsageContribution)[];
      for (const provider of providers) {
        const target = Reflect.getMetadata(USAGE_METADATA, provider) as UsageTarget | undefined;
        if (!target) continue;
        assert.ok(reachable(target.model), `usage "${target.usage}" on unknown model "${target.model}"`);
        const env = { model: (name: string) => pool.get(name) } as never;
        assert.doesNotThrow(
          () => validatePaths(env, pool.get(target.model), pathTree([...new provider().fields])),
          `usage "${target.usage}" of "${target.model}"`,
        );
      }
    });

    it('names real static methods in its buttons and RPC methods', () => {
      for (const model of pool.all()) {
        if (!pool.contributors.get(model.__name__)?.includes(manifest.name)) continue;
        for (const name of [...Object.keys(model._buttons), ...Object.keys(model._rpc)]) {
          const method = (model as unknown as Record<string, unknown>)[name];
          assert.equal(typeof method, 'function', `${model.__name__}.${name} is not a static method`);
        }
      }
    });

    describe('default data', () => {
      let tdb: TestDatabase;
      const moduleClasses = classes.filter(
        (c) => closure.has(manifestOf(c).name) && !CORE_MODULES.includes(c),
      );
      before(async () => {
        tdb = await createTestDatabase(moduleClasses);
      });
      after(async () => tdb?.drop());

      it('loads again without change (db update)', async () => {
        const count = async () =>
          tdb.rollback(async (env) =>
            Number((await env.tx.query('SELECT COUNT(*) AS "n" FROM "ir_model_data"'))[0].n),
          );
        const before = await count();
        await setupDatabase(tdb.server, tdb.pool, tdb.db);
        assert.equal(await count(), before);
      });

      it('grants access on real models, buttons and groups', async () => {
        await tdb.rollback(async (env) => {
          for (const row of await env.tx.query('SELECT "model" FROM "ir_model_access"')) {
            assert.ok(tdb.pool.has(row.model), `access to unknown model "${row.model}"`);
          }
          for (const row of await env.tx.query('SELECT "model", "name" FROM "ir_model_button"')) {
            const model = tdb.pool.get(row.model);
            assert.ok(
              row.name in model._buttons,
              `ir.model.button "${row.model}.${row.name}" is not a button`,
            );
          }
          for (const model of tdb.pool.all()) {
            for (const [button, spec] of Object.entries(model._buttons)) {
              for (const group of spec.groups ?? []) {
                const [module, fsId] = group.split('.');
                const rows = await env.tx.query(
                  `SELECT 1 FROM "ir_model_data" WHERE "module" = $1 AND "fs_id" = $2 AND "model" = 'res.group'`,
                  [module, fsId],
                );
                assert.ok(rows.length, `button ${model.__name__}.${button} names unknown group "${group}"`);
              }
            }
          }
        });
      });

      it('writes record rules whose domains compile on their models', async () => {
        await tdb.rollback(async (env) => {
          const rules = await env.tx.query(
            'SELECT "g"."model", "r"."domain" FROM "ir_rule" AS "r" JOIN "ir_rule_group" AS "g" ON "g"."id" = "r"."rule_group"',
          );
          for (const rule of rules) {
            const domain = substituteEval(JSON.parse(rule.domain)) as unknown[];
            await tdb.pool.get(rule.model).search(env, parseDomain(domain) as never, { limit: 1 });
          }
        });
      });
    });
  });
}
