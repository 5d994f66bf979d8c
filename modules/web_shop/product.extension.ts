import { extend, many2many, text } from 'nest-tryton';
import type { ProductModel } from '../product/product.model';

/** Templates carry the text a shop shows (translatable). */
export const templateExtension = extend(
  'product.template',
  (Base) =>
    class extends Base {
      static override fields = {
        web_shop_description: text({ string: 'Web Shop Description', translate: true }),
      };
    },
);

/** Variants know the shops that publish them. */
export const productExtension = extend(
  'product.product',
  (Base) =>
    class extends Base {
      static override fields = {
        web_shop_description: (Base as ProductModel).templateField(
          'web_shop_description',
          text({ string: 'Web Shop Description', translate: true }),
        ),
        web_shops: many2many('web.shop-product.product', 'product', 'shop', 'web.shop', {
          string: 'Web Shops',
          help: 'The list of web shops on which the product is published.',
        }),
      };
    },
);

export const categoryExtension = extend(
  'product.category',
  (Base) =>
    class extends Base {
      static override fields = {
        web_shops: many2many('web.shop-product.category', 'category', 'shop', 'web.shop', {
          string: 'Web Shops',
          help: 'The list of web shops on which the category is published.',
        }),
      };
    },
);
