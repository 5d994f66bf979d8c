import { Field } from '../fields/field';
import { char } from '../fields/char';
import { integer } from '../fields/integer';
import { datetime } from '../fields/datetime';
import { many2one } from '../fields/many2one';
import { computed } from '../fields/computed';

/** Fields every model has (Tryton's ModelSQL columns and rec_name). */
export function builtinFields(): Record<string, Field> {
  return {
    id: integer({ string: 'ID', readonly: true }),
    create_uid: many2one('res.user', { string: 'Create User', readonly: true, ondelete: 'SET NULL' }),
    create_date: datetime({ string: 'Created at', readonly: true }),
    write_uid: many2one('res.user', { string: 'Edited by', readonly: true, ondelete: 'SET NULL' }),
    write_date: datetime({ string: 'Edited at', readonly: true }),
    rec_name: computed(
      char({ string: 'Record Name' }),
      (env, ids, _name, model) => model.getRecName(env, ids),
      { searcher: (env, _name, operator, value, model) => model.searchRecName(env, operator, value) },
    ),
  };
}
