import { boolean, many2one, Model } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { keepRemoved } from './inactivate';

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
    active: boolean({ string: 'Active', default: true }),
  };

  static override async delete(env: Env, ids: number[]): Promise<void> {
    await keepRemoved(env, this, ids, 'category');
    return super.delete(env, ids);
  }
}
