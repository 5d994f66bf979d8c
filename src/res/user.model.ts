import { randomInt, timingSafeEqual } from 'node:crypto';
import { boolean, char, datetime, many2many, many2one, one2many, PlainDateTime, text } from '../fields';
import { BadRequestError } from '../pool/errors';
import { checkPassword, hashPassword } from './password';
import type { Env } from '../pool/env';
import { Model } from '../pool/model';
import { Bool, Eval } from '../pyson/pyson';

/** Tryton's default `[password] length`: the shortest temporary password reset_password makes. */
export const PASSWORD_LENGTH = 8;
const MAX_PASSWORD_LENGTH = 128;
/** Tryton's default `[password] reset_timeout`: a temporary password is valid one day. */
export const RESET_TIMEOUT = 24 * 60 * 60;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Tryton's gen_password: `length` letters and digits, drawn uniformly by a CSPRNG. */
function genPassword(length: number): string {
  let password = '';
  for (let i = 0; i < length; i++) password += ALPHABET[randomInt(ALPHABET.length)];
  return password;
}

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
      summary:
        'a temporary password of `length` characters (at least 8), valid one day, for the users; their password is cleared (see the email_reset_password report)',
      parameters: {
        type: 'object',
        properties: {
          length: { type: 'integer', minimum: 1, maximum: MAX_PASSWORD_LENGTH, default: PASSWORD_LENGTH },
        },
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
      timestamp: true,
      states: { invisible: false, required: Bool(Eval('password_reset')) },
    }),
  };

  /**
   * Button (Tryton's `reset_password`): a temporary password of `length` letters and digits (never
   * fewer than Tryton's default `[password] length`, 8) stored as such in `password_reset`, valid
   * RESET_TIMEOUT seconds (`password_reset_expire`); the password itself is cleared. The
   * email_reset_password report shows the temporary password; `getLogin` accepts it until it expires.
   */
  static async reset_password(env: Env, ids: number[], kwargs: Record<string, unknown>): Promise<void> {
    const asked = kwargs.length ?? PASSWORD_LENGTH;
    if (typeof asked !== 'number' || !Number.isInteger(asked) || asked < 1 || asked > MAX_PASSWORD_LENGTH) {
      throw new BadRequestError(`length must be an integer between 1 and ${MAX_PASSWORD_LENGTH}`);
    }
    const length = Math.max(asked, PASSWORD_LENGTH);
    const expire = PlainDateTime.fromDate(new Date(Date.now() + RESET_TIMEOUT * 1000));
    for (const id of ids) {
      await this.write(env.sudo(), [id], {
        password_reset: genPassword(length),
        password_reset_expire: expire,
        password_hash: null,
      });
    }
  }

  /**
   * Tryton's `get_login` for a password: the id of the active user with that login whose password
   * matches, or whose temporary password (reset_password) matches and has not expired; otherwise null.
   */
  static async getLogin(env: Env, login: string, password: string): Promise<number | null> {
    const [row] = await env.tx.query(
      `SELECT "id", "password_hash",
              CASE WHEN "password_reset_expire" > (CURRENT_TIMESTAMP AT TIME ZONE 'UTC') THEN "password_reset" END AS "password_reset"
       FROM "res_user" WHERE "login" = $1 AND "active" = TRUE AND "id" > 0`,
      [login],
    );
    if (!row || !password) return null;
    if (row.password_hash && (await checkPassword(password, row.password_hash as string)))
      return row.id as number;
    const reset = row.password_reset as string | null;
    if (
      reset &&
      reset.length === password.length &&
      timingSafeEqual(Buffer.from(reset), Buffer.from(password))
    ) {
      return row.id as number;
    }
    return null;
  }

  /** Tryton's password setter: stores the hash and clears any temporary password. */
  static async setPassword(env: Env, ids: number[], password: string): Promise<void> {
    if (!password) throw new BadRequestError('The password must not be empty');
    const root = env.sudo();
    await root.model('res.user').write(root, ids, {
      password_hash: await hashPassword(password),
      password_reset: null,
      password_reset_expire: null,
    });
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
