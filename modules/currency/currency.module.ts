import { TrytonModule } from 'nest-tryton';
import { Currency } from './currency.model';
import { loadCurrencies, loadCurrencyAccess, loadCurrencyCron } from './data';
import { loadCurrencyDemo } from './demo';
import { CurrencyRate } from './rate.model';
import { CurrencyCron } from './cron.model';
import { cronExtension } from './ir.extension';

/** Currencies (ISO 4217), their rates, and half-even rounding of amounts. */
@TrytonModule({
  name: 'currency',
  depends: ['ir', 'res'],
  models: [Currency, CurrencyRate, CurrencyCron],
  extensions: [cronExtension],
  data: [loadCurrencyAccess, loadCurrencies, loadCurrencyCron],
  demo: { small: loadCurrencyDemo, large: loadCurrencyDemo },
})
export class CurrencyModule {}
