import { boolean, char, many2one, one2many, text } from '../fields';
import { Model } from '../pool/model';
import { Bool, Eval } from '../pyson/pyson';

/** Tryton: what a module defines is not edited by hand. */
const fromModule = { readonly: Bool(Eval('module')) };

/** Read-only introspection of the registered models (rows kept in step by `db update`). */
export class IrModel extends Model {
  static override __name__ = 'ir.model';
  static override description = 'Model';
  static override _recName = 'name';
  static override _order: [string, string][] = [['model', 'ASC']];
  static override _constraints = [
    { name: 'model_uniq', columns: ['model'], message: 'The model must be unique.' },
  ];
  static override fields = {
    model: char({ string: 'Model Name', required: true, readonly: true }),
    name: char({ string: 'Model Description', readonly: true, states: fromModule }),
    module: char({ string: 'Module', readonly: true }),
    info: text({ string: 'Information', readonly: true }),
    fields: one2many('ir.model.field', 'model', { string: 'Fields', readonly: true }),
  };
}

export class IrModelField extends Model {
  static override __name__ = 'ir.model.field';
  static override description = 'Model field';
  static override _order: [string, string][] = [['name', 'ASC']];
  static override _constraints = [
    {
      name: 'name_model_uniq',
      columns: ['name', 'model'],
      message: 'The field name must be unique per model.',
    },
  ];
  static override fields = {
    model: many2one('ir.model', {
      string: 'Model',
      required: true,
      ondelete: 'CASCADE',
      readonly: true,
      states: fromModule,
    }),
    name: char({ string: 'Name', required: true, readonly: true, states: fromModule }),
    field_description: char({ string: 'Field Description', readonly: true }),
    ttype: char({ string: 'Field Type', readonly: true, states: fromModule }),
    relation: char({ string: 'Model Relation', readonly: true, states: fromModule }),
    required: boolean({ string: 'Required', readonly: true }),
    readonly: boolean({ string: 'Readonly', readonly: true }),
    translate: boolean({ string: 'Translate', readonly: true }),
    module: char({ string: 'Module', readonly: true }),
  };
}
