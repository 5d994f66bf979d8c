import { TrytonModule } from 'nest-tryton';
import { Currency } from './currency.model';
import { loadCurrencies, loadCurrencyAccess } from './data';
import { loadCurrencyDemo } from './demo';
import { CurrencyRate } from './rate.model';

/** Currencies (ISO 4217), their rates, and half-even rounding of amounts. */
@TrytonModule({
  name: 'currency',
  depends: ['ir', 'res'],
  models: [Currency, CurrencyRate],
  data: [loadCurrencyAccess, loadCurrencies],
  demo: { small: loadCurrencyDemo, large: loadCurrencyDemo },
})
export class CurrencyModule {}
