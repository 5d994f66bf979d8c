import { boolean, char, Model, multiselection, OrderSpec } from 'nest-tryton';
import { SUBDIVISION_TYPES } from '../country/subdivision-types';

/** The subdivision types of country.subdivision (Tryton's party reads its selection). */
export { SUBDIVISION_TYPES };

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
