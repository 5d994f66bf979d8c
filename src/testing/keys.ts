import { createApplicationKey } from '../auth/application-keys';
import { createUser } from '../auth/users';
import type { TestDatabase } from './database';

export { createApplicationKey } from '../auth/application-keys';
export { createUser } from '../auth/users';

/**
 * A user in the given groups (names or XML ids like 'res.group_admin'; none by default) with a
 * validated 'rest' key, created as root and committed; returns the raw key.
 */
export async function apiKey(tdb: TestDatabase, login: string, groups: string[] = []): Promise<string> {
  return tdb.commit(async (env) => {
    await createUser(env, { login, groups });
    return createApplicationKey(env, login, 'rest');
  });
}
