import { extend, many2many } from 'nest-tryton';
import type { ProductModel } from '../product/product.model';

const customerTaxes = () =>
  many2many('product.template-customer-account.tax', 'product', 'tax', 'account.tax', {
    string: 'Customer Taxes',
    table: 'product_customer_taxes_rel',
  });

/** Products are sold with their customer taxes. */
export const templateExtension = extend(
  'product.template',
  (Base) =>
    class extends Base {
      static override fields = { customer_taxes: customerTaxes() };
    },
);

export const productExtension = extend('product.product', (Base) => {
  const Product = Base as ProductModel;
  return class extends Product {
    static override fields = { customer_taxes: Product.templateField('customer_taxes', customerTaxes()) };
  };
});
