import {
  Bool,
  boolean,
  char,
  computed,
  Decimal,
  Eval,
  many2many,
  many2one,
  Model,
  ModelClass,
  multiValue,
  Not,
  numeric,
  one2many,
  Or,
  OrderSpec,
  selection,
  text,
  Values,
} from 'nest-tryton';
import type { Env, Field } from 'nest-tryton';
import type { UomModel } from './uom.model';
import { codeAndName, isNegative, lstripWildcard } from '../rec-name';
import { companyPattern } from './company-value';
import type { ProductConfigurationModel } from './configuration.model';
import { COST_PRICE_METHODS } from './cost-price-method';
import { codeReadonly, codesFromSequence } from './sequence-codes';
import { productErrors } from './exceptions';
import { templateField } from './template-field';
import { noCompany, notGoods, PRICE_DIGITS, syncProductCodes } from './template.model';

export class Product extends Model {
  static override __name__ = 'product.product';
  static override _recNameDepends = ['code', 'name'];
  static override description = 'Product Variant';
  static override _access = 'template';
  // A variant's name, rec_name and most of its fields are its template's: read both rows at once.
  static override _prefetch = ['template'];
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
      states: { readonly: Eval('code_readonly', false) },
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
    prefix_code: templateField(
      'code',
      char({ string: 'Prefix Code', states: { invisible: Not(Bool(Eval('prefix_code'))) } }),
    ),
    code_readonly: codeReadonly('product_sequence'),
    identifiers: one2many('product.identifier', 'product', {
      string: 'Identifiers',
      help: 'Other identifiers associated with the variant.',
    }),
    replaced_by: many2one('product.product', {
      string: 'Replaced By',
      states: { invisible: Not(Bool(Eval('replaced_by'))) },
      help: 'The product replacing this one.',
    }),
    consumable: templateField(
      'consumable',
      boolean({ string: 'Consumable', states: { invisible: Or(notGoods, Not(Bool(Eval('template')))) } }),
    ),
    list_price: templateField(
      'list_price',
      numeric({ string: 'List Price', digits: PRICE_DIGITS, states: { readonly: noCompany } }),
    ),
    list_prices: templateField(
      'list_prices',
      one2many('product.list_price', 'template', { string: 'List Prices' }),
    ),
    list_price_uom: computed(
      numeric({ string: 'List Price', digits: PRICE_DIGITS }),
      (env, ids, _n, model) => pricesInContextUom(env, ids, model, 'list_price'),
      { depends: ['list_price', 'default_uom'] },
    ),
    cost_price: multiValue(
      numeric({ string: 'Cost Price', digits: PRICE_DIGITS, states: { readonly: noCompany } }),
      {
        model: 'product.cost_price',
        parent: 'product',
        pattern: companyPattern,
        one2many: 'cost_prices',
        // Tryton's default_cost_price: 0 in a company, else nothing.
        default: (env, pattern) => ((pattern.company ?? env.context.company) ? new Decimal(0) : null),
      },
    ),
    cost_prices: one2many('product.cost_price', 'product', { string: 'Cost Prices' }),
    cost_price_uom: computed(
      numeric({ string: 'Cost Price', digits: PRICE_DIGITS }),
      (env, ids, _n, model) => pricesInContextUom(env, ids, model, 'cost_price'),
      { depends: ['cost_price', 'default_uom'] },
    ),
    cost_price_method: templateField(
      'cost_price_method',
      selection(COST_PRICE_METHODS, { string: 'Cost Price Method' }),
    ),
    cost_price_methods: templateField(
      'cost_price_methods',
      one2many('product.cost_price_method', 'template', { string: 'Cost Price Methods' }),
    ),
    default_uom: templateField('default_uom', many2one('product.uom', { string: 'Default UoM' })),
    default_uom_category: templateField(
      'default_uom_category',
      many2one('product.uom.category', { string: 'Default UoM Category' }),
    ),
    categories: templateField(
      'categories',
      many2many('product.template-product.category', 'template', 'category', 'product.category', {
        string: 'Categories',
      }),
    ),
    categories_all: templateField(
      'categories_all',
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
    const { product_sequence } = await (
      env.model('product.configuration') as ProductConfigurationModel
    ).settings(env);
    const ids = await super.create(
      env,
      await codesFromSequence(
        env,
        product_sequence,
        vlist.map(({ code: _code, ...values }) => values),
        'suffix_code',
      ),
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

  /** Tryton's can_be_deactivated: a replaced product may go (stock would keep those with stock). */
  static async canBeDeactivated(_env: Env, ids: number[]): Promise<number[]> {
    return ids;
  }

  /**
   * Tryton's deactivate_replaced (the daily cron `product.product|deactivate_replaced`): the active
   * products that have a replacement, or the given ones, are deactivated. Returns them.
   */
  static async deactivate_replaced(env: Env, ids?: number[]): Promise<number[]> {
    const products =
      ids ??
      (await this.search(env, [
        ['replaced_by', '!=', null],
        ['active', '=', true],
      ]));
    const deactivated = await (this as typeof Product).canBeDeactivated(env, products);
    if (deactivated.length) await this.write(env, deactivated, { active: false });
    return deactivated;
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

/** Tryton's get_price_uom: the price per the context's `uom` (of the same category), else per the default unit. */
async function pricesInContextUom(
  env: Env,
  ids: number[],
  model: ModelClass,
  field: 'list_price' | 'cost_price',
): Promise<Map<number, unknown>> {
  const rows = await model.read(env.withoutChecks(), ids, [field, 'default_uom']);
  const uom = env.context.uom;
  const Uom = env.model('product.uom') as UomModel;
  const unitIds = [...new Set(rows.map((r) => r.default_uom as number))];
  if (typeof uom === 'number') unitIds.push(uom);
  const ratios = await Uom.ratios(env, unitIds);
  const to = typeof uom === 'number' ? ratios.get(uom) : undefined;
  return new Map(
    rows.map((r) => {
      const price = r[field] as Decimal | null;
      const from = ratios.get(r.default_uom as number);
      if (price === null || !from || !to || from.category !== to.category) return [r.id, price];
      return [r.id, Uom.computePrice(from, price, to)];
    }),
  );
}
