import {
  And,
  Bool,
  char,
  computed,
  date,
  Equal,
  Eval,
  In,
  many2one,
  Model,
  ModelClass,
  Not,
  numeric,
  one2many,
  Or,
  OrderSpec,
  reference,
  selection,
  text,
  Values,
} from 'nest-tryton';
import type { Env } from 'nest-tryton';
import type { CompanyModel } from '../company/company.model';
import { isNegative } from '../rec-name';
import type { SaleConfigurationModel, SaleSettings } from './configuration.model';
import { saleErrors } from './exceptions';
import { INVOICE_METHODS, SHIPMENT_METHODS } from './methods';
import { partySaleDefaults } from './party.extension';
import { saleTotals } from './totals';
import {
  checkButton,
  checkForQuotation,
  setNumber,
  setSaleDate,
  setState,
  storeCache,
  transitionable,
} from './workflow';

export const SALE_STATES: [string, string][] = [
  ['draft', 'Draft'],
  ['quotation', 'Quotation'],
  ['confirmed', 'Confirmed'],
  ['processing', 'Processing'],
  ['done', 'Done'],
  ['cancelled', 'Cancelled'],
];

/** Set by the buttons only: an API user writing them would bypass the workflow. */
const WORKFLOW_FIELDS = ['state', 'number', 'untaxed_amount_cache', 'tax_amount_cache', 'total_amount_cache'];

const amount = (string: string, key: 'untaxed' | 'tax' | 'total') =>
  computed(
    numeric({ string }),
    async (env, ids) => {
      const totals = await saleTotals(env, ids);
      return new Map(ids.map((id) => [id, totals.get(id)?.[key] ?? null]));
    },
    { depends: ['state', `${key}_amount_cache`, 'currency', 'lines.amount', 'lines.taxes'] },
  );

/** Tryton's sale header rule: most fields are editable only while the sale is a draft. */
const draftOnly = Not(Equal(Eval('state'), 'draft'));
const requiredConfirmed = Not(In(Eval('state'), ['draft', 'quotation', 'cancelled']));

const idOf = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null);

/**
 * The sale configuration of the request's company, read once per transaction and company for the
 * defaults of a batch of sales (unless the transaction changed the configuration).
 */
const settingsCache = new WeakMap<object, Map<number | null, Promise<SaleSettings>>>();
const CONFIGURATION_MODELS = [
  'sale.configuration',
  'sale.configuration.sale_method',
  'sale.configuration.sequence',
];
async function settingsOf(env: Env): Promise<SaleSettings> {
  const company = await (env.model('company.company') as CompanyModel).current(env);
  const read = () => (env.model('sale.configuration') as SaleConfigurationModel).settings(env, company);
  if (CONFIGURATION_MODELS.some((m) => env.touched.has(m))) return read();
  let byCompany = settingsCache.get(env.tx);
  if (!byCompany) settingsCache.set(env.tx, (byCompany = new Map()));
  let settings = byCompany.get(company);
  if (!settings) byCompany.set(company, (settings = read()));
  return settings;
}

/** The workflow buttons take no arguments; each answers the sale as it is after the transition. */
const NO_ARGUMENTS = { type: 'object', maxProperties: 0, examples: [{}] };

