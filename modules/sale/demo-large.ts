import { bulkLoad, Decimal, PlainDate } from 'nest-tryton';
import type { Env, Sequence, Values } from 'nest-tryton';
import type { CurrencyModel } from '../currency/currency.model';
import type { TaxModel } from '../account/tax.model';
import { DemoRandom, demoProgress } from '../demo-random';
import { saleAmounts } from './amounts';
import type { SaleConfigurationModel } from './configuration.model';
import { makeProductsSalable } from './demo';

export const LARGE_SALES = 20_000;
const CHUNK = 2_000;
const STATES = ['draft', 'quotation', 'confirmed'] as const;

interface DemoProduct {
  id: number;
  price: Decimal;
  unit: number;
  taxes: number[];
}

/**
 * The benchmark shape: 20,000 sales in draft, quotation or confirmed, with 1 to 5 lines, inserted in
 * bulk. Lines carry what the sale defaults would give them (sale unit, list price, customer taxes);
 * quoted sales have their number, confirmed ones their date and stored amounts, computed by the same
 * arithmetic as the workflow.
 */
export async function loadSaleDemoLarge(request: Env): Promise<void> {
  const Company = request.model('company.company');
  const [company] = await Company.read(request, await Company.search(request, [], { limit: 1 }), [
    'currency',
    'party',
  ]);
  // the company's prices, as its users read them
  const env = request.withContext({ company: company.id });
  await makeProductsSalable(env);
  const random = new DemoRandom(5);
  const progress = demoProgress(env.context, 'sales');
  // The customers: every party but the company's and its employees'; each sale's contact is the
  // customer's e-mail, and the sales employee (the admin's) quoted and confirmed them.
  const [employee] = await env.model('company.employee').search(env, [['company', '=', company.id]], {
    limit: 1,
  });
  const staff = new Set([
    company.party as number,
    ...(await env.model('company.employee').read(env, [employee], ['party'])).map((e) => e.party as number),
  ]);
  const parties = (await env.model('party.party').search(env, [], { order: [['id', 'ASC']] })).filter(
    (p) => !staff.has(p),
  );
  const Contact = env.model('party.contact_mechanism');
  const emails = new Map(
    (await Contact.read(env, await Contact.search(env, [['type', '=', 'email']]), ['party'])).map((c) => [
      c.party as number,
      c.id,
    ]),
  );
  const products: DemoProduct[] = (
    await env
      .model('product.product')
      .read(env, await env.model('product.product').search(env, [['salable', '=', true]]), [
        'list_price',
        'sale_uom',
        'customer_taxes',
      ])
  ).map((p) => ({
    id: p.id,
    price: p.list_price as Decimal,
    unit: p.sale_uom as number,
    taxes: p.customer_taxes as number[],
  }));
  const Tax = env.model('account.tax') as TaxModel;
  const Currency = env.model('currency.currency') as CurrencyModel;
  const definitions = await Tax.definitions(env, [...new Set(products.flatMap((p) => p.taxes))]);
  const rounding = (await Currency.roundings(env, [company.currency as number])).get(
    company.currency as number,
  )!;
  const round = (a: Decimal) => Currency.round(rounding, a);
  // The company's sale sequence, as quoting would take it.
  const config = env.model('sale.configuration') as SaleConfigurationModel;
  const sequence = (await config.settings(env, company.id)).sale_sequence!;
  const Seq = env.model('ir.sequence') as typeof Sequence;
  const [Sale, Line, LineTax] = ['sale.sale', 'sale.line', 'sale.line-account.tax'].map((m) => env.model(m));

  progress(0, LARGE_SALES);
  await bulkLoad(env, ['sale.sale', 'sale.line', 'sale.line-account.tax'], async () => {
    for (let start = 0; start < LARGE_SALES; start += CHUNK) {
      const count = Math.min(CHUNK, LARGE_SALES - start);
      const sales: Values[] = [];
      // Numbers of the quoted sales, in creation order, reserved at once.
      const states = Array.from({ length: count }, () => STATES[random.int(0, 2)]);
      const numbers = await Seq.nextNumbers(env, sequence, states.filter((s) => s !== 'draft').length);
      const linesOf: { product: DemoProduct; quantity: Decimal }[][] = [];
      for (let i = 0; i < count; i++) {
        const state = states[i];
        const lines = Array.from({ length: random.int(1, 5) }, () => ({
          product: random.pick(products),
          quantity: new Decimal(random.int(1, 10)),
        }));
        const party = random.pick(parties);
        const sale: Values = {
          company: company.id,
          party,
          contact: emails.get(party) ?? null,
          state,
          reference: `WEB-${start + i + 1}`,
        };
        if (state !== 'draft') Object.assign(sale, { number: numbers.shift(), quoted_by: employee });
        if (state === 'confirmed') {
          const amounts = saleAmounts(
            lines.map((l) => ({
              type: 'line',
              quantity: l.quantity,
              unitPrice: l.product.price,
              taxLines: Tax.compute(
                l.product.taxes.map((t) => definitions.get(t)!),
                l.product.price,
                l.quantity,
              ),
            })),
            round,
          );
          Object.assign(sale, {
            confirmed_by: employee,
            sale_date: new PlainDate(2024, random.int(1, 12), random.int(1, 28)),
            untaxed_amount_cache: amounts.untaxed,
            tax_amount_cache: amounts.tax,
            total_amount_cache: amounts.total,
          });
        }
        sales.push(sale);
        linesOf.push(lines);
      }
      const saleIds = await Sale.create(env, sales);
      const lineValues = saleIds.flatMap((sale, i) =>
        linesOf[i].map((l, sequence) => ({
          sale,
          sequence: sequence + 1,
          product: l.product.id,
          quantity: l.quantity,
          unit: l.product.unit,
          unit_price: l.product.price,
          taxes: [],
        })),
      );
      const lineIds = await Line.create(env, lineValues);
      const flat = linesOf.flat();
      await LineTax.create(
        env,
        lineIds.flatMap((line, i) => flat[i].product.taxes.map((tax) => ({ line, tax }))),
      );
      progress(start + count, LARGE_SALES);
    }
  });
}
