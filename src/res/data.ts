import type { Env } from '../pool/env';
import { dropRecord, loadRecord } from '../ir/model-data.model';
import { ALL, groupRef, loadFieldAccess, loadModelAccess, READ_ONLY } from '../ir/access/default-access';
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
  'ir.sequence.type',
  'ir.sequence',
  'ir.sequence.strict',
  'ir.configuration',
  'ir.model.access',
  'ir.model.field.access',
  'ir.model.button',
  'ir.calendar.day',
  // Tryton: every user reads the scheduled actions; administrators change and run them.
  'ir.cron',
  'ir.email.template',
];

/**
 * Catalogues every user reads (Tryton grants it) and nobody changes through the API: the installed
 * modules, the XML ids of default data, the translations (written through the translated fields, in a
 * language's context; ir.translation's own rule hides the rows of what the user may not read).
 */
const READ_ONLY_FOR_ALL = ['ir.module', 'ir.model.data', 'ir.translation'];

/** Built-ins only administrators read and change. */
const ADMIN_ONLY = ['ir.rule.group', 'ir.rule'];

/**
 * Default access of the built-ins (MODELS.md): readable by all, written by the Administration group;
 * rules for administrators only; the audit log read-only, for administrators; password hashes and
 * reset passwords for administrators only; user applications as loadUserApplicationAccess says;
 * the modules, model data and translations read-only for all.
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
  for (const model of READ_ONLY_FOR_ALL) {
    const id = model.replace(/\./g, '_');
    await loadModelAccess(env, 'res', `access_${id}`, model, null, READ_ONLY);
    // Databases made before these were read-only gave administrators every right on them.
    await dropRecord(env, 'res', `access_${id}_admin`, 'ir.model.access');
  }
  for (const model of ADMIN_ONLY) {
    await loadModelAccess(env, 'res', `access_${model.replace(/\./g, '_')}_admin`, model, ADMIN, ALL);
  }
  await loadModelAccess(env, 'res', 'access_ir_model_log_admin', 'ir.model.log', ADMIN, READ_ONLY);
  await loadSecretAccess(env);
  await loadUserApplicationAccess(env);
}

/** Password hashes and reset passwords: administrators read them; nobody writes them through the API. */
async function loadSecretAccess(env: Env): Promise<void> {
  for (const field of ['password_hash', 'password_reset']) {
    await loadFieldAccess(env, 'res', `access_res_user_${field}`, 'res.user', field, null, {});
    await loadFieldAccess(env, 'res', `access_res_user_${field}_admin`, 'res.user', field, ADMIN, {
      read: true,
    });
  }
}

/**
 * User applications: everybody reads their own (a default rule), administrators all of them and
 * change their state through the buttons; the key's hash is read by nobody, and no field is written
 * through the API (a key handed to another user, or a hash of one's choosing, would be a login).
 */
async function loadUserApplicationAccess(env: Env): Promise<void> {
  const model = 'res.user.application';
  await loadModelAccess(env, 'res', 'access_res_user_application', model, null, READ_ONLY);
  await loadModelAccess(env, 'res', 'access_res_user_application_admin', model, ADMIN, {
    read: true,
    write: true,
    delete: true,
  });
  await loadFieldAccess(env, 'res', 'access_res_user_application_key_hash', model, 'key_hash', null, {});
  for (const field of ['user', 'application', 'state']) {
    await loadFieldAccess(env, 'res', `access_res_user_application_${field}`, model, field, null, {
      read: true,
    });
  }
  const own = await loadRecord(env, 'res', 'rule_group_user_application', 'ir.rule.group', {
    name: 'Own user applications',
    model,
    global_p: false,
    default_p: true,
  });
  await loadRecord(env, 'res', 'rule_user_application', 'ir.rule', {
    rule_group: own,
    domain: JSON.stringify([['user', '=', { __eval__: 'user.id' }]]),
  });
  await loadRecord(env, 'res', 'rule_group_user_application_admin', 'ir.rule.group', {
    name: 'Any user application',
    model,
    global_p: false,
    default_p: false,
    groups: [['add', [await groupRef(env, ADMIN)]]],
  });
}
