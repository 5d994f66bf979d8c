import { loadRecord, refId } from 'nest-tryton';
import type { Env } from 'nest-tryton';

export interface Permissions {
  read?: boolean;
  write?: boolean;
  create?: boolean;
  delete?: boolean;
}

const ALL: Permissions = { read: true, write: true, create: true, delete: true };
const READ: Permissions = { read: true };

/** One ir.model.access row (Tryton's access_* records); `group` null applies to every user. */
export async function loadModelAccess(
  env: Env,
  module: string,
  fsId: string,
  model: string,
  group: number | null,
  perms: Permissions,
): Promise<number> {
  return loadRecord(env, module, fsId, 'ir.model.access', {
    model,
    group,
    perm_read: !!perms.read,
    perm_write: !!perms.write,
    perm_create: !!perms.create,
    perm_delete: !!perms.delete,
  });
}

/**
 * The common Tryton pattern for master data: everyone reads, the admin group changes it. `suffix`
 * names the records (access_<suffix>, access_<suffix>_admin).
 */
export async function loadReadAllWriteGroup(
  env: Env,
  module: string,
  suffix: string,
  model: string,
  adminGroup: number,
): Promise<void> {
  await loadModelAccess(env, module, `access_${suffix}`, model, null, READ);
  await loadModelAccess(env, module, `access_${suffix}_admin`, model, adminGroup, ALL);
}

/** A group of the module, translated, with the admin user as a member (as Tryton's data files do). */
export async function loadGroup(
  env: Env,
  module: string,
  fsId: string,
  name: string,
  fr: string,
  parent: number | null = null,
): Promise<number> {
  const id = await loadRecord(
    env,
    module,
    fsId,
    'res.group',
    { name, parent },
    { translations: { fr: { name: fr } } },
  );
  const admin = await refId(env, 'res', 'user_admin');
  await env
    .sudo()
    .model('res.user')
    .write(env.sudo(), [admin], { groups: [['add', [id]]] });
  return id;
}

export { ALL, READ };