export class Sale extends Model {
  static override __name__ = 'sale.sale';
  static override description = 'Sale';
  static override _recName = 'number';
  static override _recNameDepends = ['number', 'reference'];
  // Its amounts are rounded in its currency: read with it (no statement of their own for it).
  static override _prefetch = ['currency'];
  static override _order: OrderSpec = [
    ['sale_date', 'DESC NULLS FIRST'],
    ['id', 'DESC'],
  ];
  static override _buttons = {
    quote: { summary: 'draft to quotation (checks lines and addresses)', parameters: NO_ARGUMENTS },
    confirm: { summary: 'quotation to confirmed (sets the sale date)', parameters: NO_ARGUMENTS },
    process: {
      groups: ['sale.group_sale_admin'],
      summary: 'confirmed to processing',
      parameters: NO_ARGUMENTS,
    },
    draft: { summary: 'quotation, confirmed or cancelled back to draft', parameters: NO_ARGUMENTS },
    cancel: { summary: 'draft or quotation to cancelled', parameters: NO_ARGUMENTS },
  };
  static override fields = {
    company: many2one('company.company', {
      string: 'Company',
      required: true,
      select: true,
      states: {
        readonly: Or(
          draftOnly,
          Bool(Eval('lines', [0])),
          Eval('party', true),
          Eval('invoice_party', true),
          Eval('shipment_party', true),
        ),
      },
    }),
    number: char({ string: 'Number', readonly: true, select: true }),
    reference: char({ string: 'Reference', select: true }),
    description: char({ string: 'Description', states: { readonly: draftOnly } }),
    sale_date: date({
      string: 'Sale Date',
      states: { readonly: Not(In(Eval('state'), ['draft', 'quotation'])), required: requiredConfirmed },
    }),
    party: many2one('party.party', {
      string: 'Party',
      required: true,
      select: true,
      states: { readonly: Or(draftOnly, And(Bool(Eval('lines', [0])), Bool(Eval('party')))) },
    }),
    invoice_address: many2one('party.address', {
      string: 'Invoice Address',
      states: { readonly: draftOnly, required: requiredConfirmed },
    }),
    shipment_address: many2one('party.address', {
      string: 'Shipment Address',
      states: { readonly: draftOnly },
    }),
    currency: many2one('currency.currency', {
      string: 'Currency',
      required: true,
      states: { readonly: Or(draftOnly, And(Bool(Eval('lines', [0])), Bool(Eval('currency', 0)))) },
    }),
    lines: one2many('sale.line', 'sale', { string: 'Lines', states: { readonly: draftOnly } }),
    comment: text({ string: 'Comment' }),
    // Tryton's AttachmentCopyMixin and NoteCopyMixin: one2many on the `resource` reference.
    attachments: one2many('ir.attachment', 'resource', { string: 'Attachments' }),
    notes: one2many('ir.note', 'resource', { string: 'Notes' }),
    state: selection(SALE_STATES, {
      string: 'State',
      required: true,
      readonly: true,
      default: 'draft',
      select: true,
    }),
    untaxed_amount: amount('Untaxed', 'untaxed'),
    tax_amount: amount('Tax', 'tax'),
    total_amount: amount('Total', 'total'),
    untaxed_amount_cache: numeric({ string: 'Untaxed Cache', readonly: true }),
    tax_amount_cache: numeric({ string: 'Tax Cache', readonly: true }),
    total_amount_cache: numeric({ string: 'Total Cache', readonly: true }),
    contact: many2one('party.contact_mechanism', {
      string: 'Contact',
      help: 'The contact mechanism of the party the sale is discussed with.',
    }),
    invoice_party: many2one('party.party', {
      string: 'Invoice Party',
      states: { readonly: Or(draftOnly, Bool(Eval('lines', [0]))) },
    }),
    shipment_party: many2one('party.party', { string: 'Shipment Party', states: { readonly: draftOnly } }),
    shipping_date: date({
      string: 'Shipping Date',
      help: 'When the shipping of goods should start.',
      states: { readonly: In(Eval('state'), ['processing', 'done', 'cancelled']) },
    }),
    quoted_by: many2one('company.employee', {
      string: 'Quoted By',
      readonly: true,
      states: { readonly: In(Eval('state'), ['quotation', 'confirmed', 'processing', 'done', 'cancelled']) },
    }),
    confirmed_by: many2one('company.employee', {
      string: 'Confirmed By',
      readonly: true,
      states: { readonly: In(Eval('state'), ['confirmed', 'processing', 'done', 'cancelled']) },
    }),
    party_lang: computed(
      char({ string: 'Party Language' }),
      async (env, ids, _name, model) => {
        const rows = await model.read(env.withoutChecks(), ids, ['party.lang.code']);
        return new Map(
          rows.map((r) => [r.id, (r.party as { lang: { code: string } | null } | null)?.lang?.code ?? null]),
        );
      },
      { depends: ['party.lang.code'] },
    ),
    // Tryton's default_invoice_method / default_shipment_method: the configuration's.
    invoice_method: selection(INVOICE_METHODS, {
      string: 'Invoice Method',
      required: true,
      default: async (env: Env) => (await settingsOf(env)).sale_invoice_method,
      states: { readonly: draftOnly },
    }),
    shipment_method: selection(SHIPMENT_METHODS, {
      string: 'Shipment Method',
      required: true,
      default: async (env: Env) => (await settingsOf(env)).sale_shipment_method,
      states: { readonly: draftOnly },
    }),
    // Invoicing and shipping are not mirrored (account_invoice, stock): nothing is ever pending.
    invoice_state: selection(
      [
        ['none', 'None'],
        ['pending', 'Pending'],
        ['awaiting payment', 'Awaiting Payment'],
        ['partially paid', 'Partially Paid'],
        ['paid', 'Paid'],
        ['exception', 'Exception'],
      ],
      { string: 'Invoice State', required: true, readonly: true, default: 'none' },
    ),
    shipment_state: selection(
      [
        ['none', 'None'],
        ['waiting', 'Waiting'],
        ['partially shipped', 'Partially Shipped'],
        ['sent', 'Sent'],
        ['exception', 'Exception'],
      ],
      { string: 'Shipment State', required: true, readonly: true, default: 'none' },
    ),
    line_lines: one2many('sale.line', 'sale', { string: 'Line - Lines', readonly: true }),
    origin: reference([['sale.sale', 'Sale']], {
      string: 'Origin',
      readonly: true,
      states: { readonly: draftOnly },
    }),
  };

