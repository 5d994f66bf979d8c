import { describeModule } from 'nest-tryton/testing';
import { AccountModule } from './account/account.module';
import { CompanyModule } from './company/company.module';
import { CountryModule } from './country/country.module';
import { CurrencyModule } from './currency/currency.module';
import { PartyModule } from './party/party.module';
import { ProductModule } from './product/product.module';
import { SaleModule } from './sale/sale.module';
import { WebShopModule } from './web_shop/web-shop.module';

describeModule(CountryModule);
describeModule(CurrencyModule);
describeModule(PartyModule);
describeModule(CompanyModule);
describeModule(ProductModule);
describeModule(AccountModule);
describeModule(SaleModule);
describeModule(WebShopModule);
