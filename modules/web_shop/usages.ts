import { Injectable, Usage, UsageContribution } from 'nest-tryton';

/** What a web shop front end reads (X-Tryton-Usage: web_shop). */

@Injectable()
@Usage('product.product', 'web_shop')
export class ProductWebShopUsage implements UsageContribution {
  readonly fields = [
    'code',
    'name',
    'description',
    'list_price',
    'sale_price_uom',
    'sale_price_tax',
    'sale_price_taxed',
    'customer_taxes.rec_name',
    'default_uom.symbol',
    'sale_uom.symbol',
    'categories.name',
  ];
}

@Injectable()
@Usage('product.category', 'web_shop')
export class CategoryWebShopUsage implements UsageContribution {
  readonly fields = ['name', 'rec_name', 'parent'];
}

@Injectable()
@Usage('web.shop', 'web_shop')
export class ShopWebShopUsage implements UsageContribution {
  readonly fields = ['name', 'currency.code', 'currency.symbol', 'language.code', 'categories.name'];
}

@Injectable()
@Usage('sale.sale', 'web_shop')
export class SaleWebShopUsage implements UsageContribution {
  readonly fields = [
    'number',
    'state',
    'web_id',
    'party.name',
    'invoice_address.full_address',
    'shipment_address.full_address',
    'lines.product.code',
    'lines.product.name',
    'lines.quantity',
    'lines.unit_price',
    'lines.amount',
    'untaxed_amount',
    'tax_amount',
    'total_amount',
  ];
}

@Injectable()
@Usage('party.party', 'web_shop')
export class PartyWebShopUsage implements UsageContribution {
  readonly fields = [
    'name',
    'email',
    'addresses.full_address',
    'addresses.postal_code',
    'addresses.city',
    'addresses.country.code',
  ];
}

export const WEB_SHOP_USAGES = [
  ProductWebShopUsage,
  CategoryWebShopUsage,
  ShopWebShopUsage,
  SaleWebShopUsage,
  PartyWebShopUsage,
];
