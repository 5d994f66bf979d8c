import { refId } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import type { SaleModel } from './sale.model';

/** Every demo product becomes salable, in its default unit. */
export async function makeProductsSalable(env: Env): Promise<void> {
  const Template = env.model('product.template');
  const templates = await Template.read(env, await Template.search(env, []), ['default_uom']);
  const byUom = new Map<number, number[]>();
  for (const t of templates)
    byUom.set(t.default_uom as number, [...(byUom.get(t.default_uom as number) ?? []), t.id]);
  for (const [uom, ids] of byUom) await Template.write(env, ids, { salable: true, sale_uom: uom });
}

/**
 * Five sales of the small demo, through the real workflow as the company's sales employee: lines get
 * their defaults from the products, each sale its customer's e-mail as contact.
 */
export async function loadSaleDemoSmall(request: Env): Promise<void> {
  const company = await refId(request, 'company', 'company');
  const env = request.withContext({ company, employee: await refId(request, 'company', 'employee') });
  await makeProductsSalable(env);
  const Sale = env.model('sale.sale') as SaleModel;
  const product = (i: number) => refId(env, 'product', `product_${i}`);
  const ids: number[] = [];
  for (let i = 1; i <= 5; i++) {
    const [id] = await Sale.create(env, [
      {
        company,
        party: await refId(env, 'party', `party_${i}`),
        contact: await refId(env, 'party', `party_${i}_email`),
        reference: `DEMO-${i}`,
        lines: [
          [
            'create',
            [
              { product: await product(i), quantity: i },
              { product: await product(i + 3), quantity: 2.5 },
              { type: 'comment', description: 'Gift wrapping, please.' },
            ],
          ],
        ],
      },
    ]);
    ids.push(id);
  }
  await Sale.quote(env, ids.slice(1));
  await Sale.confirm(env, ids.slice(2));
  await Sale.process(env, ids.slice(4));
}
