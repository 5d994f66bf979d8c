import type { Env } from '../pool/env';
import { loadRecord } from '../ir/model-data.model';
import { ALL, loadFieldAccess, loadModelAccess, READ_ONLY } from '../ir/access/default-access';
import { announceSecurityChange } from '../ir/access/security-channel';

const ADMIN = 'res.group_admin';

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

/** Built-ins every user may read; only administrators change them. */
const READABLE_BY_ALL = [
  'res.user',
  'res.group',
  'ir.lang',
  'ir.model',
  'ir.model.field',
  'ir.translation',
  'ir.module',
  'ir.sequence',
  'ir.model.access',
  'ir.model.field.access',
  'ir.model.button',
];

/** Built-ins only administrators read and change. */
const ADMIN_ONLY = ['ir.rule.group', 'ir.rule'];

/**
 * Default access of the built-ins (MODELS.md): readable by all, written by the Administration group;
 * rules for administrators only; the audit log read-only, for administrators; password hashes for
 * nobody but root. ir.model.data and res.user.application are internal (root only) by their flag.
 */
export async function loadDefaultAccess(env: Env): Promise<void> {
  // `db update` may run beside live servers: their cached rights go when this transaction commits
  // (the NOTIFY is transactional, so the access data of the modules loaded after this one is in it).
  await announceSecurityChange(env.tx, 'access');
  for (const model of READABLE_BY_ALL) {
    const id = model.replace(/\./g, '_');
    await loadModelAccess(env, 'res', `access_${id}`, model, null, READ_ONLY);
    await loadModelAccess(env, 'res', `access_${id}_admin`, model, ADMIN, ALL);
  }
  for (const model of ADMIN_ONLY) {
    await loadModelAccess(env, 'res', `access_${model.replace(/\./g, '_')}_admin`, model, ADMIN, ALL);
  }
  await loadModelAccess(env, 'res', 'access_ir_model_log_admin', 'ir.model.log', ADMIN, READ_ONLY);
  await loadFieldAccess(env, 'res', 'access_res_user_password_hash', 'res.user', 'password_hash', null, {});
}
