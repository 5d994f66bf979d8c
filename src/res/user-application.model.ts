import { char, many2one, selection } from '../fields';
import { announceSecurityChange } from '../ir/access/security-channel';
import type { Env } from '../pool/env';
import { UserError } from '../pool/errors';
import { Model } from '../pool/model';

/**
 * A consumer's key (Tryton's res.user.application): stored only as a hash, which nobody reads
 * through the API (field access, res module data); the request runs as `user`. State requested ->
 * validated | cancelled, through the `validate_` and `cancel` buttons (administrators). Users see
 * their own applications (record rule), administrators all of them.
 */
export class UserApplication extends Model {
  static override __name__ = 'res.user.application';
  static override description = 'User Application';
  static override _recName = 'application';
  static override _order: [string, string][] = [['id', 'ASC']];
  static override _constraints = [
    { name: 'key_unique', columns: ['key_hash'], message: 'The key must be unique.' },
  ];
  static override _buttons = {
    validate_: { groups: ['res.group_admin'] },
    cancel: { groups: ['res.group_admin'] },
  };
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
      { string: 'State', required: true, default: 'requested', readonly: true },
    ),
  };

  /** Button: a requested key starts working (a cancelled one stays cancelled: ask for a new key). */
  static async validate_(env: Env, ids: number[]): Promise<void> {
    const rows = await env.tx.query('SELECT "id", "state" FROM "res_user_application" WHERE "id" = ANY($1)', [
      ids,
    ]);
    if (rows.some((r) => r.state === 'cancelled')) {
      throw new UserError('A cancelled application cannot be validated again: ask for a new key');
    }
    await this.setState(env, ids, 'validated');
  }

  /** Button: the key stops working at once, on every instance. */
  static async cancel(env: Env, ids: number[]): Promise<void> {
    await this.setState(env, ids, 'cancelled');
    await announceSecurityChange(env.tx, 'keys');
  }

  /** The state is set by the buttons only (the field is read-only to everybody). */
  private static async setState(env: Env, ids: number[], state: string): Promise<void> {
    const root = env.sudo();
    await this.write(root, ids, { state });
  }
}
