import type { ModuleClass } from 'nest-tryton';
import { CountryModule } from './country/country.module';
import { CurrencyModule } from './currency/currency.module';
import { PartyModule } from './party/party.module';
import { CompanyModule } from './company/company.module';
import { ProductModule } from './product/product.module';
import { AccountModule } from './account/account.module';
import { SaleModule } from './sale/sale.module';
import { WebShopModule } from './web_shop/web-shop.module';

/**
 * THE list of business modules. Adding a module is a folder under modules/ plus one line here.
 * Which of them are active is chosen with MODULES (default: all).
 */
export const BUSINESS_MODULES: ModuleClass[] = [
  CountryModule,
  CurrencyModule,
  PartyModule,
  CompanyModule,
  ProductModule,
  AccountModule,
  SaleModule,
  WebShopModule,
];
