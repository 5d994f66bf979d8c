import { boolean, many2one, Model } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { keepRemoved } from './inactivate';

/** The products a shop publishes (relation of web.shop.products and product.product.web_shops). */
export class ShopProduct extends Model {
  static override __name__ = 'web.shop-product.product';
  static override description = 'Web Shop - Product';
  static override _relation = true;
  static override _recName: string | null = null;
  static override fields = {
    shop: many2one('web.shop', { string: 'Shop', required: true, ondelete: 'CASCADE', select: true }),
    product: many2one('product.product', {
      string: 'Product',
      required: true,
      ondelete: 'RESTRICT',
      select: true,
    }),
    active: boolean({ string: 'Active', default: true }),
  };

  static override async delete(env: Env, ids: number[]): Promise<void> {
    await keepRemoved(env, this, ids, 'product');
    return super.delete(env, ids);
  }
}