  /** rec_name = number [reference], or (id) for a sale that has neither. */
  static override async getRecName(env: Env, ids: number[]): Promise<Map<number, string>> {
    const rows = await env.tx.query(
      'SELECT "id", "number", "reference" FROM "sale_sale" WHERE "id" = ANY($1)',
      [ids],
    );
    return new Map(
      rows.map((r) => {
        const parts = [r.number, r.reference ? `[${r.reference as string}]` : null].filter(Boolean);
        return [r.id as number, parts.length ? parts.join(' ') : `(${r.id as number})`];
      }),
    );
  }

  static override searchRecName(_env: Env, operator: string, value: unknown) {
    return [isNegative(operator) ? 'AND' : 'OR', ['number', operator, value], ['reference', operator, value]];
  }

  /**
   * What Tryton's client fills in when the user picks a party (on_change_party) or opens the form
   * (default_company, default_currency): the company, its currency, and the party's first address as
   * invoice and shipment address. Values sent always win.
   */
  static override async complete(env: Env, vlist: Values[]): Promise<Values[]> {
    let completed = await super.complete(env, vlist);
    if (completed.some((v) => !('company' in v))) {
      const company = await (env.model('company.company') as CompanyModel).current(env);
      if (company) completed = completed.map((v) => ('company' in v ? v : { ...v, company }));
    }
    // Tryton's on_change_party: the party's methods in the company, its currency while there are no lines.
    const pairs = completed
      .filter((v) => idOf(v.party))
      .map((v) => ({ party: idOf(v.party)!, company: idOf(v.company) }));
    if (pairs.length) {
      const defaults = await partySaleDefaults(env, pairs);
      completed = completed.map((v) => {
        const found = idOf(v.party) ? defaults.get(`${idOf(v.party)}:${idOf(v.company)}`) : undefined;
        if (!found) return v;
        const noLines = !Array.isArray(v.lines) || !v.lines.length;
        return {
          ...(found.invoice_method ? { invoice_method: found.invoice_method } : {}),
          ...(found.shipment_method ? { shipment_method: found.shipment_method } : {}),
          ...(found.currency && noLines ? { currency: found.currency } : {}),
          ...v,
        };
      });
    }
    const companies = [...new Set(completed.filter((v) => !('currency' in v)).map((v) => idOf(v.company)))];
    const ids = companies.filter((c): c is number => c !== null);
    if (ids.length) {
      const currencies = await (env.model('company.company') as CompanyModel).currencies(env, ids);
      completed = completed.map((v) => {
        const currency = currencies.get(idOf(v.company) ?? 0);
        return 'currency' in v || !currency ? v : { ...v, currency };
      });
    }
    const parties = [
      ...new Set(
        completed
          .filter((v) => !('invoice_address' in v) || !('shipment_address' in v))
          .map((v) => idOf(v.party))
          .filter((p): p is number => p !== null),
      ),
    ];
    if (!parties.length) return completed;
    const addresses = await firstAddresses(env, parties);
    return completed.map((v) => {
      const address = addresses.get(idOf(v.party) ?? 0);
      if (!address) return v;
      return { invoice_address: address, shipment_address: address, ...v };
    });
  }

