import { many2one, Model, numeric } from 'nest-tryton';
import { PRICE_DIGITS } from './template.model';

/** A variant's cost price for one company (Tryton's product.cost_price). */
export class ProductCostPrice extends Model {
  static override __name__ = 'product.cost_price';
  static override description = 'Product Cost Price';
  static override _access = 'product';
  static override _recName: string | null = null;
  static override fields = {
    product: many2one('product.product', { string: 'Product', ondelete: 'CASCADE', select: true }),
    company: many2one('company.company', { string: 'Company', ondelete: 'CASCADE', select: true }),
    cost_price: numeric({ string: 'Cost Price', required: true, digits: PRICE_DIGITS }),
  };
}
