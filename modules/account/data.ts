import type { Env } from 'nest-tryton';
import { loadGroup, loadReadAllWriteGroup } from '../default-data';

export async function loadAccountAccess(env: Env): Promise<void> {
  const admin = await loadGroup(
    env,
    'account',
    'group_account_admin',
    'Account Administration',
    'Administration de la comptabilité',
  );
  await loadReadAllWriteGroup(env, 'account', 'tax', 'account.tax', admin);
}
