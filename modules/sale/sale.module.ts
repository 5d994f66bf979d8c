import { TrytonModule } from 'nest-tryton';
import { loadSaleData } from './data';
import { loadSaleDemoSmall } from './demo';
import { loadSaleDemoLarge } from './demo-large';
import { ConfigurationSaleMethod, ConfigurationSequence, SaleConfiguration } from './configuration.model';
import { SaleLine } from './line.model';
import { partyExtension, PartyCustomerCurrency, PartySaleMethod } from './party.extension';
import { ConfigurationDefaultLeadTime, ProductLeadTime } from './lead-time.model';
import { configurationExtension, productExtension, templateExtension } from './product.extension';
import { REPORTING_MODELS } from './reporting/models';
import { Sale } from './sale.model';
import { SaleReport } from './sale.report';
import { SALE_USAGES } from './usages';

/** Sales: quotations and orders with their lines, amounts, taxes and workflow. */
@TrytonModule({
  name: 'sale',
  depends: ['ir', 'res', 'company', 'party', 'product', 'account', 'currency'],
  models: [
    Sale,
    SaleLine,
    SaleConfiguration,
    ConfigurationSequence,
    ConfigurationSaleMethod,
    PartySaleMethod,
    PartyCustomerCurrency,
    ProductLeadTime,
    ConfigurationDefaultLeadTime,
    ...REPORTING_MODELS,
  ],
  extensions: [templateExtension, productExtension, configurationExtension, partyExtension],
  data: [loadSaleData],
  demo: { small: loadSaleDemoSmall, large: loadSaleDemoLarge },
  providers: [...SALE_USAGES, SaleReport],
})
export class SaleModule {}
