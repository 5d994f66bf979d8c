import { TrytonModule } from 'nest-tryton';
import { loadAccountAccess, migrateTaxCompany } from './data';
import { loadAccountDemo } from './demo';
import { productExtension, templateExtension } from './product.extension';
import { TemplateCustomerTax } from './template-customer-tax.model';
import { Tax } from './tax.model';

/** A stand-in for Tryton's accounting: taxes, and the customer taxes of products. */
@TrytonModule({
  name: 'account',
  depends: ['ir', 'res', 'company', 'product'],
  models: [Tax, TemplateCustomerTax],
  extensions: [templateExtension, productExtension],
  data: [loadAccountAccess, migrateTaxCompany],
  demo: { small: loadAccountDemo, large: loadAccountDemo },
})
export class AccountModule {}
