import {
  And,
  Bool,
  boolean,
  char,
  computed,
  date,
  Equal,
  Eval,
  float,
  In,
  integer,
  many2many,
  many2one,
  Model,
  Not,
  numeric,
  Or,
  OrderSpec,
  PlainDate,
  selection,
  text,
  Values,
} from 'nest-tryton';
import type { Env, Lang } from 'nest-tryton';
import { formatNumberSymbol } from 'nest-tryton';
import { saleErrors } from './exceptions';
import { saleField } from './sale-field';
import { SALE_STATES } from './sale.model';
import { completeLines } from './line-defaults';
import { lineAmounts } from './totals';

/** Tryton's line rule: a line is edited only while its sale is a draft. */
const draftOnly = Not(Equal(Eval('sale_state'), 'draft'));
const notLine = Not(Equal(Eval('type'), 'line'));

export class SaleLine extends Model {
  static override __name__ = 'sale.line';
  static override description = 'Sale Line';
  static override _access = 'sale';
  static override _recName: string | null = null;
  static override _recNameDepends = [
    'quantity',
    'unit.symbol',
    'unit.digits',
    'product.rec_name',
    'sale.rec_name',
  ];
  static override _order: OrderSpec = [['sequence', 'ASC NULLS FIRST']];
  static override fields = {
    sale: many2one('sale.sale', {
      string: 'Sale',
      required: true,
      ondelete: 'CASCADE',
      select: true,
      states: { readonly: And(draftOnly, Bool(Eval('sale'))) },
    }),
    sequence: integer({ string: 'Sequence' }),
    type: selection(
      [
        ['line', 'Line'],
        ['subtotal', 'Subtotal'],
        ['title', 'Title'],
        ['comment', 'Comment'],
      ],
      { string: 'Type', required: true, default: 'line', select: true, states: { readonly: draftOnly } },
    ),
    product: many2one('product.product', {
      string: 'Product',
      ondelete: 'RESTRICT',
      states: { invisible: notLine, readonly: draftOnly },
    }),
    quantity: float({
      string: 'Quantity',
      digits: 'unit',
      states: { invisible: notLine, readonly: draftOnly, required: Equal(Eval('type'), 'line') },
    }),
    unit: many2one('product.uom', {
      string: 'Unit',
      ondelete: 'RESTRICT',
      states: { invisible: notLine, readonly: draftOnly, required: Bool(Eval('product')) },
    }),
    unit_price: numeric({
      string: 'Unit Price',
      digits: [16, 4],
      states: { invisible: notLine, readonly: draftOnly, required: Equal(Eval('type'), 'line') },
    }),
    taxes: many2many('sale.line-account.tax', 'line', 'tax', 'account.tax', {
      string: 'Taxes',
      table: 'sale_line_account_tax',
      states: { invisible: notLine, readonly: draftOnly },
    }),
    amount: computed(
      numeric({ string: 'Amount', states: { invisible: Not(In(Eval('type'), ['line', 'subtotal'])) } }),
      (env, ids) => lineAmounts(env, ids),
      {
        // a subtotal line sums the lines above it
        depends: [
          'type',
          'quantity',
          'unit_price',
          'sale.currency',
          'sale.lines.quantity',
          'sale.lines.unit_price',
        ],
      },
    ),
    description: text({ string: 'Description', states: { readonly: draftOnly } }),
    summary: computed(
      char({ string: 'Summary' }),
      async (env, ids) => {
        const rows = await env.tx.query('SELECT "id", "description" FROM "sale_line" WHERE "id" = ANY($1)', [
          ids,
        ]);
        return new Map(
          rows.map((r) => [
            r.id as number,
            r.description ? (r.description as string).split(/\r?\n/)[0] : null,
          ]),
        );
      },
      { depends: ['description'] },
    ),
    actual_quantity: float({
      string: 'Actual Quantity',
      readonly: true,
      digits: 'unit',
      states: { invisible: Or(notLine, Not(Bool(Eval('actual_quantity')))) },
    }),
    company: saleField('company', many2one('company.company', { string: 'Company' })),
    currency: saleField('currency', many2one('currency.currency', { string: 'Currency' })),
    customer: saleField('party', many2one('party.party', { string: 'Customer' })),
    sale_date: saleField('sale_date', date({ string: 'Sale Date' })),
    sale_state: saleField('state', selection(SALE_STATES, { string: 'Sale State' })),
    product_uom_category: computed(
      many2one('product.uom.category', { string: 'Product UoM Category' }),
      async (env, ids, _name, model) => {
        const rows = await model.read(env.withoutChecks(), ids, ['product.default_uom.category']);
        return new Map(
          rows.map((r) => [
            r.id,
            (r.product as { default_uom: { category: number } | null } | null)?.default_uom?.category ?? null,
          ]),
        );
      },
      { depends: ['product.default_uom.category'] },
    ),
    // Tryton: goods and assets are shipped (stock moves); services are not.
    movable: computed(
      boolean({ string: 'Movable' }),
      async (env, ids, _name, model) => {
        const rows = await model.read(env.withoutChecks(), ids, ['type', 'product.type']);
        return new Map(
          rows.map((r) => [
            r.id,
            r.type === 'line' &&
              ['goods', 'assets'].includes((r.product as { type: string } | null)?.type ?? ''),
          ]),
        );
      },
      { depends: ['type', 'product.type'] },
    ),
    note: text({ string: 'Note' }),
    // Tryton's planned_shipping_date (stock moves, which would give the actual dates, are not mirrored):
    // the sale date (else today) plus the product's lead time (else the default one), not before the
    // sale's shipping date; none without a product, a positive quantity or a lead time.
    shipping_date: computed(
      date({ string: 'Shipping Date', states: { invisible: notLine } }),
      async (env, ids) => {
        const rows = await env.tx.query(
          `SELECT "l"."id", TO_CHAR(GREATEST(CAST(COALESCE("s"."sale_date", CAST($2 AS DATE))
               + COALESCE("lt"."lead_time", "d"."default_lead_time") AS DATE), "s"."shipping_date"), 'YYYY-MM-DD') AS "date",
             COALESCE("lt"."lead_time", "d"."default_lead_time") IS NOT NULL AS "known"
           FROM "sale_line" AS "l" JOIN "sale_sale" AS "s" ON "s"."id" = "l"."sale"
           JOIN "product_product" AS "p" ON "p"."id" = "l"."product"
           LEFT JOIN LATERAL (SELECT "lead_time" FROM "product_lead_time" WHERE "template" = "p"."template"
             ORDER BY "id" LIMIT 1) AS "lt" ON TRUE
           LEFT JOIN LATERAL (SELECT "default_lead_time" FROM "product_configuration_default_lead_time"
             ORDER BY "id" LIMIT 1) AS "d" ON TRUE
           WHERE "l"."id" = ANY($1) AND "l"."quantity" > 0`,
          [ids, PlainDate.today().toString()],
        );
        env.reads.add('product.lead_time').add('product.configuration.default_lead_time');
        const dates = new Map(
          rows.map((r) => [r.id as number, r.known && r.date ? PlainDate.parse(r.date) : null]),
        );
        return new Map(ids.map((id) => [id, dates.get(id) ?? null]));
      },
      { depends: ['product.lead_time', 'quantity', 'sale.sale_date', 'sale.shipping_date'] },
    ),
  };

