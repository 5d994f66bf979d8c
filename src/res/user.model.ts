import { randomBytes } from 'node:crypto';
import { boolean, char, datetime, many2many, many2one, one2many, PlainDateTime, text } from '../fields';
import { BadRequestError } from '../pool/errors';
import { hashPassword } from './password';
import type { Env } from '../pool/env';
import { Model } from '../pool/model';
import { Bool, Eval } from '../pyson/pyson';

export class User extends Model {
  static override __name__ = 'res.user';
  static override description = 'User';
  static override _order: [string, string][] = [['name', 'ASC']];
  static override _recName = 'name';
  static override _recNameDepends = ['name', 'login'];
  static override _constraints = [
    { name: 'login_key', columns: ['login'], message: 'You can not have two users with the same login.' },
  ];
  static override _rpc = {
    get_preferences: {
      instance: false,
      readonly: true,
      summary: "the caller's id, name and language",
      parameters: { type: 'object', maxProperties: 0, examples: [{}] },
      result: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          name: { type: ['string', 'null'] },
          language: { type: 'string', description: 'A language code, e.g. "en" or "fr".' },
        },
        required: ['id', 'name', 'language'],
        examples: [{ id: 1, name: 'Administrator', language: 'en' }],
      },
    },
  };
  static override _buttons = {
    reset_password: {
      groups: ['res.group_admin'],
      summary: 'a temporary password, valid one day, for the users (see the reset_password report)',
      parameters: {
        type: 'object',
        properties: { length: { type: 'integer', minimum: 6, maximum: 128, default: 8 } },
        additionalProperties: false,
        examples: [{ length: 12 }],
      },
    },
  };
  static override fields = {
    name: char({ string: 'Name' }),
    login: char({ string: 'Login', required: true }),
    password_hash: char({ string: 'Password Hash' }),
    active: boolean({ string: 'Active', default: true }),
    language: many2one('ir.lang', { string: 'Language' }),
    groups: many2many('res.user-res.group', 'user', 'group', 'res.group', { string: 'Groups' }),
    applications: one2many('res.user.application', 'user', { string: 'Applications' }),
    email: char({ string: 'Email' }),
    signature: text({ string: 'Signature' }),
    password_reset: char({ string: 'Reset Password', states: { invisible: false } }),
    password_reset_expire: datetime({
      string: 'Reset Password Expire',
      states: { invisible: false, required: Bool(Eval('password_reset')) },
    }),
  };

  /** Button: a one-time password (hash stored, valid one day); Tryton e-mails it through its report. */
  static async reset_password(env: Env, ids: number[], kwargs: Record<string, unknown>): Promise<void> {
    const length = kwargs.length ?? 8;
    if (typeof length !== 'number' || !Number.isInteger(length) || length < 6 || length > 128) {
      throw new BadRequestError('length must be an integer between 6 and 128');
    }
    const now = new Date(Date.now() + 86400_000);
    const expire = new PlainDateTime(
      now.getUTCFullYear(),
      now.getUTCMonth() + 1,
      now.getUTCDate(),
      now.getUTCHours(),
      now.getUTCMinutes(),
      now.getUTCSeconds(),
    );
    for (const id of ids) {
      const password = randomBytes(length).toString('base64url').slice(0, length);
      await this.write(env.sudo(), [id], {
        password_reset: await hashPassword(password),
        password_reset_expire: expire,
      });
    }
  }

  /** rec_name = name, or login when the user has no name. */
  static override async getRecName(env: Env, ids: number[]): Promise<Map<number, string>> {
    const rows = await env.tx.query('SELECT "id", "name", "login" FROM "res_user" WHERE "id" = ANY($1)', [
      ids,
    ]);
    return new Map(rows.map((r) => [r.id as number, (r.name as string) || (r.login as string)]));
  }

  static override searchRecName(_env: Env, operator: string, value: unknown) {
    const positive = !operator.startsWith('not') && operator !== '!=';
    return [positive ? 'OR' : 'AND', ['name', operator, value], ['login', operator, value]];
  }

  /** The user's context (language, and what modules add, e.g. company). */
  static async get_preferences(env: Env): Promise<Record<string, unknown>> {
    const rows = await env.tx.query(
      'SELECT "u"."id", "u"."name", "l"."code" AS "language" FROM "res_user" AS "u" LEFT JOIN "ir_lang" AS "l" ON "l"."id" = "u"."language" WHERE "u"."id" = $1',
      [env.user],
    );
    const row = rows[0] ?? {};
    return { id: env.user, name: row.name ?? null, language: row.language ?? 'en' };
  }
}
