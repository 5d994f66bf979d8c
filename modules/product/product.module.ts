import { Module } from '@nestjs/common';
import { TrytonModule } from '../../src/pool/manifest';
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
@Module({})
export class ProductModule {}
