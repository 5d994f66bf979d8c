import { boolean, char, computed, many2one, one2many, text } from '../fields';
import type { Env } from '../pool/env';
import { Model } from '../pool/model';
import { Bool, Eval, Not } from '../pyson/pyson';

/** Tryton: what a module defines is not edited by hand. */
const fromModule = { readonly: Bool(Eval('module')) };

/** Tryton's `module_ref`: the ir.module named by the row's `module`. */
const moduleRef = () =>
  computed(
    many2one('ir.module', { string: 'Module', readonly: true }),
    async (env: Env, ids: number[], _name, model) => {
      const rows = await env.tx.query(
        `SELECT "r"."id", "m"."id" AS "module" FROM "${model._table}" AS "r"
         LEFT JOIN "ir_module" AS "m" ON "m"."name" = "r"."module" WHERE "r"."id" = ANY($1)`,
        [ids],
      );
      return new Map(rows.map((r) => [r.id as number, (r.module as number | null) ?? null]));
    },
    {
      depends: ['module'],
      // `module_ref` = 3, `module_ref` ilike 'sal%' (its rec_name), or a clause of its own fields.
      searcher: async (env, name, operator, value) => {
        const path = name.split('.').slice(1).join('.');
        const field = path || (typeof value === 'string' || value === null ? 'rec_name' : 'id');
        const Module = env.model('ir.module');
        const ids = await Module.search(env, [[field, operator, value]] as never);
        const names = (await Module.read(env, ids, ['name'])).map((r) => r.name as string);
        return [['module', 'in', names]];
      },
    },
  );

/**
 * Read-only introspection of the registered models (rows kept in step by `db update`), with
 * Tryton's fields: `name` the technical name (`party.party`), `string` the label.
 */
export class IrModel extends Model {
  static override __name__ = 'ir.model';
  static override description = 'Model';
  static override _recName = 'string';
  static override _order: [string, string][] = [
    ['name', 'ASC'],
    ['id', 'ASC'],
  ];
  static override _constraints = [
    { name: 'name_uniq', columns: ['name'], message: 'The model must be unique.' },
  ];
  static override fields = {
    string: char({ string: 'String', translate: true, states: fromModule }),
    name: char({ string: 'Name', required: true, states: fromModule }),
    module: char({ string: 'Module', readonly: true }),
    module_ref: moduleRef(),
    global_search_p: boolean({ string: 'Global Search' }),
    fields: one2many('ir.model.field', 'model_ref', { string: 'Fields' }),
  };
}

/** The fields of the registered models, Tryton's shape: `model` the model's name, `string` the label. */
export class IrModelField extends Model {
  static override __name__ = 'ir.model.field';
  static override description = 'Model field';
  static override _recName = 'string';
  static override _recNameDepends = ['string', 'name'];
  static override _order: [string, string][] = [
    ['name', 'ASC'],
    ['id', 'ASC'],
  ];
  static override _constraints = [
    {
      name: 'name_model_uniq',
      columns: ['name', 'model'],
      message: 'The field name must be unique per model.',
    },
  ];
  static override fields = {
    model_ref: many2one('ir.model', { string: 'Model', required: true, ondelete: 'CASCADE' }),
    model: char({ string: 'Model', required: true, states: fromModule }),
    name: char({ string: 'Name', required: true, states: fromModule }),
    relation: char({ string: 'Model Relation', states: fromModule }),
    string: char({ string: 'String', translate: true, states: fromModule }),
    ttype: char({ string: 'Field Type', states: fromModule }),
    help: text({ string: 'Help', translate: true, states: fromModule }),
    module: char({ string: 'Module', readonly: true }),
    module_ref: moduleRef(),
    access: boolean({
      string: 'Access',
      help: 'If checked, the access right on the model of the field is also tested against the relation of the field.',
      states: { invisible: Not(Bool(Eval('relation'))) },
    }),
  };

  /** Tryton's: the label and the name, `Created at (create_date)`. */
  static override async getRecName(env: Env, ids: number[]): Promise<Map<number, string>> {
    const rows = await this.read(env, ids, ['string', 'name']);
    return new Map(rows.map((r) => [r.id as number, `${String(r.string ?? '')} (${String(r.name)})`]));
  }
}
