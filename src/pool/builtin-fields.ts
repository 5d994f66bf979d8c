import { Field } from '../fields/field';
import { char } from '../fields/char';
import { integer } from '../fields/integer';
import { datetime } from '../fields/datetime';
import { many2one } from '../fields/many2one';
import { computed } from '../fields/computed';

/** Fields every model has (Tryton's ModelSQL columns, rec_name, and xml_id: the record's default-data id). */
export function builtinFields(): Record<string, Field> {
  return {
    id: integer({ string: 'ID', readonly: true }),
    create_uid: many2one('res.user', { string: 'Create User', readonly: true, ondelete: 'SET NULL' }),
    create_date: datetime({ string: 'Created at', readonly: true, timestamp: true }),
    write_uid: many2one('res.user', { string: 'Edited by', readonly: true, ondelete: 'SET NULL' }),
    write_date: datetime({ string: 'Edited at', readonly: true, timestamp: true }),
    rec_name: computed(
      char({ string: 'Record Name' }),
      (env, ids, _name, model) => model.getRecName(env, ids),
      {
        // set per model at boot (checkDepends): _recNameDepends, or _recName
        depends: [],
        searcher: (env, _name, operator, value, model) => model.searchRecName(env, operator, value),
      },
    ),
    xml_id: computed(
      char({ string: 'XML ID' }),
      async (env, ids, _name, model) => {
        const rows = await env.tx.query(
          'SELECT "db_id", "module", "fs_id" FROM "ir_model_data" WHERE "model" = $1 AND "db_id" = ANY($2)',
          [model.__name__, ids],
        );
        return new Map(rows.map((r) => [r.db_id as number, `${r.module as string}.${r.fs_id as string}`]));
      },
      {
        // the record's own XML id (ir.model.data is internal: no path to it)
        depends: [],
      },
    ),
  };
}
