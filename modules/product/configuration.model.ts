import { many2one, Model, multiValue, selection } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { COST_PRICE_METHODS } from './cost-price-method';

export interface ProductSettings {
  template_sequence: number | null;
  product_sequence: number | null;
  category_sequence: number | null;
  default_cost_price_method: string | null;
}

const settingsCache = new WeakMap<object, Promise<ProductSettings>>();
const CONFIGURATION_MODELS = ['product.configuration', 'product.configuration.default_cost_price_method'];

/** The product settings (Tryton's singleton product.configuration; its record is default data). */
export class ProductConfiguration extends Model {
  static override __name__ = 'product.configuration';
  static override _recNameDepends = [];
  static override description = 'Product Configuration';
  static override _recName: string | null = null;
  static override fields = {
    template_sequence: many2one('ir.sequence', {
      string: 'Product Sequence',
      help: 'Used to generate the product code.',
    }),
    product_sequence: many2one('ir.sequence', {
      string: 'Variant Sequence',
      help: 'Used to generate the variant code.',
    }),
    category_sequence: many2one('ir.sequence', {
      string: 'Category Sequence',
      help: 'Used to generate the category code.',
    }),
    default_cost_price_method: multiValue(
      selection(COST_PRICE_METHODS, {
        string: 'Default Cost Method',
        help: 'The default cost price method for new products.',
      }),
      { model: 'product.configuration.default_cost_price_method' },
    ),
  };

  static override async getRecName(_env: Env, ids: number[]): Promise<Map<number, string>> {
    return new Map(ids.map((id) => [id, 'Product Configuration']));
  }

  /**
   * The settings record's values (what code generation and defaults need): read once per transaction
   * (the defaults of a batch of templates), unless the transaction changed the configuration.
   */
  static async settings(env: Env): Promise<ProductSettings> {
    if (CONFIGURATION_MODELS.some((m) => env.touched.has(m))) return this.readSettings(env);
    let settings = settingsCache.get(env.tx);
    if (!settings) settingsCache.set(env.tx, (settings = this.readSettings(env)));
    return settings;
  }

  private static async readSettings(env: Env): Promise<ProductSettings> {
    const ids = await this.search(env.withoutChecks(), [], { limit: 1, order: [['id', 'ASC']] });
    if (!ids.length) {
      return {
        template_sequence: null,
        product_sequence: null,
        category_sequence: null,
        default_cost_price_method: 'fixed',
      };
    }
    const [row] = await this.read(env.withoutChecks(), ids, [
      'template_sequence',
      'product_sequence',
      'category_sequence',
      'default_cost_price_method',
    ]);
    return row as never;
  }
}

export type ProductConfigurationModel = typeof ProductConfiguration;

/** The default cost price method (Tryton's product.configuration.default_cost_price_method). */
export class ConfigurationDefaultCostPriceMethod extends Model {
  static override __name__ = 'product.configuration.default_cost_price_method';
  static override description = 'Product Configuration Default Cost Price Method';
  static override _recName: string | null = null;
  static override fields = {
    default_cost_price_method: selection(COST_PRICE_METHODS, { string: 'Default Cost Method' }),
  };
}
