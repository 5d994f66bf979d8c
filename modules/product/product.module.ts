import { TrytonModule } from 'nest-tryton';
import { ProductCategory } from './category.model';
import { loadProductAccess, loadUnits } from './data';
import { loadProductDemoLarge, loadProductDemoSmall } from './demo';
import { Product } from './product.model';
import { TemplateCategory } from './template-category.model';
import { Template } from './template.model';
import { UomCategory } from './uom-category.model';
import { Uom } from './uom.model';

/** Products (templates and their variants), categories and units of measure. */
@TrytonModule({
  name: 'product',
  depends: ['ir', 'res', 'company'],
  models: [UomCategory, Uom, ProductCategory, Template, TemplateCategory, Product],
  data: [loadProductAccess, loadUnits],
  demo: { small: loadProductDemoSmall, large: loadProductDemoLarge },
})
export class ProductModule {}
