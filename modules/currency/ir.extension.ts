import { extend, SelectionField } from 'nest-tryton';

/** The scheduled update of rates is one of the methods a cron may run (Tryton's currency ir.Cron). */
export const cronExtension = extend(
  'ir.cron',
  (Base) =>
    class extends Base {
      static override __setup__(pool?: Parameters<typeof Base.__setup__>[0]): void {
        super.__setup__(pool);
        (this._fields.method as SelectionField).extend([['currency.cron|update', 'Update Currency Rates']]);
      }
    },
);
