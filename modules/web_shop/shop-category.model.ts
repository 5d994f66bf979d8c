import { many2one, Model } from 'nest-tryton';

/** The categories a shop publishes (relation of web.shop.categories and product.category.web_shops). */
export class ShopCategory extends Model {
  static override __name__ = 'web.shop-product.category';
  static override description = 'Web Shop - Product Category';
  static override _relation = true;
  static override _recName: string | null = null;
  static override fields = {
    shop: many2one('web.shop', { string: 'Shop', required: true, ondelete: 'CASCADE', select: true }),
    category: many2one('product.category', {
      string: 'Category',
      required: true,
      ondelete: 'RESTRICT',
      select: true,
    }),
  };
}
