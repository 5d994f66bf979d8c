import { Many2OneField } from '../fields/many2one';
import { One2ManyField } from '../fields/one2many';
import { Env } from '../pool/env';
import type { ModelClass } from '../pool/model';
import type { Pool } from '../pool/pool';

/**
 * pyDAL's reverse form `<field>.<model>` ("rows of <model> whose <field> points here") as a field
 * the domain compiler already understands: a one2many. Each model is seen through a view that adds
 * one such virtual field per many2one of a plain-named model pointing at it, named after the form
 * itself (`superhero.tag`). Views live in a pool view, so the compiler finds them at every depth;
 * the shared models are never touched.
 */
const VIEW = Symbol('restapi:view');
const pools = new WeakMap<Pool, Pool>();

export function reverseFieldName(linkField: string, model: string): string {
  return `${linkField}.${model}`;
}

/** The same request (transaction, user, access, context) with models seen through their views. */
export function withReverseFields(env: Env): Env {
  return new Env(viewPool(env.pool), env.tx, env.user, env.context, env.access, env.application, env);
}

function viewPool(pool: Pool): Pool {
  if ((pool as unknown as Record<symbol, boolean>)[VIEW]) return pool;
  let view = pools.get(pool);
  if (!view) {
    const models = new Map<string, ModelClass>();
    const get = (name: string): ModelClass => {
      let model = models.get(name);
      if (!model) models.set(name, (model = viewOf(pool, pool.get(name))));
      return model;
    };
    view = Object.create(pool, { get: { value: get }, [VIEW]: { value: true } }) as Pool;
    pools.set(pool, view);
  }
  return view;
}

function viewOf(pool: Pool, model: ModelClass): ModelClass {
  const fields = { ...model._fields };
  for (const other of pool.all()) {
    if (other._internal || other.__name__.includes('.')) continue;
    for (const link of Object.values(other._fields)) {
      if (!(link instanceof Many2OneField) || link.target !== model.__name__) continue;
      if (link.name === 'create_uid' || link.name === 'write_uid') continue;
      const reverse = new One2ManyField(other.__name__, link.name, {});
      reverse.name = reverseFieldName(link.name, other.__name__);
      reverse.modelName = model.__name__;
      fields[reverse.name] = reverse;
    }
  }
  const View = class extends model {};
  Object.defineProperty(View, 'name', { value: model.name });
  View._fields = fields;
  return View;
}
