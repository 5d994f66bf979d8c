import {
  boolean,
  char,
  computed,
  date,
  Decimal,
  integer,
  many2one,
  Model,
  numeric,
  one2many,
  OrderSpec,
  selection,
  text,
} from 'nest-tryton';
import type { Env } from 'nest-tryton';
import type { CompanyModel } from '../company/company.model';
import { accountErrors } from './exceptions';
import { computeTaxes, TaxDefinition, TaxLine } from './tax-computation';

export class Tax extends Model {
  static override __name__ = 'account.tax';
  static override description = 'Tax';
  static override _order: OrderSpec = [
    ['sequence', 'ASC NULLS FIRST'],
    ['id', 'ASC'],
  ];
  static override fields = {
    name: char({ string: 'Name', required: true }),
    description: char({
      string: 'Description',
      translate: true,
      help: 'The name that will be used in reports.',
    }),
    sequence: integer({ string: 'Sequence' }),
    start_date: date({ string: 'Starting Date' }),
    end_date: date({ string: 'Ending Date' }),
    type: selection(
      [
        ['percentage', 'Percentage'],
        ['fixed', 'Fixed'],
        ['none', 'None'],
      ],
      { string: 'Type', required: true, default: 'percentage' },
    ),
    rate: numeric({ string: 'Rate', digits: [14, 10], help: 'A fraction: 0.21 for 21 %' }),
    amount: numeric({ string: 'Amount', digits: [16, 8], help: "In company's currency." }),
    parent: many2one('account.tax', { string: 'Parent', ondelete: 'CASCADE', select: true }),
    childs: one2many('account.tax', 'parent', { string: 'Children' }),
    company: many2one('company.company', {
      string: 'Company',
      required: true,
      select: true,
      default: (env: Env) => (env.model('company.company') as CompanyModel).current(env),
    }),
    currency: computed(
      many2one('currency.currency', { string: 'Currency' }),
      async (env, ids) => {
        const rows = await env.tx.query(
          `SELECT "t"."id", "c"."currency" FROM "account_tax" AS "t"
           JOIN "company_company" AS "c" ON "c"."id" = "t"."company" WHERE "t"."id" = ANY($1)`,
          [ids],
        );
        return new Map(rows.map((r) => [r.id as number, r.currency as number]));
      },
      { depends: ['company.currency'] },
    ),
    legal_notice: text({ string: 'Legal Notice', translate: true }),
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
    // Tryton's domains: a child belongs to its parent's company; dates in order; no cycle.
    const bad = await env.tx.query(
      `SELECT "t"."name", "p"."name" AS "parent", "t"."start_date" > "t"."end_date" AS "dates"
       FROM "account_tax" AS "t" LEFT JOIN "account_tax" AS "p" ON "p"."id" = "t"."parent"
       WHERE "t"."id" = ANY($1) AND ("p"."company" <> "t"."company" OR "t"."start_date" > "t"."end_date") LIMIT 1`,
      [ids],
    );
    if (bad.length) {
      if (bad[0].dates) accountErrors.raise('tax_dates', { tax: bad[0].name });
      accountErrors.raise('tax_parent_company', { tax: bad[0].name, parent: bad[0].parent });
    }
    const cycle = await env.tx.query(
      `WITH RECURSIVE "up"("start", "id", "depth") AS (
         SELECT "id", "parent", 1 FROM "account_tax" WHERE "id" = ANY($1) AND "parent" IS NOT NULL
         UNION ALL SELECT "up"."start", "t"."parent", "up"."depth" + 1 FROM "up"
           JOIN "account_tax" AS "t" ON "t"."id" = "up"."id"
         WHERE "t"."parent" IS NOT NULL AND "up"."id" <> "up"."start" AND "up"."depth" < 100)
       SELECT "t"."name" FROM "up" JOIN "account_tax" AS "t" ON "t"."id" = "up"."start"
       WHERE "up"."id" = "up"."start" LIMIT 1`,
      [ids],
    );
    if (cycle.length) accountErrors.raise('tax_recursion', { tax: cycle[0].name });
  }

  /**
   * Definitions of taxes with their children (and theirs), in one query: what `compute` needs. Inactive
   * children do not count, as Tryton's childs (an active-tested one2many) does not hold them.
   */
  static async definitions(env: Env, ids: number[]): Promise<Map<number, TaxDefinition>> {
    const result = new Map<number, TaxDefinition>();
    if (!ids.length) return result;
    const rows = await env.tx.query(
      `WITH RECURSIVE ${Tax.treeOf(`SELECT "id" FROM "account_tax" WHERE "id" = ANY($1)`)}
       SELECT ${Tax.DEFINITION_COLUMNS} FROM "account_tax" AS "t" JOIN "tree" ON "tree"."id" = "t"."id"
       ORDER BY "t"."sequence" ASC NULLS FIRST, "t"."id"`,
      [ids],
    );
    const all = Tax.definitionsOf(rows);
    for (const id of ids) if (all.has(id)) result.set(id, all.get(id)!);
    return result;
  }

  /**
   * For a statement that reads definitions beside other rows (a sale's lines and their taxes' in one
   * round trip): the recursive `"tree"("id")` of the taxes `seed` selects and their active children,
   * to follow WITH RECURSIVE.
   */
  static treeOf(seed: string): string {
    return `"tree"("id") AS (${seed}
      UNION SELECT "c"."id" FROM "account_tax" AS "c" JOIN "tree" ON "c"."parent" = "tree"."id"
      WHERE "c"."active")`;
  }

  /** The columns of "account_tax" AS "t" that definitionsOf reads. */
  static readonly DEFINITION_COLUMNS = `"t"."id", "t"."parent", "t"."type", "t"."rate", "t"."amount",
    "t"."sequence", "t"."active", TO_CHAR("t"."start_date", 'YYYY-MM-DD') AS "start_date",
    TO_CHAR("t"."end_date", 'YYYY-MM-DD') AS "end_date"`;

  /**
   * Every definition of rows read with DEFINITION_COLUMNS, each with its active children, by id. The
   * rows must come ordered by sequence (nulls first) then id: children are listed in that order.
   */
  static definitionsOf(rows: Record<string, any>[]): Map<number, TaxDefinition> {
    const all = new Map<number, TaxDefinition>();
    for (const r of rows) {
      all.set(r.id as number, {
        id: r.id,
        type: r.type,
        rate: r.rate === null ? null : new Decimal(r.rate),
        amount: r.amount === null ? null : new Decimal(r.amount),
        sequence: r.sequence,
        startDate: r.start_date,
        endDate: r.end_date,
        children: [],
      });
    }
    for (const r of rows) {
      const parent = r.parent === null ? undefined : all.get(r.parent as number);
      if (parent && r.active && r.id !== r.parent) parent.children!.push(all.get(r.id as number)!);
    }
    return all;
  }

  /** Tryton's Tax.compute at `date` (ISO, default today): valid taxes and their children, unrounded. */
  static compute(taxes: TaxDefinition[], unitPrice: Decimal, quantity: Decimal, date?: string): TaxLine[] {
    return computeTaxes(taxes, unitPrice, quantity, date);
  }
}

export type TaxModel = typeof Tax;
