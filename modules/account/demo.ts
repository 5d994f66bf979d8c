import { loadRecord, refId } from 'nest-tryton';
import type { Env } from 'nest-tryton';

/** Belgian VAT rates and a fixed recycling fee. */
async function loadTaxes(env: Env): Promise<{ vat21: number; vat6: number; fee: number }> {
  const company = await refId(env, 'company', 'company');
  const vat21 = await loadRecord(
    env,
    'account',
    'tax_vat_21',
    'account.tax',
    {
      name: 'VAT 21%',
      description: 'VAT 21%',
      type: 'percentage',
      rate: '0.21',
      sequence: 10,
      company,
    },
    { translations: { fr: { description: 'TVA 21%' } } },
  );
  const vat6 = await loadRecord(
    env,
    'account',
    'tax_vat_6',
    'account.tax',
    {
      name: 'VAT 6%',
      description: 'VAT 6%',
      type: 'percentage',
      rate: '0.06',
      sequence: 20,
      company,
      legal_notice: 'Reduced rate: Royal Decree no. 20, table A.',
    },
    {
      translations: {
        fr: { description: 'TVA 6%', legal_notice: 'Taux réduit : arrêté royal n° 20, tableau A.' },
      },
    },
  );
  const fee = await loadRecord(
    env,
    'account',
    'tax_recupel',
    'account.tax',
    {
      name: 'Recupel',
      description: 'Recycling fee',
      type: 'none',
      sequence: 30,
      company,
    },
    { translations: { fr: { description: 'Cotisation de recyclage' } } },
  );
  // Recupel's fee rose on 2024-01-01: a tax of type none whose dated children carry the amounts.
  await loadRecord(env, 'account', 'tax_recupel_2023', 'account.tax', {
    name: 'Recupel until 2023',
    description: 'Recycling fee',
    type: 'fixed',
    amount: '0.08',
    end_date: '2023-12-31',
    parent: fee,
    company,
  });
  await loadRecord(env, 'account', 'tax_recupel_2024', 'account.tax', {
    name: 'Recupel from 2024',
    description: 'Recycling fee',
    type: 'fixed',
    amount: '0.10',
    start_date: '2024-01-01',
    parent: fee,
    company,
  });
  return { vat21, vat6, fee };
}

export async function loadAccountDemo(env: Env): Promise<void> {
  const { vat21, vat6, fee } = await loadTaxes(env);
  const Template = env.model('product.template');
  const all = await Template.search(env, [], { order: [['id', 'ASC']] });
  // Textiles at the reduced rate, everything else at the standard one; lighting pays the fee on top.
  const textiles = new Set(await Template.search(env, [['categories.name', '=', 'Textiles']]));
  const lighting = await Template.search(env, [['categories.name', '=', 'Lighting']]);
  const rows = [
    ...all.map((product) => ({ product, tax: textiles.has(product) ? vat6 : vat21 })),
    ...lighting.map((product) => ({ product, tax: fee })),
  ];
  const existing = await env.tx.query('SELECT "product", "tax" FROM "product_customer_taxes_rel"');
  const known = new Set(existing.map((r) => `${r.product}-${r.tax}`));
  await env.model('product.template-customer-account.tax').create(
    env,
    rows.filter((r) => !known.has(`${r.product}-${r.tax}`)),
  );
}
