import {
  Bool,
  boolean,
  char,
  computed,
  Equal,
  Eval,
  Get,
  many2many,
  many2one,
  Model,
  multiValue,
  Not,
  numeric,
  one2many,
  OrderSpec,
  selection,
  Values,
} from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { codeAndName, isNegative, lstripWildcard } from '../rec-name';
import { companyPattern } from './company-value';
import type { ProductConfigurationModel } from './configuration.model';
import { COST_PRICE_METHODS } from './cost-price-method';
import { codesFromSequence } from './sequence-codes';

/** Tryton's prices are per company: without one in the context they cannot be set. */
export const noCompany = Not(Bool(Get(Eval('context', {}), 'company')));
/** Consumable applies to goods only. */
export const notGoods = Not(Equal(Eval('type', 'goods'), 'goods'));

export const PRICE_DIGITS: [number, number] = [16, 4];

export class Template extends Model {
  static override __name__ = 'product.template';
  static override _recNameDepends = ['code', 'name'];
  static override description = 'Product Template';
  static override _order: OrderSpec = [
    ['code', 'ASC'],
    ['name', 'ASC'],
  ];
  static override fields = {
    name: char({ string: 'Name', required: true, translate: true, select: true }),
    code: char({ string: 'Code', select: true, states: { readonly: Eval('code_readonly', false) } }),
    type: selection(
      [
        ['goods', 'Goods'],
        ['assets', 'Assets'],
        ['service', 'Service'],
      ],
      { string: 'Type', required: true, default: 'goods' },
    ),
    consumable: boolean({
      string: 'Consumable',
      default: false,
      states: { invisible: notGoods },
      help: 'Check to allow stock moves to be assigned regardless of stock level.',
    }),
    // Per company (Tryton's MultiValue): the row of the request's company, else the one of every company.
    list_price: multiValue(
      numeric({ string: 'List Price', digits: PRICE_DIGITS, states: { readonly: noCompany } }),
      {
        model: 'product.list_price',
        parent: 'template',
        pattern: companyPattern,
        one2many: 'list_prices',
      },
    ),
    list_prices: one2many('product.list_price', 'template', { string: 'List Prices' }),
    cost_price: computed(
      numeric({
        string: 'Cost Price',
        digits: PRICE_DIGITS,
        help: 'The amount it costs to purchase or make the product, or carry out the service.',
      }),
      templateCostPrices,
      { depends: ['products.cost_price'], setter: setTemplateCostPrices },
    ),
    cost_price_method: multiValue(
      selection(COST_PRICE_METHODS, {
        string: 'Cost Price Method',
        required: true,
        default: async (env: Env) =>
          (await (env.model('product.configuration') as ProductConfigurationModel).settings(env))
            .default_cost_price_method ?? 'fixed',
        help: 'The method used to calculate the cost price.',
      }),
      { model: 'product.cost_price_method', parent: 'template', pattern: companyPattern },
    ),
    cost_price_methods: one2many('product.cost_price_method', 'template', { string: 'Cost Price Methods' }),
    default_uom: many2one('product.uom', { string: 'Default UoM', required: true }),
    default_uom_category: computed(
      many2one('product.uom.category', { string: 'Default UoM Category' }),
      async (env, ids, _name, model) => {
        const rows = await model.read(env.withoutChecks(), ids, ['default_uom.category']);
        return new Map(
          rows.map((r) => [r.id, (r.default_uom as { category: number } | null)?.category ?? null]),
        );
      },
      {
        depends: ['default_uom.category'],
        searcher: (_env, _name, operator, value) => [['default_uom.category', operator, value]],
      },
    ),
    categories: many2many('product.template-product.category', 'template', 'category', 'product.category', {
      string: 'Categories',
    }),
    // Tryton adds the accounting category (account_product, not mirrored): here the categories themselves.
    categories_all: computed(
      many2many('product.template-product.category', 'template', 'category', 'product.category', {
        string: 'Categories',
      }),
      async (env, ids, _name, model) => {
        const rows = await model.read(env.withoutChecks(), ids, ['categories']);
        return new Map(rows.map((r) => [r.id, r.categories]));
      },
      {
        depends: ['categories'],
        searcher: (_env, name, operator, value) => [
          [name.replace(/^categories_all/, 'categories'), operator, value],
        ],
      },
    ),
    code_readonly: computed(
      boolean({ string: 'Code Readonly' }),
      async (env, ids) => {
        const { template_sequence } = await (
          env.model('product.configuration') as ProductConfigurationModel
        ).settings(env);
        return new Map(ids.map((id) => [id, !!template_sequence]));
      },
      {
        // made of the configuration only
        depends: [],
      },
    ),
    // A template is sold through its variants: like Tryton's client, create one unless told otherwise.
    products: one2many('product.product', 'template', {
      string: 'Variants',
      default: (env: Env) => (env.context.default_products === false ? undefined : [['create', [{}]]]),
    }),
    active: boolean({ string: 'Active', default: true }),
  };

  /** Without a code, a template takes the next number of the configured product sequence. */
  static override async create(env: Env, vlist: Values[]): Promise<number[]> {
    const { template_sequence } = await (
      env.model('product.configuration') as ProductConfigurationModel
    ).settings(env);
    return super.create(env, await codesFromSequence(env, template_sequence, vlist, 'code'));
  }

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

/** Tryton's Template.get_cost_price: the cost price of its variant when it has exactly one. */
async function templateCostPrices(env: Env, ids: number[]): Promise<Map<number, unknown>> {
  const rows = await env.tx.query(
    'SELECT "template", MIN("id") AS "product", COUNT(*) AS "n" FROM "product_product" WHERE "template" = ANY($1) GROUP BY "template"',
    [ids],
  );
  const single = rows.filter((r) => Number(r.n) === 1);
  const prices = await env.model('product.product').read(
    env.withoutChecks(),
    single.map((r) => r.product as number),
    ['cost_price'],
  );
  const byProduct = new Map(prices.map((p) => [p.id, p.cost_price]));
  return new Map(single.map((r) => [r.template as number, byProduct.get(r.product) ?? null]));
}

/** Writing a template's cost price writes it on its variants (what Tryton's client does through the variant). */
async function setTemplateCostPrices(env: Env, ids: number[], _name: string, value: unknown): Promise<void> {
  const rows = await env.tx.query('SELECT "id" FROM "product_product" WHERE "template" = ANY($1)', [ids]);
  if (rows.length) {
    await env.model('product.product').write(
      env.withoutChecks(),
      rows.map((r) => r.id as number),
      { cost_price: value },
    );
  }
}
