import { SelectionField } from '../fields/selection';
import { announceSecurityChange } from '../ir/access/security-channel';
import type { Env } from '../pool/env';
import { UserError } from '../pool/errors';
import { generateKey, hashKey } from './key';

export type ApplicationState = 'requested' | 'validated' | 'cancelled';

export interface ApplicationKeyRow {
  id: number;
  login: string;
  application: string;
  state: ApplicationState;
  created: string;
}

const MODEL = 'res.user.application';

/** The application names modules declared (the selection of res.user.application.application). */
export function applicationNames(env: Env): string[] {
  const field = env.model(MODEL)._fields.application;
  return field instanceof SelectionField ? field.selection.map(([key]) => key) : ['rest'];
}

function checkApplication(env: Env, application: unknown): string {
  const names = applicationNames(env);
  if (typeof application !== 'string' || !names.includes(application)) {
    throw new UserError(`Unknown application "${String(application)}" (known: ${names.join(', ')})`);
  }
  return application;
}

async function userIdOf(env: Env, login: unknown): Promise<number | null> {
  if (typeof login !== 'string' || !login) return null;
  const rows = await env.tx.query('SELECT "id" FROM "res_user" WHERE "login" = $1 AND "active" = TRUE', [
    login,
  ]);
  return rows.length ? (rows[0].id as number) : null;
}

/** A new key for a user; the raw key is returned once and only its hash is stored. */
export async function issueApplicationKey(
  env: Env,
  user: number,
  application: string,
  state: ApplicationState,
): Promise<{ id: number; key: string }> {
  const root = env.sudo();
  const key = generateKey();
  const [id] = await root
    .model(MODEL)
    .create(root, [
      { key_hash: hashKey(key), user, application: checkApplication(root, application), state },
    ]);
  return { id, key };
}

/** For operators (CLI): a key validated at once for the user with that login. */
export async function createApplicationKey(env: Env, login: string, application = 'rest'): Promise<string> {
  const user = await userIdOf(env.sudo(), login);
  if (user === null) throw new UserError(`No active user with login "${login}"`);
  return (await issueApplicationKey(env, user, application, 'validated')).key;
}

/**
 * POST /:db/user/application/: a `requested` key. The same work is done, and the same kind of
 * answer given, whether the login exists or not: for an unknown login the row is inserted for root
 * inside a savepoint that is then rolled back, so neither the body nor the timing tells them apart.
 */
export async function requestApplicationKey(env: Env, login: unknown, application: unknown): Promise<string> {
  const root = env.sudo();
  const name = checkApplication(root, application);
  // One query for both cases: the user, and a stand-in row for the unknown login's throw-away insert.
  const [row] = await root.tx.query(
    `SELECT (SELECT "id" FROM "res_user" WHERE "login" = $1 AND "active" = TRUE) AS "user",
            (SELECT MIN("id") FROM "res_user" WHERE "id" > 0) AS "stand_in"`,
    [typeof login === 'string' ? login : ''],
  );
  const user = (row.user as number | null) ?? null;
  await root.tx.query('SAVEPOINT "user_application_request"');
  const { key } = await issueApplicationKey(root, user ?? (row.stand_in as number), name, 'requested');
  await root.tx.query(
    user === null
      ? 'ROLLBACK TO SAVEPOINT "user_application_request"'
      : 'RELEASE SAVEPOINT "user_application_request"',
  );
  return key;
}

/** DELETE /:db/user/application/: cancels the key if login, key and application match; false otherwise. */
export async function revokeApplicationKey(
  env: Env,
  login: unknown,
  key: unknown,
  application: unknown,
): Promise<boolean> {
  if (typeof key !== 'string' || typeof login !== 'string' || typeof application !== 'string') {
    hashKey(String(key));
    return false;
  }
  const rows = await env.tx.query(
    `SELECT "a"."id" FROM "res_user_application" AS "a" JOIN "res_user" AS "u" ON "u"."id" = "a"."user"
     WHERE "a"."key_hash" = $1 AND "u"."login" = $2 AND "a"."application" = $3 AND "a"."state" <> 'cancelled'`,
    [hashKey(key), login, application],
  );
  if (!rows.length) return false;
  await changeState(
    env,
    rows.map((r) => r.id as number),
    'cancelled',
  );
  return true;
}

/** Validates or cancels keys chosen by raw key or by id; returns how many changed. */
export async function setApplicationKeyState(
  env: Env,
  selector: { key?: string; id?: number },
  state: 'validated' | 'cancelled',
): Promise<number> {
  const where = selector.key !== undefined ? '"key_hash" = $1' : '"id" = $1';
  const param = selector.key !== undefined ? hashKey(selector.key) : selector.id;
  if (param === undefined) throw new UserError('Give the key (--key) or the id (--id) of the application');
  const rows = await env.tx.query(`SELECT "id", "state" FROM "res_user_application" WHERE ${where}`, [param]);
  if (!rows.length) throw new UserError('No such user application');
  if (state === 'validated' && rows.some((r) => r.state === 'cancelled')) {
    throw new UserError('A cancelled application cannot be validated again: create a new key');
  }
  const ids = rows.filter((r) => r.state !== state).map((r) => r.id as number);
  await changeState(env, ids, state);
  return ids.length;
}

async function changeState(env: Env, ids: number[], state: ApplicationState): Promise<void> {
  if (!ids.length) return;
  const root = env.sudo();
  await root.model(MODEL).write(root, ids, { state });
  // Announced here too, not only by the pool listener: a CLI's pool may have no listeners.
  if (state === 'cancelled') await announceSecurityChange(env.tx, 'keys');
}

export async function listApplicationKeys(
  env: Env,
  filter: { login?: string; state?: string } = {},
): Promise<ApplicationKeyRow[]> {
  const rows = await env.tx.query(
    `SELECT "a"."id", "u"."login", "a"."application", "a"."state", "a"."create_date" AS "created"
     FROM "res_user_application" AS "a" JOIN "res_user" AS "u" ON "u"."id" = "a"."user"
     WHERE ($1::varchar IS NULL OR "u"."login" = $1) AND ($2::varchar IS NULL OR "a"."state" = $2)
     ORDER BY "a"."id"`,
    [filter.login ?? null, filter.state ?? null],
  );
  return rows as ApplicationKeyRow[];
}
