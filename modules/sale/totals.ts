import { Decimal } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import type { CurrencyModel } from '../currency/currency.model';
import type { TaxModel } from '../account/tax.model';
import type { TaxDefinition } from '../account/tax-computation';
import { AmountLine, lineAmount, SaleAmounts, saleAmounts, subtotals } from './amounts';

/** States whose amounts are stored at the transition (Tryton's _states_cached). */
export const CACHED_STATES = new Set(['confirmed', 'processing', 'done', 'cancelled']);

const dec = (v: unknown) => (v === null || v === undefined ? null : new Decimal(v as string));

interface LineRow {
  id: number;
  sale: number;
  type: string;
  quantity: Decimal | null;
  unitPrice: Decimal | null;
}

async function linesOf(env: Env, where: string, ids: number[]): Promise<LineRow[]> {
  const rows = await env.tx.query(
    `SELECT "id", "sale", "type", "quantity", "unit_price" FROM "sale_line" WHERE ${where} = ANY($1)
     ORDER BY "sale", "sequence" ASC NULLS FIRST, "id" ASC`,
    [ids],
  );
  return rows.map(lineOf);
}

/** A sale_line row as the amounts read it. */
function lineOf(r: Record<string, any>): LineRow {
  return { id: r.id, sale: r.sale, type: r.type, quantity: dec(r.quantity), unitPrice: dec(r.unit_price) };
}

/**
 * The lines of sales, each with its taxes' ids, and the definitions of those taxes (with their
 * children) in the same statement: the definitions do not wait for the lines' answer (one round trip
 * less on a sale's total). Tax.compute sorts a line's taxes: their order does not matter.
 */
async function linesWithTaxesOf(
  env: Env,
  saleIds: number[],
): Promise<{ lines: (LineRow & { taxes: number[] })[]; definitions: Map<number, TaxDefinition> }> {
  const Tax = env.model('account.tax') as TaxModel;
  // Lines (kind 0) by sale, sequence and id; then definitions (kind 1) by sequence and id.
  const rows = await env.tx.query(
    `WITH RECURSIVE "l" AS (
       SELECT "l"."id", "l"."sale", "l"."type", "l"."quantity", "l"."unit_price", "l"."sequence",
         ARRAY(SELECT "t"."tax" FROM "sale_line_account_tax" AS "t" WHERE "t"."line" = "l"."id") AS "taxes"
       FROM "sale_line" AS "l" WHERE "l"."sale" = ANY($1)),
     ${Tax.treeOf(`SELECT UNNEST("l"."taxes") FROM "l"`)},
     "d" AS (SELECT ${Tax.DEFINITION_COLUMNS} FROM "account_tax" AS "t" JOIN "tree" ON "tree"."id" = "t"."id")
     SELECT 0 AS "kind", "l"."sale", "l"."sequence", "l"."id", "l"."type", "l"."quantity", "l"."unit_price",
       "l"."taxes", NULL::integer AS "parent", NULL::numeric AS "rate", NULL::numeric AS "amount",
       NULL::boolean AS "active", NULL::text AS "start_date", NULL::text AS "end_date"
     FROM "l"
     UNION ALL
     SELECT 1, NULL, "d"."sequence", "d"."id", "d"."type", NULL, NULL, NULL, "d"."parent", "d"."rate",
       "d"."amount", "d"."active", "d"."start_date", "d"."end_date"
     FROM "d"
     ORDER BY "kind", "sale", "sequence" ASC NULLS FIRST, "id" ASC`,
    [saleIds],
  );
  const at = rows.findIndex((r) => r.kind === 1);
  const lineRows = at < 0 ? rows : rows.slice(0, at);
  return {
    lines: lineRows.map((r) => ({ ...lineOf(r), taxes: r.taxes as number[] })),
    definitions: Tax.definitionsOf(at < 0 ? [] : rows.slice(at)),
  };
}

