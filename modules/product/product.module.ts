import { TrytonModule } from 'nest-tryton';
import { ProductCategory } from './category.model';
import {
  loadProductAccess,
  loadProductConfiguration,
  loadProductCron,
  loadUnits,
  migrateListPrices,
} from './data';
import { loadProductDemoLarge, loadProductDemoSmall } from './demo';
import { Product } from './product.model';
import { TemplateCategory } from './template-category.model';
import { Template } from './template.model';
import { UomCategory } from './uom-category.model';
import { Uom } from './uom.model';
import { ConfigurationDefaultCostPriceMethod, ProductConfiguration } from './configuration.model';
import { ProductCostPriceMethod } from './cost-price-method.model';
import { ProductCostPrice } from './cost-price.model';
import { ProductIdentifier } from './identifier.model';
import { configurationExtension, cronExtension } from './ir.extension';
import { ProductListPrice } from './list-price.model';

/** Products (templates and their variants), categories and units of measure. */
@TrytonModule({
  name: 'product',
  depends: ['ir', 'res', 'company'],
  models: [
    UomCategory,
    Uom,
    ProductCategory,
    Template,
    TemplateCategory,
    ProductListPrice,
    ProductCostPriceMethod,
    Product,
    ProductCostPrice,
    ProductIdentifier,
    ProductConfiguration,
    ConfigurationDefaultCostPriceMethod,
  ],
  extensions: [configurationExtension, cronExtension],
  data: [loadProductAccess, loadUnits, loadProductConfiguration, migrateListPrices, loadProductCron],
  demo: { small: loadProductDemoSmall, large: loadProductDemoLarge },
})
export class ProductModule {}
