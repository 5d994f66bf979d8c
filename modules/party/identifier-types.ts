import type { SelectionItems } from 'nest-tryton';

/** The identifier types of parties (a subset of Tryton's, those of the countries the demo serves). */
export const IDENTIFIER_TYPES: SelectionItems = [
  ['be_vat', 'Belgian Enterprise Number'],
  ['de_vat', 'German VAT Number'],
  ['es_vat', 'Spanish VAT Number'],
  ['eu_vat', 'European VAT'],
  ['fr_siren', 'French Company Identification Number'],
  ['fr_siret', 'French Establishment Identification Number'],
  ['fr_vat', 'French VAT Number'],
  ['gb_vat', 'British VAT Number'],
  ['it_vat', 'Italian VAT Number'],
  ['nl_vat', 'Dutch VAT Number'],
  ['us_ein', 'U.S. Employer Identification Number'],
  ['gln', 'Global Location Number'],
  ['other', 'Other'],
];

/** Types that identify a tax payer (Tryton's tax_identifier_types: the VAT numbers). */
export const TAX_IDENTIFIER_TYPES = IDENTIFIER_TYPES.map(([key]) => key).filter(
  (key) => key.endsWith('_vat') || key === 'us_ein',
);

/** Types that identify an establishment rather than the whole party (Tryton's _type_addresses). */
export const ADDRESS_IDENTIFIER_TYPES = ['fr_siret'];
