import { many2one, Model } from 'nest-tryton';

/** The relation of product.template.customer_taxes (Tryton's table name). */
export class TemplateCustomerTax extends Model {
  static override __name__ = 'product.template-customer-account.tax';
  static override description = 'Product Customer Tax';
  static override _table = 'product_customer_taxes_rel';
  static override _relation = true;
  static override _recName: string | null = null;
  static override fields = {
    product: many2one('product.template', {
      string: 'Product Template',
      required: true,
      ondelete: 'CASCADE',
      select: true,
    }),
    tax: many2one('account.tax', { string: 'Tax', required: true, ondelete: 'RESTRICT', select: true }),
  };
}
