import { many2one, Model, selection } from 'nest-tryton';
import { COST_PRICE_METHODS } from './cost-price-method';

/** A template's cost price method for one company (Tryton's product.cost_price_method). */
export class ProductCostPriceMethod extends Model {
  static override __name__ = 'product.cost_price_method';
  static override description = 'Product Cost Price Method';
  static override _access = 'template';
  static override _recName: string | null = null;
  static override fields = {
    template: many2one('product.template', { string: 'Template', ondelete: 'CASCADE', select: true }),
    company: many2one('company.company', { string: 'Company', ondelete: 'CASCADE', select: true }),
    cost_price_method: selection(COST_PRICE_METHODS, { string: 'Cost Price Method' }),
  };
}