  static override async complete(env: Env, vlist: Values[]): Promise<Values[]> {
    return completeLines(env, await super.complete(env, vlist));
  }

  /**
   * Tryton's rec_name: the quantity with its unit's symbol in the request's language, the product and
   * the sale (`15\u00a0u Chair @ S0001`); a line without product is named by its sale.
   */
  static override async getRecName(env: Env, ids: number[]): Promise<Map<number, string>> {
    const [lines, format] = await Promise.all([
      this.read(env.withoutChecks(), ids, [
        'quantity',
        'unit.symbol',
        'unit.digits',
        'product.rec_name',
        'sale.rec_name',
      ]),
      (env.model('ir.lang') as typeof Lang).formatOf(env),
    ]);
    return new Map(
      lines.map((l) => {
        const sale = (l.sale as { rec_name: string } | null)?.rec_name ?? '';
        const product = (l.product as { rec_name: string } | null)?.rec_name;
        const unit = l.unit as { symbol: string; digits: number } | null;
        if (!product || !unit) return [l.id, sale];
        const quantity = formatNumberSymbol(
          format,
          (l.quantity as number | null) ?? 0,
          unit.symbol,
          unit.digits,
        );
        return [l.id, `${quantity} ${product} @ ${sale}`];
      }),
    );
  }

