import { refId } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { loadReadAllWriteGroup } from '../default-data';

export async function loadCompanyAccess(env: Env): Promise<void> {
  const admin = await refId(env, 'res', 'group_admin');
  await loadReadAllWriteGroup(env, 'company', 'company', 'company.company', admin);
  await loadReadAllWriteGroup(env, 'company', 'employee', 'company.employee', admin);
}
