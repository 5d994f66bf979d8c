import { boolean, char, Decimal, integer, Model, numeric, OrderSpec, selection } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { accountErrors } from './exceptions';
import { computeTaxes, TaxDefinition, TaxLine } from './tax-computation';

export class Tax extends Model {
  static override __name__ = 'account.tax';
  static override description = 'Tax';
  static override _order: OrderSpec = [['sequence', 'ASC NULLS FIRST']];
  static override fields = {
    name: char({ string: 'Name', required: true }),
    description: char({ string: 'Description', translate: true }),
    sequence: integer({ string: 'Sequence' }),
    type: selection(
      [
        ['percentage', 'Percentage'],
        ['fixed', 'Fixed'],
      ],
      { string: 'Type', required: true, default: 'percentage' },
    ),
    rate: numeric({ string: 'Rate', digits: [14, 10], help: 'A fraction: 0.21 for 21 %' }),
    amount: numeric({ string: 'Amount', digits: [16, 8], help: 'Per unit, in the document currency' }),
    active: boolean({ string: 'Active', default: true }),
  };

  static override async validate(env: Env, ids: number[]): Promise<void> {
    await super.validate(env, ids);
    const rows = await env.tx.query(
      `SELECT "name", "type" FROM "account_tax" WHERE "id" = ANY($1)
       AND (("type" = 'percentage' AND "rate" IS NULL) OR ("type" = 'fixed' AND "amount" IS NULL)) LIMIT 1`,
      [ids],
    );
    if (rows.length) {
      accountErrors.raise(rows[0].type === 'fixed' ? 'tax_amount_required' : 'tax_rate_required', {
        tax: rows[0].name,
      });
    }
  }

  /** Definitions of taxes, in one query. */
  static async definitions(env: Env, ids: number[]): Promise<Map<number, TaxDefinition>> {
    const rows = await env.tx.query(
      'SELECT "id", "type", "rate", "amount" FROM "account_tax" WHERE "id" = ANY($1)',
      [ids],
    );
    return new Map(
      rows.map((r) => [
        r.id as number,
        {
          id: r.id,
          type: r.type,
          rate: r.rate === null ? null : new Decimal(r.rate),
          amount: r.amount === null ? null : new Decimal(r.amount),
        },
      ]),
    );
  }

  static compute(taxes: TaxDefinition[], unitPrice: Decimal, quantity: Decimal): TaxLine[] {
    return computeTaxes(taxes, unitPrice, quantity);
  }
}

export type TaxModel = typeof Tax;
