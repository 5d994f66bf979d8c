import { adoptSequenceCode, loadFieldAccess, loadRecord, refId } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { ALL, loadGroup, loadModelAccess } from '../default-data';
import { REPORTING_MODELS } from './reporting/models';

/** A global record rule: users see the records of the companies they work for. */
async function loadCompanyRule(env: Env, fsId: string, model: string, path: string): Promise<void> {
  const group = await loadRecord(env, 'sale', fsId, 'ir.rule.group', {
    name: 'User in company',
    model,
    global_p: true,
  });
  await loadRecord(env, 'sale', `${fsId}_company`, 'ir.rule', {
    rule_group: group,
    domain: JSON.stringify([[path, 'in', { __eval__: 'user.companies' }]]),
  });
}

export async function loadSaleData(env: Env): Promise<void> {
  const type = await loadRecord(
    env,
    'sale',
    'sequence_type_sale',
    'ir.sequence.type',
    { name: 'Sale' },
    { translations: { fr: { name: 'Vente' } } },
  );
  await adoptSequenceCode(env, 'sale.sale', type);
  await loadRecord(
    env,
    'sale',
    'sequence_sale',
    'ir.sequence',
    { name: 'Sale', sequence_type: type },
    {
      translations: { fr: { name: 'Vente' } },
    },
  );
  const sales = await loadGroup(env, 'sale', 'group_sale', 'Sales', 'Ventes');
  const admin = await loadGroup(
    env,
    'sale',
    'group_sale_admin',
    'Sales Administrator',
    'Administrateur des ventes',
    sales,
  );
  // Sales (and their lines, which follow their sale) belong to the sale group only.
  for (const [suffix, model] of [
    ['sale', 'sale.sale'],
    ['sale_line', 'sale.line'],
  ]) {
    await loadModelAccess(env, 'sale', `access_${suffix}`, model, null, {});
    await loadModelAccess(env, 'sale', `access_${suffix}_sale`, model, sales, ALL);
  }
  // Sale reporting: read by the sale group, nobody else (reports cannot be written).
  for (const report of REPORTING_MODELS) {
    const suffix = report.__name__.replace(/\./g, '_');
    await loadModelAccess(env, 'sale', `access_${suffix}`, report.__name__, null, {});
    await loadModelAccess(env, 'sale', `access_${suffix}_sale`, report.__name__, sales, { read: true });
  }
  await loadRecord(
    env,
    'sale',
    'sale_process_button',
    'ir.model.button',
    {
      model: 'sale.sale',
      name: 'process',
      string: 'Process',
      groups: [['add', [admin]]],
    },
    { translations: { fr: { string: 'Traiter' } } },
  );
  // The configuration: everyone reads it, the sale administrators change it (it is a singleton).
  for (const [suffix, model] of [
    ['sale_configuration', 'sale.configuration'],
    ['sale_configuration_sequence', 'sale.configuration.sequence'],
    ['sale_configuration_sale_method', 'sale.configuration.sale_method'],
  ]) {
    await loadModelAccess(env, 'sale', `access_${suffix}`, model, null, { read: true });
    await loadModelAccess(env, 'sale', `access_${suffix}_sale_admin`, model, admin, {
      read: true,
      write: true,
    });
  }
  await loadRecord(env, 'sale', 'configuration', 'sale.configuration', {}, { noupdate: true });
  await loadRecord(
    env,
    'sale',
    'configuration_sequence',
    'sale.configuration.sequence',
    { sale_sequence: await refId(env, 'sale', 'sequence_sale') },
    { noupdate: true },
  );
  await loadRecord(
    env,
    'sale',
    'configuration_sale_method',
    'sale.configuration.sale_method',
    { sale_invoice_method: 'order', sale_shipment_method: 'order' },
    { noupdate: true },
  );
  // A customer's sale defaults: read by everyone, set by the sale group (Tryton's party.xml).
  for (const field of ['sale_invoice_method', 'sale_shipment_method', 'customer_currency']) {
    await loadFieldAccess(env, 'sale', `access_party_${field}`, 'party.party', field, null, { read: true });
    await loadFieldAccess(
      env,
      'sale',
      `access_party_${field}_group_sale`,
      'party.party',
      field,
      'sale.group_sale',
      {
        read: true,
        write: true,
      },
    );
  }
  await loadCompanyRule(env, 'rule_group_sale_companies', 'sale.sale', 'company');
  await loadCompanyRule(env, 'rule_group_sale_line_companies', 'sale.line', 'sale.company');
}
