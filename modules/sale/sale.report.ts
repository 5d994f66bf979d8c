import { Decimal, decimalText, Injectable, RenderedReport, ReportRenderer, TrytonReport } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import type { CompanyModel } from '../company/company.model';

const escape = (value: unknown): string =>
  String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

type Named = { rec_name?: string; symbol?: string } | null;

/** Tryton's sale.sale report: the order as an HTML document, in the request's language. */
@Injectable()
@TrytonReport('sale.sale')
export class SaleReport implements ReportRenderer {
  readonly model = 'sale.sale';

  async render(env: Env, ids: number[]): Promise<RenderedReport> {
    const sales = await env
      .model('sale.sale')
      .read(env, ids, [
        'number',
        'reference',
        'company',
        'company.rec_name',
        'state',
        'sale_date',
        'party.rec_name',
        'invoice_address.rec_name',
        'currency.symbol',
        'lines.description',
        'lines.product.rec_name',
        'lines.quantity',
        'lines.unit.rec_name',
        'lines.unit_price',
        'lines.amount',
        'untaxed_amount',
        'tax_amount',
        'total_amount',
      ]);
    // The company's logo in the header, at most 6 × 2 cm at 300 dpi (Tryton's get_logo_cm).
    const logos = new Map<number, string>();
    const Company = env.model('company.company') as CompanyModel;
    for (const id of new Set(sales.map((s) => (s.company as { id: number } | null)?.id).filter(Boolean))) {
      const [company] = await Company.read(env.withoutChecks(), [id as number], ['logo']);
      if (!company?.logo) continue;
      const logo = await Company.getLogo(env, id as number, (6 * 300) / 2.54, (2 * 300) / 2.54);
      logos.set(
        id as number,
        `<img alt="" src="data:${logo.mimetype};base64,${logo.image.toString('base64')}" width="${logo.width}" height="${logo.height}" style="width:${((logo.width * 2.54) / 300).toFixed(2)}cm;height:${((logo.height * 2.54) / 300).toFixed(2)}cm">`,
      );
    }
    const body = sales
      .map((sale) => {
        const company = sale.company as { id: number; rec_name: string } | null;
        const header = company
          ? `<header>${logos.get(company.id) ?? ''}<p>${escape(company.rec_name)}</p></header>`
          : '';
        const symbol = (sale.currency as Named)?.symbol ?? '';
        const money = (v: unknown) =>
          `${escape(v instanceof Decimal ? decimalText(v) : v)} ${escape(symbol)}`;
        const lines = (sale.lines as Record<string, unknown>[])
          .map(
            (line) =>
              `<tr><td>${escape((line.product as Named)?.rec_name ?? line.description)}</td><td>${escape(line.quantity)} ${escape((line.unit as Named)?.rec_name)}</td><td>${money(line.unit_price)}</td><td>${money(line.amount)}</td></tr>`,
          )
          .join('');
        return `<section>${header}<h1>${sale.state === 'draft' || sale.state === 'quotation' ? 'Quotation' : 'Sale'} ${escape(sale.number ?? '')}</h1>
<p>${escape((sale.party as Named)?.rec_name)}<br>${escape((sale.invoice_address as Named)?.rec_name)}</p>
<p>Date: ${escape(sale.sale_date ?? '')} ${sale.reference ? `— Reference: ${escape(sale.reference)}` : ''}</p>
<table><thead><tr><th>Product</th><th>Quantity</th><th>Unit Price</th><th>Amount</th></tr></thead><tbody>${lines}</tbody></table>
<p>Untaxed: ${money(sale.untaxed_amount)}<br>Tax: ${money(sale.tax_amount)}<br><b>Total: ${money(sale.total_amount)}</b></p></section>`;
      })
      .join('');
    const html = `<!DOCTYPE html><html lang="${escape(env.lang.replace(/_/g, '-'))}"><head><meta charset="utf-8"><title>Sale</title></head><body>${body}</body></html>`;
    const number = sales.length === 1 && sales[0].number ? `-${String(sales[0].number)}` : '';
    return { content: Buffer.from(html), ext: 'html', filename: `Sale${number}` };
  }
}
