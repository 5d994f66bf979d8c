import { Injectable, Usage, UsageContribution } from 'nest-tryton';

/** What a sales back office reads (X-Tryton-Usage: sale). */

@Injectable()
@Usage('party.party', 'sale')
export class PartySaleUsage implements UsageContribution {
  readonly fields = [
    'name',
    'code',
    'lang.code',
    'addresses.full_address',
    'addresses.city',
    'addresses.country.code',
    'contact_mechanisms.type',
    'contact_mechanisms.value',
  ];
}

@Injectable()
@Usage('product.product', 'sale')
export class ProductSaleUsage implements UsageContribution {
  readonly fields = [
    'code',
    'name',
    'salable',
    'sale_uom.symbol',
    'sale_price_uom',
    'customer_taxes.rec_name',
  ];
}

const LINE_FIELDS = [
  'sequence',
  'type',
  'product.code',
  'product.name',
  'description',
  'quantity',
  'unit.symbol',
  'unit_price',
  'taxes.rec_name',
  'amount',
];

@Injectable()
@Usage('sale.sale', 'sale')
export class SaleSaleUsage implements UsageContribution {
  readonly fields = [
    'number',
    'reference',
    'description',
    'state',
    'sale_date',
    'company.rec_name',
    'party.rec_name',
    'invoice_address.full_address',
    'shipment_address.full_address',
    'currency.code',
    'comment',
    'untaxed_amount',
    'tax_amount',
    'total_amount',
    ...LINE_FIELDS.map((f) => `lines.${f}`),
  ];
}

@Injectable()
@Usage('sale.line', 'sale')
export class SaleLineSaleUsage implements UsageContribution {
  readonly fields = ['sale.rec_name', ...LINE_FIELDS];
}

export const SALE_USAGES = [PartySaleUsage, ProductSaleUsage, SaleSaleUsage, SaleLineSaleUsage];
