import { boolean, char, Model, multiselection, OrderSpec } from 'nest-tryton';
import type { SelectionItems } from 'nest-tryton';

/** The subdivision types of country.subdivision. */
export const SUBDIVISION_TYPES: SelectionItems = [
  ['state', 'State'],
  ['province', 'Province'],
  ['region', 'Region'],
  ['department', 'Department'],
  ['county', 'County'],
  ['canton', 'Canton'],
  ['district', 'District'],
  ['municipality', 'Municipality'],
  ['other', 'Other'],
];

/** Which subdivision types the addresses of a country use (Tryton's party.address.subdivision_type). */
export class AddressSubdivisionType extends Model {
  static override __name__ = 'party.address.subdivision_type';
  static override description = 'Address Subdivision Type';
  static override _recName = 'country_code';
  static override _order: OrderSpec = [['country_code', 'ASC']];
  static override fields = {
    country_code: char({ string: 'Country Code', required: true, size: 2 }),
    types: multiselection(SUBDIVISION_TYPES, { string: 'Subdivision Types' }),
    active: boolean({ string: 'Active', default: true }),
  };
}
