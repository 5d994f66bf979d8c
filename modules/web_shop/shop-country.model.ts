import { many2one, Model } from 'nest-tryton';

/** The countries a shop sells to (Tryton's web.shop-country.country). */
export class ShopCountry extends Model {
  static override __name__ = 'web.shop-country.country';
  static override description = 'Web Shop - Country';
  static override _relation = true;
  static override _recName: string | null = null;
  static override fields = {
    shop: many2one('web.shop', { string: 'Shop', required: true, ondelete: 'CASCADE', select: true }),
    country: many2one('country.country', { string: 'Country', required: true, ondelete: 'CASCADE' }),
  };
}
