import { findRef, many2one, Model, multiValue, selection, timedelta } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import type { CompanyModel } from '../company/company.model';
import { saleErrors } from './exceptions';
import { INVOICE_METHODS, SHIPMENT_METHODS } from './methods';

/** The pattern of a company value: the request's company (Tryton's CompanyMultiValueMixin). */
const companyPattern = async (env: Env) => ({
  company: await (env.model('company.company') as CompanyModel).current(env),
});

export interface SaleSettings {
  sale_sequence: number | null;
  sale_invoice_method: string;
  sale_shipment_method: string;
}

/** The sale settings (Tryton's singleton sale.configuration; its record is default data). */
export class SaleConfiguration extends Model {
  static override __name__ = 'sale.configuration';
  static override description = 'Sale Configuration';
  static override _recName: string | null = null;
  static override _recNameDepends = [];
  static override fields = {
    sale_sequence: multiValue(many2one('ir.sequence', { string: 'Sale Sequence', required: true }), {
      model: 'sale.configuration.sequence',
      pattern: companyPattern,
    }),
    sale_invoice_method: multiValue(selection(INVOICE_METHODS, { string: 'Sale Invoice Method' }), {
      model: 'sale.configuration.sale_method',
    }),
    sale_shipment_method: multiValue(selection(SHIPMENT_METHODS, { string: 'Sale Shipment Method' }), {
      model: 'sale.configuration.sale_method',
    }),
    sale_process_after: timedelta({
      string: 'Process Sale after',
      help: 'The grace period during which confirmed sale can still be reset to draft.\nApplied if a worker queue is activated.',
    }),
  };

  static override async getRecName(_env: Env, ids: number[]): Promise<Map<number, string>> {
    return new Map(ids.map((id) => [id, 'Sale Configuration']));
  }

  static override async validate(env: Env, ids: number[]): Promise<void> {
    await super.validate(env, ids);
    const rows = await env.tx.query(
      `SELECT 1 FROM "sale_configuration" WHERE "id" = ANY($1) AND "sale_process_after" < INTERVAL '0' LIMIT 1`,
      [ids],
    );
    if (rows.length) saleErrors.raise('process_after_negative');
  }

  /**
   * The settings of `company` (Tryton's get_multivalue with company=...): its own value row, else the
   * row for every company, else the value models' defaults (the sale sequence of the module, 'order').
   */
  static async settings(env: Env, company: number | null): Promise<SaleSettings> {
    const root = env.withoutChecks().withContext({ company });
    const ids = await this.search(root, [], { limit: 1, order: [['id', 'ASC']] });
    const row: Record<string, unknown> = ids.length
      ? (await this.read(root, ids, ['sale_sequence', 'sale_invoice_method', 'sale_shipment_method']))[0]
      : {};
    return {
      sale_sequence: (row.sale_sequence as number | null) ?? (await findRef(env, 'sale', 'sequence_sale')),
      sale_invoice_method: (row.sale_invoice_method as string | null) ?? 'order',
      sale_shipment_method: (row.sale_shipment_method as string | null) ?? 'order',
    };
  }
}

export type SaleConfigurationModel = typeof SaleConfiguration;

/** The sale sequence of a company (Tryton's sale.configuration.sequence, a CompanyValueMixin). */
export class ConfigurationSequence extends Model {
  static override __name__ = 'sale.configuration.sequence';
  static override description = 'Sale Configuration Sequence';
  static override _recName: string | null = null;
  static override fields = {
    company: many2one('company.company', { string: 'Company', ondelete: 'CASCADE', select: true }),
    sale_sequence: many2one('ir.sequence', {
      string: 'Sale Sequence',
      required: true,
      default: (env: Env) => findRef(env, 'sale', 'sequence_sale'),
    }),
  };

  /** Tryton's domain: the sequence is one for the value's company or for every company. */
  static override async validate(env: Env, ids: number[]): Promise<void> {
    await super.validate(env, ids);
    const rows = await env.tx.query(
      `SELECT "s"."name", "v"."company" FROM "sale_configuration_sequence" AS "v"
       JOIN "ir_sequence" AS "s" ON "s"."id" = "v"."sale_sequence"
       WHERE "v"."id" = ANY($1) AND "s"."company" IS NOT NULL AND "s"."company" IS DISTINCT FROM "v"."company" LIMIT 1`,
      [ids],
    );
    if (rows.length) {
      const company = rows[0].company
        ? (await env.model('company.company').getRecName(env.withoutChecks(), [rows[0].company])).get(
            rows[0].company,
          )
        : 'every company';
      saleErrors.raise('sequence_company', { sequence: rows[0].name, company });
    }
  }
}

/** The default invoice and shipment methods of sales (Tryton's sale.configuration.sale_method). */
export class ConfigurationSaleMethod extends Model {
  static override __name__ = 'sale.configuration.sale_method';
  static override description = 'Sale Configuration Sale Method';
  static override _recName: string | null = null;
  static override fields = {
    sale_invoice_method: selection(INVOICE_METHODS, { string: 'Sale Invoice Method', default: 'order' }),
    sale_shipment_method: selection(SHIPMENT_METHODS, { string: 'Sale Shipment Method', default: 'order' }),
  };
}
