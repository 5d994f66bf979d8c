import { TrytonModule } from 'nest-tryton';
import { Country } from './country.model';
import { loadCountries, loadCountryAccess } from './data';
import { Subdivision } from './subdivision.model';

/** Countries and their subdivisions (ISO 3166), names in English and French. */
@TrytonModule({
  name: 'country',
  depends: ['ir', 'res'],
  models: [Country, Subdivision],
  data: [loadCountryAccess, loadCountries],
})
export class CountryModule {}