  static override async create(env: Env, vlist: Values[]): Promise<number[]> {
    if (env.checking) vlist.forEach((v) => checkWorkflowFields(v, true));
    return super.create(env, vlist);
  }

  static override async write(env: Env, ids: number[], values: Values): Promise<void> {
    if (env.checking) checkWorkflowFields(values, false);
    return super.write(env, ids, values);
  }

  static override async copy(env: Env, ids: number[], defaults: Values = {}): Promise<number[]> {
    return super.copy(env, ids, {
      state: 'draft',
      number: null,
      sale_date: null,
      untaxed_amount_cache: null,
      tax_amount_cache: null,
      total_amount_cache: null,
      ...defaults,
    });
  }

  /** Tryton cancels before deleting: only draft, quotation and cancelled sales can be deleted. */
  static override async delete(env: Env, ids: number[]): Promise<void> {
    await this.cancelSales(env, ids);
    const rows = await env.tx.query(
      `SELECT "id" FROM "sale_sale" WHERE "id" = ANY($1) AND "state" <> 'cancelled' LIMIT 1`,
      [ids],
    );
    if (rows.length) {
      saleErrors.raise('delete_cancel', { sale: (await this.getRecName(env, [rows[0].id])).get(rows[0].id) });
    }
    return super.delete(env, ids);
  }

  static override async validate(env: Env, ids: number[]): Promise<void> {
    await super.validate(env, ids);
    // the first sale with an address of another party, in one query (its name read only then)
    const [wrong] = await env.tx.query(
      `SELECT "s"."id", CASE WHEN "i"."id" IS NOT NULL AND "i"."party" IS DISTINCT FROM "s"."party" THEN 'invoice' ELSE 'shipment' END AS "kind"
       FROM "sale_sale" AS "s"
       LEFT JOIN "party_address" AS "i" ON "i"."id" = "s"."invoice_address"
       LEFT JOIN "party_address" AS "h" ON "h"."id" = "s"."shipment_address"
       WHERE "s"."id" = ANY($1) AND (("i"."id" IS NOT NULL AND "i"."party" IS DISTINCT FROM "s"."party")
         OR ("h"."id" IS NOT NULL AND "h"."party" IS DISTINCT FROM "s"."party"))
       ORDER BY "s"."id" LIMIT 1`,
      [ids],
    );
    if (wrong) {
      const sale = (await this.getRecName(env.withoutChecks(), [wrong.id])).get(wrong.id);
      saleErrors.raise('address_party', { kind: wrong.kind, sale });
    }
  }

  // ---- buttons (Tryton's workflow): a sale whose transition is not allowed is skipped ----

  static async quote(env: Env, ids: number[], _kwargs: Record<string, unknown> = {}): Promise<void> {
    await checkButton(env, this, 'quote');
    const moves = await transitionable(env, this, ids, 'quotation');
    await checkForQuotation(env, this, [...moves.keys()]);
    await setNumber(env, this, [...moves.keys()]);
    await setEmployee(env, this, [...moves.keys()], 'quoted_by');
    await setState(env, this, moves, 'quotation');
  }

