import { loadRecord, refId } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { loadReadAllWriteGroup } from '../default-data';
import { COUNTRY_CODES, ORGANIZATIONS, REGIONS } from './regions';

/** [ISO 3166-1 alpha-2, alpha-3, English name, French name] */
export const COUNTRIES: [string, string, string, string][] = [
  ['AT', 'AUT', 'Austria', 'Autriche'],
  ['AU', 'AUS', 'Australia', 'Australie'],
  ['BE', 'BEL', 'Belgium', 'Belgique'],
  ['BR', 'BRA', 'Brazil', 'Brésil'],
  ['CA', 'CAN', 'Canada', 'Canada'],
  ['CH', 'CHE', 'Switzerland', 'Suisse'],
  ['CN', 'CHN', 'China', 'Chine'],
  ['CZ', 'CZE', 'Czechia', 'Tchéquie'],
  ['DE', 'DEU', 'Germany', 'Allemagne'],
  ['DK', 'DNK', 'Denmark', 'Danemark'],
  ['ES', 'ESP', 'Spain', 'Espagne'],
  ['FI', 'FIN', 'Finland', 'Finlande'],
  ['FR', 'FRA', 'France', 'France'],
  ['GB', 'GBR', 'United Kingdom', 'Royaume-Uni'],
  ['GR', 'GRC', 'Greece', 'Grèce'],
  ['IE', 'IRL', 'Ireland', 'Irlande'],
  ['IN', 'IND', 'India', 'Inde'],
  ['IT', 'ITA', 'Italy', 'Italie'],
  ['JP', 'JPN', 'Japan', 'Japon'],
  ['LU', 'LUX', 'Luxembourg', 'Luxembourg'],
  ['MA', 'MAR', 'Morocco', 'Maroc'],
  ['MX', 'MEX', 'Mexico', 'Mexique'],
  ['NL', 'NLD', 'Netherlands', 'Pays-Bas'],
  ['NO', 'NOR', 'Norway', 'Norvège'],
  ['PL', 'POL', 'Poland', 'Pologne'],
  ['PT', 'PRT', 'Portugal', 'Portugal'],
  ['SE', 'SWE', 'Sweden', 'Suède'],
  ['SN', 'SEN', 'Senegal', 'Sénégal'],
  ['US', 'USA', 'United States', 'États-Unis'],
  ['ZA', 'ZAF', 'South Africa', 'Afrique du Sud'],
];

/** Belgium's regions and provinces, as a sample of subdivisions: [code, type, en, fr, parent code]. */
const BE_SUBDIVISIONS: [string, string, string, string, string | null][] = [
  ['BE-BRU', 'region', 'Brussels-Capital Region', 'Région de Bruxelles-Capitale', null],
  ['BE-VLG', 'region', 'Flemish Region', 'Région flamande', null],
  ['BE-WAL', 'region', 'Walloon Region', 'Région wallonne', null],
  ['BE-WLG', 'province', 'Liège', 'Liège', 'BE-WAL'],
  ['BE-WNA', 'province', 'Namur', 'Namur', 'BE-WAL'],
  ['BE-VAN', 'province', 'Antwerp', 'Anvers', 'BE-VLG'],
];

const fsId = (code: string) => `${code.toLowerCase().replace(/-/g, '_')}`;

export async function loadCountries(env: Env): Promise<void> {
  for (const [code, name, fr, parent] of REGIONS) {
    await loadRecord(
      env,
      'country',
      `region_${code}`,
      'country.region',
      { code_numeric: code, name, parent: parent ? await refId(env, 'country', `region_${parent}`) : null },
      { translations: { fr: { name: fr } } },
    );
  }
  for (const [code, code3, name, fr] of COUNTRIES) {
    const [numeric, region] = COUNTRY_CODES[code];
    await loadRecord(
      env,
      'country',
      fsId(code),
      'country.country',
      { code, code3, name, code_numeric: numeric, region: await refId(env, 'country', `region_${region}`) },
      { translations: { fr: { name: fr } } },
    );
  }
  for (const [id, code, name, fr, members] of ORGANIZATIONS) {
    const organization = await loadRecord(
      env,
      'country',
      `organization_${id}`,
      'country.organization',
      { code: code ?? null, name },
      { translations: { fr: { name: fr } } },
    );
    for (const [country, from, to] of members) {
      await loadRecord(env, 'country', `organization_${id}_${fsId(country)}`, 'country.organization.member', {
        organization,
        country: await refId(env, 'country', fsId(country)),
        from_date: from,
        to_date: to,
      });
    }
  }
  const be = await refId(env, 'country', 'be');
  for (const [code, type, name, fr, parent] of BE_SUBDIVISIONS) {
    await loadRecord(
      env,
      'country',
      fsId(code),
      'country.subdivision',
      { country: be, code, type, name, parent: parent ? await refId(env, 'country', fsId(parent)) : null },
      { translations: { fr: { name: fr } } },
    );
  }
}

export async function loadCountryAccess(env: Env): Promise<void> {
  const admin = await refId(env, 'res', 'group_admin');
  await loadReadAllWriteGroup(env, 'country', 'country', 'country.country', admin);
  await loadReadAllWriteGroup(env, 'country', 'subdivision', 'country.subdivision', admin);
  await loadReadAllWriteGroup(env, 'country', 'region', 'country.region', admin);
  await loadReadAllWriteGroup(env, 'country', 'organization', 'country.organization', admin);
  await loadReadAllWriteGroup(env, 'country', 'organization_member', 'country.organization.member', admin);
  await loadReadAllWriteGroup(env, 'country', 'postal_code', 'country.postal_code', admin);
}
