import type { Env } from '../../pool/env';
import { refId, loadRecord } from '../model-data.model';

export interface Perms {
  read?: boolean;
  write?: boolean;
  create?: boolean;
  delete?: boolean;
}

export const READ_ONLY: Perms = { read: true };
export const ALL: Perms = { read: true, write: true, create: true, delete: true };

/**
 * An ir.model.access entry as default data (`db create` / `db update`): for a group given by XML id
 * (`res.group_admin`), or for everybody (null). Loading it again brings it back to these values.
 */
export async function loadModelAccess(
  env: Env,
  module: string,
  fsId: string,
  model: string,
  group: string | null,
  perms: Perms,
): Promise<number> {
  return loadRecord(env, module, fsId, 'ir.model.access', {
    model,
    group: group === null ? null : await groupRef(env, group),
    perm_read: !!perms.read,
    perm_write: !!perms.write,
    perm_create: !!perms.create,
    perm_delete: !!perms.delete,
  });
}

/** An ir.model.field.access entry as default data. */
export async function loadFieldAccess(
  env: Env,
  module: string,
  fsId: string,
  model: string,
  field: string,
  group: string | null,
  perms: Pick<Perms, 'read' | 'write'>,
): Promise<number> {
  return loadRecord(env, module, fsId, 'ir.model.field.access', {
    model,
    field,
    group: group === null ? null : await groupRef(env, group),
    perm_read: !!perms.read,
    perm_write: !!perms.write,
  });
}

/** The id of a group given by XML id, `module.fs_id`. */
export async function groupRef(env: Env, xmlId: string): Promise<number> {
  const dot = xmlId.indexOf('.');
  if (dot < 0) throw new Error(`A group reference must be "module.fs_id", got "${xmlId}"`);
  return refId(env, xmlId.slice(0, dot), xmlId.slice(dot + 1));
}
