import { char, datetime, many2one, selection, text } from '../fields';
import { Model } from '../pool/model';
import { Equal, Eval, Not } from '../pyson/pyson';

/**
 * The audit log (Tryton's ir.model.log): who (user, application) did what (create, write, delete or
 * a button; model, record ids, changed fields) and when. Written by a pool listener in the same
 * transaction as the change; readable by administrators, written by nobody through the API.
 */
export class ModelLog extends Model {
  static override __name__ = 'ir.model.log';
  static override description = 'Model Log';
  static override _recName = 'model';
  static override _order: [string, string][] = [
    ['date', 'DESC'],
    ['id', 'DESC'],
  ];
  static override fields = {
    user: many2one('res.user', {
      string: 'User',
      ondelete: 'SET NULL',
      readonly: true,
      states: { required: Not(Equal(Eval('event'), 'transition')) },
    }),
    application: char({ string: 'Application', readonly: true }),
    model: char({ string: 'Model', required: true, select: true, readonly: true }),
    event: selection(
      [
        ['create', 'Created'],
        ['write', 'Modified'],
        ['delete', 'Deleted'],
        ['button', 'Button'],
      ],
      { string: 'Event', required: true, readonly: true },
    ),
    record_ids: text({ string: 'Records', help: 'Comma-separated ids', readonly: true }),
    changed_fields: text({
      string: 'Fields',
      help: 'Comma-separated field names (the button for a button)',
      readonly: true,
    }),
    date: datetime({ string: 'Date', required: true, select: true, readonly: true }),
  };
}