  static async confirm(env: Env, ids: number[], _kwargs: Record<string, unknown> = {}): Promise<void> {
    await checkButton(env, this, 'confirm');
    const moves = await transitionable(env, this, ids, 'confirmed');
    await setSaleDate(env, this, [...moves.keys()]);
    await storeCache(env, this, [...moves.keys()]);
    await setEmployee(env, this, [...moves.keys()], 'confirmed_by');
    await setState(env, this, moves, 'confirmed');
  }

  /** Processing creates invoices and shipments in Tryton; here a sale with nothing left to do is done. */
  static async process(env: Env, ids: number[], _kwargs: Record<string, unknown> = {}): Promise<void> {
    await checkButton(env, this, 'process');
    const records = await this.read(env, [...new Set(ids)], ['state']);
    const sales = records.filter((r) => ['confirmed', 'processing', 'done'].includes(r.state as string));
    const done = await this.isDone(
      env,
      sales.map((s) => s.id),
    );
    const toProcessing = sales.filter((s) => !done.has(s.id) && s.state !== 'processing');
    const toDone = sales.filter((s) => done.has(s.id) && s.state !== 'done');
    await setState(env, this, new Map(toProcessing.map((s) => [s.id, s.state as string])), 'processing');
    await setState(env, this, new Map(toDone.map((s) => [s.id, s.state as string])), 'done');
  }

  /**
   * Tryton's is_done: invoices paid and shipments sent. This stand-in has neither, so every processed sale
   * is done; a module adding invoicing or shipping overrides it.
   */
  static async isDone(_env: Env, ids: number[]): Promise<Set<number>> {
    return new Set(ids);
  }

  static async draft(env: Env, ids: number[], _kwargs: Record<string, unknown> = {}): Promise<void> {
    await checkButton(env, this, 'draft');
    await setState(env, this, await transitionable(env, this, ids, 'draft'), 'draft');
  }

  static async cancel(env: Env, ids: number[], _kwargs: Record<string, unknown> = {}): Promise<void> {
    await checkButton(env, this, 'cancel');
    await this.cancelSales(env, ids);
  }

  static async cancelSales(env: Env, ids: number[]): Promise<void> {
    const moves = await transitionable(env, this, ids, 'cancelled');
    await storeCache(env, this, [...moves.keys()]);
    await setState(env, this, moves, 'cancelled');
  }
}

function checkWorkflowFields(values: Values, creating: boolean): void {
  for (const field of WORKFLOW_FIELDS) {
    if (!(field in values)) continue;
    const harmless = values[field] === null || (field === 'state' && creating && values[field] === 'draft');
    if (!harmless) saleErrors.raise('workflow_field', { field });
  }
}

/** The first active address of each party, by sequence (Tryton's party.address_get()). */
async function firstAddresses(env: Env, parties: number[]): Promise<Map<number, number>> {
  const Address: ModelClass = env.model('party.address');
  const root = env.withoutChecks();
  const ids = await Address.search(root, [['party', 'in', parties]], {
    order: [['sequence', 'ASC NULLS FIRST']],
  });
  const result = new Map<number, number>();
  for (const address of await Address.read(root, ids, ['party'])) {
    if (!result.has(address.party as number)) result.set(address.party as number, address.id);
  }
  return result;
}

export type SaleModel = typeof Sale;

/** Tryton's set_quoted_by / set_confirmed_by: the employee the user acts as, when the sale has none. */
async function setEmployee(env: Env, model: ModelClass, ids: number[], field: 'quoted_by' | 'confirmed_by') {
  if (!ids.length) return;
  const employee = await (env.model('company.company') as CompanyModel).currentEmployee(env);
  if (!employee) return;
  const rows = await env.tx.query(
    `SELECT "id" FROM "sale_sale" WHERE "id" = ANY($1) AND "${field}" IS NULL`,
    [ids],
  );
  if (rows.length)
    await model.write(
      env.withoutChecks(),
      rows.map((r) => r.id as number),
      { [field]: employee },
    );
}
