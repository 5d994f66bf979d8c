import {
  boolean,
  char,
  many2many,
  many2one,
  Model,
  ModelClass,
  numeric,
  OrderSpec,
  selection,
  text,
  Values,
} from 'nest-tryton';
import type { Env, Field } from 'nest-tryton';
import { codeAndName, isNegative, lstripWildcard } from '../rec-name';
import { productErrors } from './exceptions';
import { templateField } from './template-field';
import { PRICE_DIGITS, syncProductCodes } from './template.model';

export class Product extends Model {
  static override __name__ = 'product.product';
  static override description = 'Product Variant';
  static override _access = 'template';
  static override _order: OrderSpec = [
    ['code', 'ASC'],
    ['template.name', 'ASC'],
  ];
  static override fields = {
    template: many2one('product.template', {
      string: 'Product Template',
      required: true,
      ondelete: 'CASCADE',
      select: true,
      help: 'The product that defines the common properties inherited by the variant.',
    }),
    suffix_code: char({
      string: 'Suffix Code',
      help: 'The unique identifier of the variant within its template.',
    }),
    code: char({
      string: 'Code',
      readonly: true,
      select: true,
      help: 'Template code followed by the suffix code.',
    }),
    description: text({ string: 'Description', translate: true }),
    active: boolean({ string: 'Active', default: true }),
    // Every template field, readable and searchable through the variant:
    name: templateField('name', char({ string: 'Name' })),
    type: templateField(
      'type',
      selection(
        [
          ['goods', 'Goods'],
          ['assets', 'Assets'],
          ['service', 'Service'],
        ],
        { string: 'Type' },
      ),
    ),
    list_price: templateField('list_price', numeric({ string: 'List Price', digits: PRICE_DIGITS })),
    cost_price: templateField('cost_price', numeric({ string: 'Cost Price', digits: PRICE_DIGITS })),
    default_uom: templateField('default_uom', many2one('product.uom', { string: 'Default UoM' })),
    categories: templateField(
      'categories',
      many2many('product.template-product.category', 'template', 'category', 'product.category', {
        string: 'Categories',
      }),
    ),
  };

  /** For modules that add a template field: its proxy on the variant. */
  static templateField<F extends Field>(name: string, field: F): F {
    return templateField(name, field);
  }

  static override async create(env: Env, vlist: Values[]): Promise<number[]> {
    // The code is derived (template code + suffix): a value sent for it is not kept.
    const ids = await super.create(
      env,
      vlist.map(({ code: _code, ...values }) => values),
    );
    await syncProductCodes(env, ids);
    await this.checkCodes(env, ids);
    return ids;
  }

  static override async write(env: Env, ids: number[], values: Values): Promise<void> {
    const { code: _code, ...rest } = values;
    await super.write(env, ids, rest);
    if ('suffix_code' in rest || 'template' in rest || 'active' in rest) {
      await syncProductCodes(env, ids);
      await this.checkCodes(env, ids);
    }
  }

  /** Codes are unique among active variants (Tryton's exclusion constraint). */
  static async checkCodes(env: Env, ids: number[]): Promise<void> {
    const rows = await env.tx.query(
      `SELECT "p"."code", "p"."id" FROM "product_product" AS "p" JOIN "product_product" AS "o"
       ON "o"."code" = "p"."code" AND "o"."id" <> "p"."id" AND "o"."active" = TRUE
       WHERE "p"."id" = ANY($1) AND "p"."active" = TRUE AND "p"."code" <> '' LIMIT 1`,
      [ids],
    );
    if (rows.length) {
      const names = await this.getRecName(env, [rows[0].id]);
      productErrors.raise('code_unique', { code: rows[0].code, product: names.get(rows[0].id) });
    }
  }

  /** rec_name = [code] name (the template's name, translated). */
  static override async getRecName(env: Env, ids: number[]): Promise<Map<number, string>> {
    return codeAndName(await this.read(env.withoutChecks(), ids, ['code', 'name']));
  }

  static override searchRecName(_env: Env, operator: string, value: unknown) {
    const code = operator.endsWith('like') ? lstripWildcard(value) : value;
    return [
      isNegative(operator) ? 'AND' : 'OR',
      ['code', operator, code],
      ['template.name', operator, value],
      ['template.code', operator, code],
    ];
  }
}

/** What other modules may ask of product.product (they receive it as a ModelClass). */
export type ProductModel = ModelClass & {
  templateField<F extends Field>(name: string, field: F): F;
};