  static override searchRecName(_env: Env, operator: string, value: unknown) {
    const negative = operator.startsWith('!') || operator.startsWith('not ');
    return [
      negative ? 'AND' : 'OR',
      ['sale.rec_name', operator, value],
      ['product.rec_name', operator, value],
    ];
  }

  /** Tryton: lines are added to draft sales only (buttons and workflow steps write without checks). */
  static override async create(env: Env, vlist: Values[]): Promise<number[]> {
    const sales = [...new Set(vlist.map((v) => v?.sale).filter((s) => Number.isInteger(s)))];
    if (env.checking && sales.length) {
      const rows = await env.tx.query(
        `SELECT "id" FROM "sale_sale" WHERE "id" = ANY($1) AND "state" <> 'draft' ORDER BY "id" LIMIT 1`,
        [sales],
      );
      if (rows.length) {
        const sale = (await env.model('sale.sale').getRecName(env.withoutChecks(), [rows[0].id])).get(
          rows[0].id,
        );
        saleErrors.raise('line_create_draft', { sale });
      }
    }
    return super.create(env, vlist);
  }

  /** Tryton: lines are deleted with their sale, or while it is draft or cancelled. */
  static override async delete(env: Env, ids: number[]): Promise<void> {
    const rows = await env.tx.query(
      `SELECT "l"."id" FROM "sale_line" AS "l" JOIN "sale_sale" AS "s" ON "s"."id" = "l"."sale"
       WHERE "l"."id" = ANY($1) AND "s"."state" NOT IN ('draft', 'cancelled') LIMIT 1`,
      [ids],
    );
    if (rows.length) {
      const [line] = await this.read(env.withoutChecks(), [rows[0].id], ['rec_name', 'sale.rec_name']);
      saleErrors.raise('line_delete_cancel_draft', {
        line: line.rec_name,
        sale: (line.sale as { rec_name: string }).rec_name,
      });
    }
    return super.delete(env, ids);
  }

  /** Tryton's field states, enforced: a `line` has a quantity and a price, a unit of its product's kind, a salable product. */
  static override async validate(env: Env, ids: number[]): Promise<void> {
    await super.validate(env, ids);
    const root = env.withoutChecks();
    const lines = await this.read(root, ids, [
      'type',
      'quantity',
      'unit_price',
      'unit.category',
      'product.salable',
      'product.default_uom.category',
      'sale.state',
    ]);
    const names = async (id: number) => {
      const [line] = await this.read(root, [id], ['rec_name', 'product.rec_name', 'sale.rec_name']);
      return {
        line: line.rec_name,
        product: (line.product as { rec_name: string } | null)?.rec_name,
        sale: (line.sale as { rec_name: string }).rec_name,
      };
    };
    for (const l of lines) {
      if (l.type !== 'line') continue;
      const product = l.product as { salable: boolean; default_uom: { category: number } | null } | null;
      const unit = l.unit as { category: number } | null;
      const state = (l.sale as { state: string }).state;
      if (l.quantity === null || l.unit_price === null)
        saleErrors.raise('line_quantity_required', await names(l.id));
      if (!product) continue;
      if (!unit) return saleErrors.raise('line_unit_required', await names(l.id));
      if (product.default_uom && unit.category !== product.default_uom.category) {
        saleErrors.raise('line_unit_category', await names(l.id));
      }
      if (!product.salable && ['draft', 'quotation'].includes(state)) {
        saleErrors.raise('product_not_salable', await names(l.id));
      }
    }
  }
}
