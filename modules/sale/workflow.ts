import { findRef, PlainDate, recordTransition } from 'nest-tryton';
import type { Env, ModelClass, Sequence } from 'nest-tryton';
import { saleErrors } from './exceptions';
import { computeSaleAmounts } from './totals';

/** Tryton's sale._transitions: (from, to). */
export const TRANSITIONS: ReadonlySet<string> = new Set(
  [
    ['draft', 'quotation'],
    ['quotation', 'confirmed'],
    ['confirmed', 'processing'],
    ['confirmed', 'draft'],
    ['processing', 'processing'],
    ['processing', 'done'],
    ['done', 'processing'],
    ['draft', 'cancelled'],
    ['quotation', 'cancelled'],
    ['quotation', 'draft'],
    ['cancelled', 'draft'],
  ].map(([from, to]) => `${from}>${to}`),
);

/** Button access: the REST layer checks it too; internal calls (delete cancels first) skip it. */
export async function checkButton(env: Env, model: ModelClass, button: string): Promise<void> {
  if (env.checking) await env.access.checkButton(env, model, button);
}

/**
 * Tryton's Workflow.transition: the sales (visible to the user) whose state may move to `to`; the
 * others are skipped, not an error. Returns them with their current state.
 */
export async function transitionable(
  env: Env,
  model: ModelClass,
  ids: number[],
  to: string,
): Promise<Map<number, string>> {
  const records = await model.read(env, [...new Set(ids)], ['state']);
  return new Map(
    records
      .filter((r) => TRANSITIONS.has(`${r.state as string}>${to}`))
      .map((r) => [r.id, r.state as string]),
  );
}

/**
 * Writes the new state (workflow fields are read-only for API users: the writes run without checks)
 * and logs the transition (Tryton's `transition` event).
 */
export async function setState(
  env: Env,
  model: ModelClass,
  moves: Map<number, string>,
  to: string,
): Promise<void> {
  const ids = [...moves].filter(([, from]) => from !== to).map(([id]) => id);
  if (!ids.length) return;
  await model.write(env.withoutChecks(), ids, { state: to });
  await recordTransition(env, model.__name__, ids, 'state', to);
}

/** Tryton's check_for_quotation: an invoice and a shipment address, and lines. */
export async function checkForQuotation(env: Env, model: ModelClass, ids: number[]): Promise<void> {
  if (!ids.length) return;
  const rows = await env.tx.query(
    `SELECT "s"."id", "s"."invoice_address", "s"."shipment_address",
       EXISTS (SELECT 1 FROM "sale_line" AS "l" WHERE "l"."sale" = "s"."id") AS "has_lines"
     FROM "sale_sale" AS "s" WHERE "s"."id" = ANY($1) ORDER BY "s"."id"`,
    [ids],
  );
  for (const row of rows) {
    const problem = !row.invoice_address
      ? 'invoice_address_required'
      : !row.shipment_address
        ? 'shipment_address_required'
        : !row.has_lines
          ? 'lines_required'
          : null;
    if (problem) {
      const name = (await model.getRecName(env.withoutChecks(), [row.id])).get(row.id);
      saleErrors.raise(problem, { sale: name });
    }
  }
}

/** Numbers from the sale sequence for the sales that have none (Tryton's set_number). */
export async function setNumber(env: Env, model: ModelClass, ids: number[]): Promise<void> {
  const rows = await env.tx.query(
    'SELECT "id" FROM "sale_sale" WHERE "id" = ANY($1) AND "number" IS NULL ORDER BY "id"',
    [ids],
  );
  if (!rows.length) return;
  const sequence = (await findRef(env, 'sale', 'sequence_sale')) ?? saleErrors.raise('missing_sequence');
  const numbers = await (env.model('ir.sequence') as typeof Sequence).nextNumbers(env, sequence, rows.length);
  const root = env.withoutChecks();
  for (const [i, row] of rows.entries()) await model.write(root, [row.id], { number: numbers[i] });
}

/** Tryton's set_sale_date: today for the sales that have no date. */
export async function setSaleDate(env: Env, model: ModelClass, ids: number[]): Promise<void> {
  const rows = await env.tx.query(
    'SELECT "id" FROM "sale_sale" WHERE "id" = ANY($1) AND "sale_date" IS NULL',
    [ids],
  );
  if (rows.length)
    await model.write(
      env.withoutChecks(),
      rows.map((r) => r.id as number),
      { sale_date: PlainDate.today() },
    );
}

/** Tryton's store_cache: the amounts, computed from the lines, stored on the sale. */
export async function storeCache(env: Env, model: ModelClass, ids: number[]): Promise<void> {
  const root = env.withoutChecks();
  for (const [id, amounts] of await computeSaleAmounts(env, ids)) {
    await model.write(root, [id], {
      untaxed_amount_cache: amounts.untaxed,
      tax_amount_cache: amounts.tax,
      total_amount_cache: amounts.total,
    });
  }
}
