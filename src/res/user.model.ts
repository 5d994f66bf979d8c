import { boolean, char, many2many, many2one } from '../fields';
import type { Env } from '../pool/env';
import { Model } from '../pool/model';

export class User extends Model {
  static override __name__ = 'res.user';
  static override description = 'User';
  static override _order: [string, string][] = [['name', 'ASC']];
  static override _recName = 'name';
  static override _constraints = [
    { name: 'login_key', columns: ['login'], message: 'You can not have two users with the same login.' },
  ];
  static override _rpc = { get_preferences: { instance: false, readonly: true } };
  static override fields = {
    name: char({ string: 'Name' }),
    login: char({ string: 'Login', required: true }),
    password_hash: char({ string: 'Password Hash' }),
    active: boolean({ string: 'Active', default: true }),
    language: many2one('ir.lang', { string: 'Language' }),
    groups: many2many('res.user-res.group', 'user', 'group', 'res.group', { string: 'Groups' }),
  };

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
