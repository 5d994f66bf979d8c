import type { Env } from '../pool/env';
import { UserError } from '../pool/errors';

/** Group ids from names or XML ids (`res.group_admin`); an unknown one is an error. */
export async function resolveGroups(env: Env, refs: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const ref of refs) {
    const dot = ref.indexOf('.');
    const byRef =
      dot > 0
        ? await env.tx.query(
            `SELECT "db_id" AS "id" FROM "ir_model_data" WHERE "model" = 'res.group' AND "module" = $1 AND "fs_id" = $2`,
            [ref.slice(0, dot), ref.slice(dot + 1)],
          )
        : [];
    const rows = byRef.length
      ? byRef
      : await env.tx.query('SELECT "id" FROM "res_group" WHERE "name" = $1', [ref]);
    if (!rows.length) throw new UserError(`Unknown group "${ref}"`);
    ids.push(rows[0].id as number);
  }
  return ids;
}

export interface NewUser {
  login: string;
  name?: string;
  /** Group names or XML ids; none unless told. */
  groups?: string[];
}

/** Creates a user (as root), in the given groups only. */
export async function createUser(env: Env, user: NewUser): Promise<number> {
  const root = env.sudo();
  const groups = await resolveGroups(root, user.groups ?? []);
  const [id] = await root
    .model('res.user')
    .create(root, [
      { login: user.login, name: user.name ?? user.login, groups: groups.length ? [['add', groups]] : [] },
    ]);
  return id;
}
