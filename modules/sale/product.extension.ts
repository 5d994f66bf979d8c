import {
  Bool,
  boolean,
  computed,
  Decimal,
  Eval,
  extend,
  many2one,
  multiValue,
  Not,
  numeric,
  one2many,
  Or,
  PlainDate,
  PysonValue,
  timedelta,
  Values,
} from 'nest-tryton';
import type { Env } from 'nest-tryton';
import type { CompanyModel } from '../company/company.model';
import type { ProductModel } from '../product/product.model';
import { saleErrors } from './exceptions';
import { salePrices, SalePriceOptions } from './sale-price';

const salable = () => boolean({ string: 'Salable' });
const saleUom = (invisible: PysonValue) =>
  many2one('product.uom', { string: 'Sale UoM', states: { invisible, required: Eval('salable', false) } });
const notSalable = Not(Eval('salable', false));
const onVariant = (rule: PysonValue) => Or(rule, Not(Bool(Eval('template'))));

const numberOf = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null);

/** Templates gain `salable` and the unit they are sold in (defaulting to their default unit). */
export const templateExtension = extend(
  'product.template',
  (Base) =>
    class extends Base {
      static override fields = {
        salable: salable(),
        sale_uom: saleUom(notSalable),
        lead_time: multiValue(
          timedelta({
            string: 'Lead Time',
            states: { invisible: notSalable },
            help: 'The time from confirming the sales order to sending the products.\nIf empty the lead time will be the default.',
          }),
          { model: 'product.lead_time', parent: 'template' },
        ),
        lead_times: one2many('product.lead_time', 'template', { string: 'Lead Times' }),
      };

      /** Tryton's on_change_default_uom: the sale unit follows the default unit unless one is sent. */
      static override async complete(env: Env, vlist: Values[]): Promise<Values[]> {
        const completed = await super.complete(env, vlist);
        return completed.map((v) =>
          'sale_uom' in v || !('default_uom' in v) ? v : { ...v, sale_uom: v.default_uom },
        );
      }

      static override async validate(env: Env, ids: number[]): Promise<void> {
        await super.validate(env, ids);
        const rows = await this.read(env.withoutChecks(), ids, [
          'rec_name',
          'salable',
          'sale_uom.category',
          'default_uom.category',
        ]);
        for (const r of rows) {
          const sale = r.sale_uom as { category: number } | null;
          const base = r.default_uom as { category: number } | null;
          if (r.salable && !sale) saleErrors.raise('sale_uom_required', { product: r.rec_name });
          if (sale && base && sale.category !== base.category) {
            saleErrors.raise('sale_uom_category', { product: r.rec_name });
          }
        }
      }
    },
);

/** Variants show the template's sale fields, and their sale price in the context's unit and currency. */
export const productExtension = extend('product.product', (Base) => {
  const Product = Base as ProductModel;
  return class extends Product {
    static override fields = {
      salable: Product.templateField('salable', salable()),
      sale_uom: Product.templateField('sale_uom', saleUom(onVariant(notSalable))),
      lead_time: Product.templateField(
        'lead_time',
        timedelta({ string: 'Lead Time', states: { invisible: onVariant(notSalable) } }),
      ),
      lead_times: Product.templateField(
        'lead_times',
        one2many('product.lead_time', 'template', { string: 'Lead Times' }),
      ),
      sale_price_uom: computed(
        numeric({ string: 'Sale Price', digits: [16, 4] }),
        async (env, ids, _name, model) => {
          const company = await (env.model('company.company') as CompanyModel).current(env);
          const date =
            typeof env.context.sale_date === 'string' ? PlainDate.parse(env.context.sale_date) : null;
          return salePrices(env, model, ids, {
            uom: numberOf(env.context.uom),
            currency: numberOf(env.context.currency),
            company,
            date,
          });
        },
        { depends: ['list_price', 'default_uom', 'sale_uom'] },
      ),
    };

    /** The sale price of products (see salePrices); modules with price lists override it. */
    static async getSalePrices(
      env: Env,
      ids: number[],
      options: SalePriceOptions,
    ): Promise<Map<number, Decimal | null>> {
      return salePrices(env, this, ids, options);
    }
  };
});

export type SaleProductModel = ProductModel & {
  getSalePrices(env: Env, ids: number[], options: SalePriceOptions): Promise<Map<number, Decimal | null>>;
};

/** The configuration's default lead time (sale adds it to product.configuration). */
export const configurationExtension = extend(
  'product.configuration',
  (Base) =>
    class extends Base {
      static override fields = {
        default_lead_time: multiValue(
          timedelta({
            string: 'Default Lead Time',
            help: 'The time from confirming the sales order to sending the products.\nUsed for products without a lead time.',
          }),
          { model: 'product.configuration.default_lead_time' },
        ),
      };
    },
);
