import { loadRecord, refId } from 'nest-tryton';
import type { Env } from 'nest-tryton';

/** One company in EUR, in Liège; the admin user works for it. */
export async function loadCompanyDemo(env: Env): Promise<void> {
  const party = await loadRecord(env, 'company', 'party_company', 'party.party', { name: 'Dunder & Co' });
  await loadRecord(env, 'company', 'party_company_address', 'party.address', {
    party,
    street: 'Place Saint-Lambert 1',
    postal_code: '4000',
    city: 'Liège',
    country: await refId(env, 'country', 'be'),
  });
  await loadRecord(env, 'company', 'party_company_email', 'party.contact_mechanism', {
    party,
    type: 'email',
    value: 'info@dunder.example.com',
  });
  const company = await loadRecord(env, 'company', 'company', 'company.company', {
    party,
    currency: await refId(env, 'currency', 'eur'),
    timezone: 'Europe/Brussels',
  });
  const admin = await refId(env, 'res', 'user_admin');
  const root = env.sudo();
  await root.model('res.user').write(root, [admin], { companies: [['add', [company]]], company });
}
