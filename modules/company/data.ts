import type { Env } from '../../src/pool/env';
import { refId } from '../../src/ir/model-data.model';
import { loadReadAllWriteGroup } from '../default-data';

export async function loadCompanyAccess(env: Env): Promise<void> {
  const admin = await refId(env, 'res', 'group_admin');
  await loadReadAllWriteGroup(env, 'company', 'company', 'company.company', admin);
}
