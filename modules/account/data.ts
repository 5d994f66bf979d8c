import { loadRecord } from 'nest-tryton';
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
  // Tryton's rule_group_tax_companies: a user sees the taxes of the companies they work for.
  const rules = await loadRecord(env, 'account', 'rule_group_tax_companies', 'ir.rule.group', {
    name: 'User in companies',
    model: 'account.tax',
    global_p: true,
  });
  await loadRecord(env, 'account', 'rule_tax_companies', 'ir.rule', {
    rule_group: rules,
    domain: JSON.stringify([['company', 'in', { __eval__: 'user.companies' }]]),
  });
}

/** Databases made when taxes had no company: each belongs to the only company, if there is one. */
export async function migrateTaxCompany(env: Env): Promise<void> {
  await env.tx.query(
    `UPDATE "account_tax" SET "company" = (SELECT MIN("id") FROM "company_company")
     WHERE "company" IS NULL AND (SELECT COUNT(*) FROM "company_company") = 1`,
  );
}
