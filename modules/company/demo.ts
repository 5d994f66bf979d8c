import { loadRecord, refId } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { beVat } from '../party/demo-identifiers';

/**
 * One company in EUR, in Liège, with its European VAT number, phone and website; the admin user
 * works for it, as its sales employee.
 */
export async function loadCompanyDemo(env: Env): Promise<void> {
  const party = await loadRecord(env, 'company', 'party_company', 'party.party', {
    name: 'Dunder & Co',
    lang: await refId(env, 'ir', 'lang_fr'),
  });
  await loadRecord(env, 'company', 'party_company_address', 'party.address', {
    party,
    street: 'Place Saint-Lambert 1',
    postal_code: '4000',
    city: 'Liège',
    country: await refId(env, 'country', 'be'),
    subdivision: await refId(env, 'country', 'be_wlg'),
  });
  const contacts: [string, string][] = [
    ['email', 'info@dunder.example.com'],
    ['phone', '+32 4 221 00 00'],
    ['website', 'https://www.dunder.example.com'],
  ];
  for (const [type, value] of contacts) {
    await loadRecord(env, 'company', `party_company_${type}`, 'party.contact_mechanism', {
      party,
      type,
      value,
    });
  }
  await loadRecord(env, 'company', 'party_company_vat', 'party.identifier', {
    party,
    type: 'eu_vat',
    code: `BE${beVat(421)}`,
  });
  const company = await loadRecord(env, 'company', 'company', 'company.company', {
    party,
    currency: await refId(env, 'currency', 'eur'),
    timezone: 'Europe/Brussels',
  });
  const employeeParty = await loadRecord(env, 'company', 'party_employee', 'party.party', {
    name: 'Pam Beesly',
  });
  await loadRecord(env, 'company', 'party_employee_address', 'party.address', {
    party: employeeParty,
    street: 'Rue Féronstrée 12',
    postal_code: '4000',
    city: 'Liège',
    country: await refId(env, 'country', 'be'),
  });
  await loadRecord(env, 'company', 'party_employee_email', 'party.contact_mechanism', {
    party: employeeParty,
    type: 'email',
    value: 'pam@dunder.example.com',
  });
  const employee = await loadRecord(env, 'company', 'employee', 'company.employee', {
    party: employeeParty,
    company,
    start_date: '2020-01-01',
  });
  const admin = await refId(env, 'res', 'user_admin');
  const root = env.sudo();
  await root.model('res.user').write(root, [admin], {
    companies: [['add', [company]]],
    company,
    employees: [['add', [employee]]],
    employee,
  });
}
