import {
  boolean,
  char,
  computed,
  many2one,
  reference,
  ReferenceField,
  selection,
  SelectionField,
} from '../fields';
import type { Env } from '../pool/env';
import { Model, ModelClass } from '../pool/model';
import type { Pool } from '../pool/pool';
import { Equal, Eval, In, Not } from '../pyson/pyson';

/** Tryton's events, as its ir.model.log has them. */
export const LOG_EVENTS: [string, string][] = [
  ['write', 'Modified'],
  ['delete', 'Deleted'],
  ['button', 'Clicked on'],
  ['wizard', 'Launched'],
  ['transition', 'Transitioned to'],
];
const WITH_TARGET = ['write', 'button', 'wizard', 'transition'];

/**
 * The audit log, Tryton's ir.model.log: one row per record and event, with Tryton's fields —
 * `resource` ("model,id", kept after a delete), `event`, `target` (the fields written, sorted and
 * comma-separated; the button; `field:state` of a transition), `user`, `action` (computed) and the
 * row's `create_date`. What this server adds is in extra fields: `application` (the key's
 * application) and `created` (a write that created the record: Tryton logs no creation; here it is
 * an event `write` of the fields given). Written by a pool listener in the same transaction as the
 * change; readable by administrators, written by nobody through the API.
 */
export class ModelLog extends Model {
  static override __name__ = 'ir.model.log';
  static override description = 'Log';
  static override _recName = 'resource';
  static override _order: [string, string][] = [
    ['create_date', 'DESC'],
    ['id', 'DESC'],
  ];
  static override fields = {
    // Every model of the pool, and '' (a log outlives its record): set up below.
    resource: reference([['', '']], { string: 'Resource', select: true, readonly: true }),
    user: many2oneUser(),
    event: selection(LOG_EVENTS, { string: 'Event', required: true, readonly: true }),
    target: char({
      string: 'Target',
      readonly: true,
      states: {
        required: In(Eval('event'), WITH_TARGET),
        invisible: Not(In(Eval('event'), WITH_TARGET)),
      },
    }),
    action: computed(char({ string: 'Action' }), (env, ids) => ModelLog.actions(env, ids), {
      depends: ['resource', 'event', 'target'],
      searcher: (_env, _name, operator, value) => [['target', operator, value]],
    }),
    application: char({ string: 'Application', readonly: true, select: true }),
    created: boolean({ string: 'Created', readonly: true, help: 'The write created the record' }),
  };

  /** Tryton's get_models: the resource may be a record of any model, or none. */
  static override __setup__(pool?: Pool): void {
    super.__setup__(pool);
    if (!pool) return;
    (this._fields.resource as ReferenceField).options.selection = [
      ...pool
        .all()
        .map((m): [string, string] => [m.__name__, m.description || m.__name__])
        .sort((a, b) => a[0].localeCompare(b[0])),
      ['', ''],
    ];
  }

  /** Tryton's get_action: the field labels written, the button, `field : state` of a transition. */
  static async actions(env: Env, ids: number[]): Promise<Map<number, string | null>> {
    const rows = await env.tx.query(
      'SELECT "id", "resource", "event", "target" FROM "ir_model_log" WHERE "id" = ANY($1)',
      [ids],
    );
    const result = new Map<number, string | null>();
    for (const row of rows) {
      const target = (row.target as string | null) ?? null;
      const name = String(row.resource ?? '').split(',')[0];
      const model: ModelClass | null = name && env.pool.has(name) ? env.pool.get(name) : null;
      const label = (field: string) => model?._fields[field]?.string || field;
      let action = target;
      if (model && target) {
        if (row.event === 'write') action = target.split(',').map(label).join(', ');
        else if (row.event === 'transition') {
          const [field, state] = target.split(':');
          const def = model._fields[field];
          const text = def instanceof SelectionField ? def.selection.find(([k]) => k === state)?.[1] : null;
          action = `${label(field)} : ${text ?? state}`;
        }
      }
      result.set(row.id as number, action);
    }
    return result;
  }
}

function many2oneUser() {
  // Tryton: required unless the event is a transition (a workflow step may run as nobody).
  return many2one('res.user', {
    string: 'User',
    ondelete: 'SET NULL',
    readonly: true,
    states: { required: Not(Equal(Eval('event'), 'transition')) },
  });
}
