import { boolean, char, many2one, text } from '../fields';
import { Model } from '../pool/model';

/**
 * Model access (Tryton's ir.model.access): no entry for a model -> allowed; otherwise allowed if any
 * entry that applies to the user (group none = everyone, or one of the user's groups) grants it.
 */
export class ModelAccess extends Model {
  static override __name__ = 'ir.model.access';
  static override description = 'Model Access';
  static override _recName = 'model';
  static override fields = {
    model: char({ string: 'Model', required: true, select: true }),
    group: many2one('res.group', { string: 'Group', ondelete: 'CASCADE' }),
    perm_read: boolean({ string: 'Read Access', default: false }),
    perm_write: boolean({ string: 'Write Access', default: false }),
    perm_create: boolean({ string: 'Create Access', default: false }),
    perm_delete: boolean({ string: 'Delete Access', default: false }),
    description: text({ string: 'Description' }),
  };
}

/** Field access (Tryton's ir.model.field.access): the same rule, per field. */
export class ModelFieldAccess extends Model {
  static override __name__ = 'ir.model.field.access';
  static override description = 'Model Field Access';
  static override _recName = 'field';
  static override fields = {
    model: char({ string: 'Model', required: true, select: true }),
    field: char({ string: 'Field', required: true }),
    group: many2one('res.group', { string: 'Group', ondelete: 'CASCADE' }),
    perm_read: boolean({ string: 'Read Access', default: false }),
    perm_write: boolean({ string: 'Write Access', default: false }),
    description: text({ string: 'Description' }),
  };
}
