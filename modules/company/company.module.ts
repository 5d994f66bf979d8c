import { TrytonModule } from 'nest-tryton';
import { Company } from './company.model';
import { loadCompanyAccess } from './data';
import { loadCompanyDemo } from './demo';
import { Employee } from './employee.model';
import { CompanyLogoCache } from './logo-cache.model';
import { partyExtension, partyValueExtensions } from './party.extension';
import {
  cronExtension,
  emailTemplateExtension,
  sequenceExtension,
  sequenceStrictExtension,
} from './ir.extension';
import { userExtension } from './res.extension';

/** Companies (a party and a currency); users work for some of them, one at a time. */
@TrytonModule({
  name: 'company',
  depends: ['ir', 'res', 'party', 'currency'],
  models: [Company, Employee, CompanyLogoCache],
  extensions: [
    userExtension,
    sequenceExtension,
    sequenceStrictExtension,
    cronExtension,
    emailTemplateExtension,
    partyExtension,
    ...partyValueExtensions,
  ],
  data: [loadCompanyAccess],
  demo: { small: loadCompanyDemo, large: loadCompanyDemo },
})
export class CompanyModule {}
