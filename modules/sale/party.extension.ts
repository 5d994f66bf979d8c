import { extend, many2one, Model, multiValue, one2many, selection } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import type { CompanyModel } from '../company/company.model';
import { INVOICE_METHODS, SHIPMENT_METHODS } from './methods';

const companyPattern = async (env: Env) => ({
  company: await (env.model('company.company') as CompanyModel).current(env),
});

/**
 * A customer's sale defaults (Tryton's sale party.py): invoice and shipment methods per company (empty:
 * the configuration's), and the currency of their sales.
 */
export const partyExtension = extend(
  'party.party',
  (Base) =>
    class extends Base {
      static override fields = {
        sale_invoice_method: multiValue(
          selection(INVOICE_METHODS, {
            string: 'Invoice Method',
            help: 'The default sale invoice method for the customer.\nLeave empty to use the default value from the configuration.',
          }),
          {
            model: 'party.party.sale_method',
            parent: 'party',
            pattern: companyPattern,
            one2many: 'sale_methods',
          },
        ),
        sale_shipment_method: multiValue(
          selection(SHIPMENT_METHODS, {
            string: 'Shipment Method',
            help: 'The default sale shipment method for the customer.\nLeave empty to use the default value from the configuration.',
          }),
          {
            model: 'party.party.sale_method',
            parent: 'party',
            pattern: companyPattern,
            one2many: 'sale_methods',
          },
        ),
        sale_methods: one2many('party.party.sale_method', 'party', { string: 'Sale Methods' }),
        customer_currency: multiValue(
          many2one('currency.currency', {
            string: 'Customer Currency',
            ondelete: 'RESTRICT',
            help: 'Default currency for sales to this party.',
          }),
          { model: 'party.party.customer_currency', parent: 'party', one2many: 'customer_currencies' },
        ),
        customer_currencies: one2many('party.party.customer_currency', 'party', {
          string: 'Customer Currencies',
        }),
      };
    },
);

/** A party's invoice and shipment methods in a company (Tryton's party.party.sale_method). */
export class PartySaleMethod extends Model {
  static override __name__ = 'party.party.sale_method';
  static override description = 'Party Sale Method';
  static override _recName: string | null = null;
  static override _access = 'party';
  static override fields = {
    party: many2one('party.party', { string: 'Party', ondelete: 'CASCADE', select: true }),
    company: many2one('company.company', { string: 'Company', ondelete: 'CASCADE', select: true }),
    sale_invoice_method: selection(INVOICE_METHODS, { string: 'Sale Invoice Method' }),
    sale_shipment_method: selection(SHIPMENT_METHODS, { string: 'Sale Shipment Method' }),
  };
}

/** A party's currency of sales (Tryton's party.party.customer_currency). */
export class PartyCustomerCurrency extends Model {
  static override __name__ = 'party.party.customer_currency';
  static override description = 'Party Customer Currency';
  static override _recName: string | null = null;
  static override _access = 'party';
  static override fields = {
    party: many2one('party.party', { string: 'Party', ondelete: 'CASCADE', select: true }),
    customer_currency: many2one('currency.currency', { string: 'Customer Currency', ondelete: 'RESTRICT' }),
  };
}

export interface PartySaleDefaults {
  invoice_method: string | null;
  shipment_method: string | null;
  currency: number | null;
}

/**
 * What a sale of `party` in `company` takes from the party (Tryton's on_change_party): its methods for
 * the company (else for every company) and its customer currency. Two queries for any number of pairs.
 */
export async function partySaleDefaults(
  env: Env,
  pairs: { party: number; company: number | null }[],
): Promise<Map<string, PartySaleDefaults>> {
  const result = new Map<string, PartySaleDefaults>();
  if (!pairs.length) return result;
  const parties = [...new Set(pairs.map((p) => p.party))];
  const methods = await env.tx.query(
    `SELECT "party", "company", "sale_invoice_method", "sale_shipment_method" FROM "party_party_sale_method"
     WHERE "party" = ANY($1) ORDER BY "party", "company" NULLS LAST, "id"`,
    [parties],
  );
  const currencies = await env.tx.query(
    `SELECT DISTINCT ON ("party") "party", "customer_currency" FROM "party_party_customer_currency"
     WHERE "party" = ANY($1) ORDER BY "party", "id"`,
    [parties],
  );
  env.reads.add('party.party.sale_method').add('party.party.customer_currency');
  const currencyOf = new Map(
    currencies.map((r) => [r.party as number, r.customer_currency as number | null]),
  );
  for (const { party, company } of pairs) {
    const rows = methods.filter((m) => m.party === party && (m.company === company || m.company === null));
    const row = rows.find((m) => m.company === company) ?? rows.find((m) => m.company === null);
    result.set(`${party}:${company}`, {
      invoice_method: (row?.sale_invoice_method as string | null) ?? null,
      shipment_method: (row?.sale_shipment_method as string | null) ?? null,
      currency: currencyOf.get(party) ?? null,
    });
  }
  return result;
}
