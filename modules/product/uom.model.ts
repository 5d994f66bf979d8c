import { boolean, char, Decimal, float, integer, many2one, Model, OrderSpec } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { productErrors } from './exceptions';
import { convertPrice, convertQuantity, UomRatio } from './uom-conversion';

/** Tryton's uom_conversion_digits: rate and factor agree to 12 decimals. */
const CONVERSION_DECIMALS = 12;

export class Uom extends Model {
  static override __name__ = 'product.uom';
  static override description = 'Unit of Measure';
  static override _order: OrderSpec = [['name', 'ASC']];
  static override fields = {
    name: char({ string: 'Name', required: true, translate: true }),
    symbol: char({ string: 'Symbol', required: true, size: 10, translate: true }),
    category: many2one('product.uom.category', { string: 'Category', required: true, ondelete: 'RESTRICT' }),
    rate: float({
      string: 'Rate',
      required: true,
      digits: [12, 12],
      default: 1,
      help: '1 (base unit) = rate (this unit)',
    }),
    factor: float({
      string: 'Factor',
      required: true,
      digits: [12, 12],
      default: 1,
      help: 'this unit = factor (base unit)',
    }),
    rounding: float({
      string: 'Rounding Precision',
      required: true,
      digits: [null, null],
      default: 0.01,
    }),
    digits: integer({ string: 'Display Digits', required: true, default: 2 }),
    active: boolean({ string: 'Active', default: true }),
  };

  static override searchRecName(_env: Env, operator: string, value: unknown) {
    const negative = operator.startsWith('!') || operator.startsWith('not ');
    return [negative ? 'AND' : 'OR', ['name', operator, value], ['symbol', operator, value]];
  }

  static override async validate(env: Env, ids: number[]): Promise<void> {
    await super.validate(env, ids);
    for (const uom of (await this.ratios(env, ids)).values()) {
      if (uom.rate.lte(0) || uom.factor.lte(0) || uom.rounding.lte(0)) {
        productErrors.raise('uom_positive', { uom: uom.name });
      }
      const inverse = (d: Decimal) => new Decimal(1).div(d).toDecimalPlaces(CONVERSION_DECIMALS);
      if (!uom.rate.eq(inverse(uom.factor)) && !uom.factor.eq(inverse(uom.rate))) {
        productErrors.raise('uom_factor_rate', { uom: uom.name });
      }
    }
  }

  /** Conversion data of units, in one query. */
  static async ratios(env: Env, ids: number[]): Promise<Map<number, UomRatio>> {
    const rows = await env.tx.query(
      'SELECT "id", "name", "category", "rate", "factor", "rounding" FROM "product_uom" WHERE "id" = ANY($1)',
      [ids],
    );
    return new Map(
      rows.map((r) => [
        r.id as number,
        {
          id: r.id,
          name: r.name,
          category: r.category,
          rate: new Decimal(r.rate),
          factor: new Decimal(r.factor),
          rounding: new Decimal(r.rounding),
        },
      ]),
    );
  }

  static computeQuantity(from: UomRatio, quantity: Decimal, to: UomRatio, round = true): Decimal {
    if (from.category !== to.category) productErrors.raise('uom_category', { from: from.name, to: to.name });
    return convertQuantity(from, quantity, to, round);
  }

  static computePrice(from: UomRatio, price: Decimal, to: UomRatio): Decimal {
    if (from.category !== to.category) productErrors.raise('uom_category', { from: from.name, to: to.name });
    return convertPrice(from, price, to);
  }
}

export type UomModel = typeof Uom;
