import { loadRecord, refId } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { ALL, loadModelAccess, loadReadAllWriteGroup } from '../default-data';

/**
 * A rule of the storefront group: its users see and change only the records that `path` ties to a
 * web shop (the carts and orders of the shops), never the other sales of the company.
 */
async function loadStorefrontRule(
  env: Env,
  group: number,
  fsId: string,
  model: string,
  path: string,
): Promise<void> {
  const ruleGroup = await loadRecord(env, 'web_shop', fsId, 'ir.rule.group', {
    name: 'Web shop sales',
    model,
    global_p: false,
    groups: [['add', [group]]],
  });
  await loadRecord(env, 'web_shop', `${fsId}_shop`, 'ir.rule', {
    rule_group: ruleGroup,
    domain: JSON.stringify([[path, '!=', null]]),
  });
}

/**
 * The group of a storefront's own user (the one its key runs as): it reads the catalogue like every
 * user, and fills, quotes and reads the sales of web shops only. Unlike the other groups of the
 * modules, the admin user is not made a member: its rule would narrow the admin's sales to the shops'.
 */
async function loadStorefrontGroup(env: Env): Promise<void> {
  const group = await loadRecord(
    env,
    'web_shop',
    'group_storefront',
    'res.group',
    { name: 'Web Shop Storefront' },
    { translations: { fr: { name: 'Vitrine de boutique en ligne' } } },
  );
  await loadModelAccess(env, 'web_shop', 'access_sale_storefront', 'sale.sale', group, {
    read: true,
    write: true,
    create: true,
  });
  await loadModelAccess(env, 'web_shop', 'access_sale_line_storefront', 'sale.line', group, ALL);
  await loadStorefrontRule(env, group, 'rule_group_sale_storefront', 'sale.sale', 'web_shop');
  await loadStorefrontRule(env, group, 'rule_group_sale_line_storefront', 'sale.line', 'sale.web_shop');
}

export async function loadWebShopAccess(env: Env): Promise<void> {
  const admin = await refId(env, 'res', 'group_admin');
  await loadReadAllWriteGroup(env, 'web_shop', 'web_shop', 'web.shop', admin);
  await loadStorefrontGroup(env);
}
