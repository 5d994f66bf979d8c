import { extend, integer, SelectionField } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { productErrors } from './exceptions';
import { PRICE_DIGITS } from './template.model';

/** The decimals of product prices here (Tryton's [product] price_decimal setting). */
export const PRICE_DECIMAL = PRICE_DIGITS[1];

/**
 * The configuration records the price decimals the database was made with (Tryton's
 * ir.configuration.product_price_decimal); a value other than the server's is refused, as Tryton's
 * check refuses to start with one.
 */
export const configurationExtension = extend(
  'ir.configuration',
  (Base) =>
    class extends Base {
      static override fields = {
        product_price_decimal: integer({ string: 'Product Price Decimal', default: PRICE_DECIMAL }),
      };

      static override async validate(env: Env, ids: number[]): Promise<void> {
        await super.validate(env, ids);
        const rows = await env.tx.query(
          `SELECT "product_price_decimal" FROM "ir_configuration" WHERE "id" = ANY($1)
           AND "product_price_decimal" IS DISTINCT FROM $2 LIMIT 1`,
          [ids, PRICE_DECIMAL],
        );
        if (rows.length) {
          productErrors.raise('price_decimal', {
            value: String(rows[0].product_price_decimal),
            digits: String(PRICE_DECIMAL),
          });
        }
      }
    },
);

/** Deactivating replaced products is one of the methods a cron may run (Tryton's product ir.Cron). */
export const cronExtension = extend(
  'ir.cron',
  (Base) =>
    class extends Base {
      static override __setup__(pool?: Parameters<typeof Base.__setup__>[0]): void {
        super.__setup__(pool);
        (this._fields.method as SelectionField).extend([
          ['product.product|deactivate_replaced', 'Deactivate Replaced Products'],
        ]);
      }
    },
);
