import {
  boolean,
  char,
  many2many,
  many2one,
  Model,
  numeric,
  one2many,
  OrderSpec,
  selection,
  Values,
} from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { codeAndName, isNegative, lstripWildcard } from '../rec-name';

export const PRICE_DIGITS: [number, number] = [16, 4];

export class Template extends Model {
  static override __name__ = 'product.template';
  static override description = 'Product Template';
  static override _order: OrderSpec = [
    ['code', 'ASC'],
    ['name', 'ASC'],
  ];
  static override fields = {
    name: char({ string: 'Name', required: true, translate: true, select: true }),
    code: char({ string: 'Code', select: true }),
    type: selection(
      [
        ['goods', 'Goods'],
        ['assets', 'Assets'],
        ['service', 'Service'],
      ],
      { string: 'Type', required: true, default: 'goods' },
    ),
    list_price: numeric({ string: 'List Price', required: true, digits: PRICE_DIGITS }),
    cost_price: numeric({ string: 'Cost Price', digits: PRICE_DIGITS }),
    default_uom: many2one('product.uom', { string: 'Default UoM', required: true }),
    categories: many2many('product.template-product.category', 'template', 'category', 'product.category', {
      string: 'Categories',
    }),
    // A template is sold through its variants: like Tryton's client, create one unless told otherwise.
    products: one2many('product.product', 'template', {
      string: 'Variants',
      default: (env: Env) => (env.context.default_products === false ? undefined : [['create', [{}]]]),
    }),
    active: boolean({ string: 'Active', default: true }),
  };

  static override async getRecName(env: Env, ids: number[]): Promise<Map<number, string>> {
    return codeAndName(await this.read(env.withoutChecks(), ids, ['code', 'name']));
  }

  static override searchRecName(_env: Env, operator: string, value: unknown) {
    const code = operator.endsWith('like') ? lstripWildcard(value) : value;
    return [
      isNegative(operator) ? 'AND' : 'OR',
      ['name', operator, value],
      ['code', operator, code],
      ['products.code', operator, code],
    ];
  }

  static override async write(env: Env, ids: number[], values: Values): Promise<void> {
    await super.write(env, ids, values);
    if ('code' in values) {
      const products = await env.tx.query('SELECT "id" FROM "product_product" WHERE "template" = ANY($1)', [
        ids,
      ]);
      await syncProductCodes(
        env,
        products.map((p) => p.id as number),
      );
    }
  }
}

/** Keeps product.product.code = template code + suffix code (Tryton's Product.sync_code), in one statement. */
export async function syncProductCodes(env: Env, productIds: number[]): Promise<void> {
  if (!productIds.length) return;
  const rows = await env.tx.query(
    `UPDATE "product_product" AS "p" SET "code" = NULLIF(CONCAT("t"."code", "p"."suffix_code"), '')
     FROM "product_template" AS "t" WHERE "t"."id" = "p"."template" AND "p"."id" = ANY($1)
     AND "p"."code" IS DISTINCT FROM NULLIF(CONCAT("t"."code", "p"."suffix_code"), '') RETURNING "p"."id"`,
    [productIds],
  );
  if (rows.length) env.touched.add('product.product');
}
