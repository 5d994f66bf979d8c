import { TrytonModule } from 'nest-tryton';
import { Country } from './country.model';
import { loadCountries, loadCountryAccess } from './data';
import { loadCountryDemo } from './demo';
import { Organization, OrganizationMember } from './organization.model';
import { PostalCode } from './postal-code.model';
import { Region } from './region.model';
import { Subdivision } from './subdivision.model';

/** Countries and their subdivisions (ISO 3166), names in English and French. */
@TrytonModule({
  name: 'country',
  depends: ['ir', 'res'],
  models: [Region, Country, Subdivision, Organization, OrganizationMember, PostalCode],
  data: [loadCountryAccess, loadCountries],
  demo: { small: loadCountryDemo, large: loadCountryDemo },
})
export class CountryModule {}
