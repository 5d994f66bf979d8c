import type { ReportingContext } from './context';

/** The models the report's rows come from (its cache dependencies). */
export const LINE_MODELS = [
  'sale.line',
  'sale.sale',
  'company.company',
  'currency.currency.rate',
  'party.address',
  'party.party-party.category',
  'product.product',
  'product.template-product.category',
];

/** A currency's rate on the sale's date (Tryton's currency_rate_sql), as an SQL expression. */
const rate = (currency: string) =>
  `(SELECT "r"."rate" FROM "currency_currency_rate" AS "r" WHERE "r"."currency" = ${currency} AND "r"."date" <= COALESCE("s"."sale_date", CURRENT_DATE) ORDER BY "r"."date" DESC LIMIT 1)`;

/**
 * The confirmed, processing and done sale lines of the context's company and dates: one row per line with
 * what the reports group by, and its revenue in the company's currency.
 */
export function saleLinesSql(context: ReportingContext): string {
  const where = [
    `"l"."type" = 'line'`,
    `"s"."state" IN ('confirmed', 'processing', 'done')`,
    context.company ? `"s"."company" = ${context.company}` : 'FALSE',
  ];
  if (context.from) where.push(`"s"."sale_date" >= DATE '${context.from}'`);
  if (context.to) where.push(`"s"."sale_date" <= DATE '${context.to}'`);
  // A user sees the reports of the companies they work for (the sales' record rule).
  if (context.user !== null) {
    where.push(
      `"s"."company" IN (SELECT "company" FROM "res_user-company_company" WHERE "user" = ${context.user})`,
    );
  }
  return `SELECT "l"."id" AS "line", "s"."id" AS "sale", "s"."company", "c"."currency", "s"."party" AS "customer",
      "l"."product", "s"."sale_date", "a"."country", "a"."subdivision",
      CAST("l"."quantity" AS NUMERIC) * "l"."unit_price" * CASE WHEN "s"."currency" = "c"."currency" THEN 1
        ELSE COALESCE(${rate('"c"."currency"')} / NULLIF(${rate('"s"."currency"')}, 0), 1) END AS "revenue"
    FROM "sale_line" AS "l" JOIN "sale_sale" AS "s" ON "s"."id" = "l"."sale"
    JOIN "company_company" AS "c" ON "c"."id" = "s"."company"
    LEFT JOIN "party_address" AS "a" ON "a"."id" = "s"."shipment_address"
    WHERE ${where.join(' AND ')}`;
}

/** Columns every model has, empty on a report. */
export const NO_AUDIT = `NULL::INTEGER AS "create_uid", NULL::TIMESTAMP AS "create_date", NULL::INTEGER AS "write_uid", NULL::TIMESTAMP AS "write_date"`;
