import { char, many2one, selection } from '../fields';
import { Model } from '../pool/model';

/**
 * A consumer's key (Tryton's res.user.application): stored only as a hash; the request runs as
 * `user`. State requested -> validated | cancelled. Root-only: never reachable through the API.
 */
export class UserApplication extends Model {
  static override __name__ = 'res.user.application';
  static override description = 'User Application';
  static override _internal = true;
  static override _recName = 'application';
  static override _constraints = [
    { name: 'key_unique', columns: ['key_hash'], message: 'The key must be unique.' },
  ];
  static override fields = {
    key_hash: char({ string: 'Key Hash', required: true }),
    user: many2one('res.user', { string: 'User', required: true, ondelete: 'CASCADE' }),
    application: selection([['rest', 'REST']], { string: 'Application', required: true, default: 'rest' }),
    state: selection(
      [
        ['requested', 'Requested'],
        ['validated', 'Validated'],
        ['cancelled', 'Cancelled'],
      ],
      { string: 'State', required: true, default: 'requested' },
    ),
  };
}
