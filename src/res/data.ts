import type { Env } from '../pool/env';
import { loadRecord } from '../ir/model-data.model';

/** The Administration group (id 1) and the admin user (id 1); root (id 0) is made by the setup. */
export async function loadUsers(env: Env): Promise<void> {
  const admins = await loadRecord(
    env,
    'res',
    'group_admin',
    'res.group',
    { name: 'Administration' },
    {
      translations: { fr: { name: 'Administration' } },
    },
  );
  await loadRecord(
    env,
    'res',
    'user_admin',
    'res.user',
    { login: 'admin', name: 'Administrator', groups: [['add', [admins]]] },
    { noupdate: true },
  );
}