async function roundersOf(env: Env, saleIds: number[]): Promise<Map<number, (a: Decimal) => Decimal>> {
  // Through the reader (as root): a read-only request has read these sales' rows already.
  const rows = await env.model('sale.sale').read(env.withoutChecks(), saleIds, ['currency']);
  const Currency = env.model('currency.currency') as CurrencyModel;
  const roundings = await Currency.roundings(env, [...new Set(rows.map((r) => r.currency as number))]);
  return new Map(
    rows.map((r) => {
      const currency = roundings.get(r.currency as number) ?? { rounding: null };
      return [r.id as number, (a: Decimal) => Currency.round(currency, a)];
    }),
  );
}

/** Amounts computed from the lines (never the caches): a constant number of queries for any number of sales. */
export async function computeSaleAmounts(env: Env, saleIds: number[]): Promise<Map<number, SaleAmounts>> {
  const result = new Map<number, SaleAmounts>();
  if (!saleIds.length) return result;
  // The lines with their taxes and the taxes' definitions (one statement), and the currencies'
  // roundings, need only the sales: asked together, they share one round trip.
  const asked = await Promise.allSettled([linesWithTaxesOf(env, saleIds), roundersOf(env, saleIds)]);
  // Every one has ended before a failure is told (none left running on the transaction).
  for (const outcome of asked) if (outcome.status === 'rejected') throw outcome.reason;
  const [{ lines, definitions }, rounders] = asked.map(
    (o) => (o as PromiseFulfilledResult<unknown>).value,
  ) as [Awaited<ReturnType<typeof linesWithTaxesOf>>, Map<number, (a: Decimal) => Decimal>];
  const Tax = env.model('account.tax') as TaxModel;
  const bySale = new Map<number, AmountLine[]>(saleIds.map((id) => [id, []]));
  for (const line of lines) {
    const taxes = line.taxes.map((t) => definitions.get(t)!).filter(Boolean);
    const taxLines =
      line.type === 'line'
        ? Tax.compute(taxes, line.unitPrice ?? new Decimal(0), line.quantity ?? new Decimal(0))
        : [];
    bySale.get(line.sale)?.push({ ...line, taxLines });
  }
  for (const [sale, saleLines] of bySale) {
    const round = rounders.get(sale);
    if (round) result.set(sale, saleAmounts(saleLines, round));
  }
  return result;
}

/** Amounts as the sale shows them: the stored caches in the cached states, else computed. */
export async function saleTotals(env: Env, saleIds: number[]): Promise<Map<number, SaleAmounts>> {
  const rows = await env
    .model('sale.sale')
    .read(env.withoutChecks(), saleIds, [
      'state',
      'untaxed_amount_cache',
      'tax_amount_cache',
      'total_amount_cache',
    ]);
  const result = new Map<number, SaleAmounts>();
  const live: number[] = [];
  for (const r of rows) {
    const [untaxed, tax, total] = [r.untaxed_amount_cache, r.tax_amount_cache, r.total_amount_cache].map(dec);
    if (CACHED_STATES.has(r.state as string) && untaxed && tax && total)
      result.set(r.id, { untaxed, tax, total });
    else live.push(r.id);
  }
  for (const [id, amounts] of await computeSaleAmounts(env, live)) result.set(id, amounts);
  return result;
}

/** Amounts of sale lines: rounded quantity × unit price; subtotals sum the lines above them. */
export async function lineAmounts(env: Env, lineIds: number[]): Promise<Map<number, Decimal>> {
  const lines = await linesOf(env, '"id"', lineIds);
  const rounders = await roundersOf(env, [...new Set(lines.map((l) => l.sale))]);
  const result = new Map<number, Decimal>();
  const withSubtotals = [...new Set(lines.filter((l) => l.type === 'subtotal').map((l) => l.sale))];
  for (const line of lines) result.set(line.id, lineAmount(line, rounders.get(line.sale)!));
  if (withSubtotals.length) {
    const all = await linesOf(env, '"sale"', withSubtotals);
    for (const sale of withSubtotals) {
      const values = subtotals(
        all.filter((l) => l.sale === sale),
        rounders.get(sale)!,
      );
      for (const [id, amount] of values) if (result.has(id)) result.set(id, amount);
    }
  }
  return result;
}
