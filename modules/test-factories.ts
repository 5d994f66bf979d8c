import { refId } from 'nest-tryton';
import type { Env } from 'nest-tryton';

/** Factories the modules' scenario tests share: records with sensible values, nothing else. */

export async function makeCompany(
  env: Env,
  currency = 'eur',
): Promise<{ company: number; currency: number }> {
  const [party] = await env.model('party.party').create(env, [{ name: 'Tryton Shop SA' }]);
  const currencyId = await refId(env, 'currency', currency);
  const [company] = await env.model('company.company').create(env, [{ party, currency: currencyId }]);
  return { company, currency: currencyId };
}

export async function makeCustomer(
  env: Env,
  name = 'Alice Martin',
): Promise<{ party: number; address: number; email: string }> {
  const email = `${name.toLowerCase().replace(/ /g, '.')}@example.com`;
  const [party] = await env.model('party.party').create(env, [
    {
      name,
      addresses: [
        [
          'create',
          [
            {
              street: 'Rue Neuve 1',
              postal_code: '1000',
              city: 'Bruxelles',
              country: await refId(env, 'country', 'be'),
            },
          ],
        ],
      ],
      contact_mechanisms: [['create', [{ type: 'email', value: email }]]],
    },
  ]);
  const [{ addresses }] = await env.model('party.party').read(env, [party], ['addresses']);
  return { party, address: (addresses as number[])[0], email };
}

/** A tax of the given company, or of the company made last (a tax belongs to a company). */
export async function makeTax(env: Env, values: Record<string, unknown>): Promise<number> {
  const [company] = await env
    .model('company.company')
    .search(env.withoutChecks(), [], { limit: 1, order: [['id', 'DESC']] });
  const [tax] = await env
    .model('account.tax')
    .create(env, [{ name: `${String(values.type)} tax`, company: company ?? null, ...values }]);
  return tax;
}

export async function makeProduct(
  env: Env,
  values: {
    name: string;
    list_price: string;
    taxes?: number[];
    salable?: boolean;
    code?: string;
    uom?: string;
  },
): Promise<{ template: number; product: number }> {
  const uom = await refId(env, 'product', values.uom ?? 'uom_unit');
  const [template] = await env.model('product.template').create(env, [
    {
      name: values.name,
      code: values.code ?? null,
      list_price: values.list_price,
      default_uom: uom,
      salable: values.salable ?? true,
      customer_taxes: [['add', values.taxes ?? []]],
    },
  ]);
  const [{ products }] = await env.model('product.template').read(env, [template], ['products']);
  return { template, product: (products as number[])[0] };
}
