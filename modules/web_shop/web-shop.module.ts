import { TrytonModule } from 'nest-tryton';
import { loadWebShopAccess } from './data';
import { loadWebShopDemo } from './demo';
import { categoryExtension, productExtension, templateExtension } from './product.extension';
import { saleExtension } from './sale.extension';
import { ShopCategory } from './shop-category.model';
import { ShopCountry } from './shop-country.model';
import { ShopProduct } from './shop-product.model';
import { Shop } from './shop.model';
import { WEB_SHOP_USAGES } from './usages';

/** Web shops: the products and categories they publish, their prices and taxes, and their carts. */
@TrytonModule({
  name: 'web_shop',
  depends: ['ir', 'res', 'company', 'party', 'product', 'account', 'sale'],
  models: [Shop, ShopProduct, ShopCategory, ShopCountry],
  extensions: [templateExtension, productExtension, categoryExtension, saleExtension],
  data: [loadWebShopAccess],
  demo: { small: loadWebShopDemo, large: loadWebShopDemo },
  providers: WEB_SHOP_USAGES,
})
export class WebShopModule {}
