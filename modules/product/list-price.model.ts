import { many2one, Model, numeric } from 'nest-tryton';
import { PRICE_DIGITS } from './template.model';

/** A template's list price for one company (Tryton's product.list_price). */
export class ProductListPrice extends Model {
  static override __name__ = 'product.list_price';
  static override description = 'Product List Price';
  static override _access = 'template';
  static override _recName: string | null = null;
  static override fields = {
    template: many2one('product.template', { string: 'Template', ondelete: 'CASCADE', select: true }),
    // Tryton requires it; a row without one is the price of every company (products made before any company).
    company: many2one('company.company', { string: 'Company', ondelete: 'CASCADE', select: true }),
    list_price: numeric({ string: 'List Price', digits: PRICE_DIGITS }),
  };
}
