import { refId } from '../../src/ir/model-data.model';
import type { Env } from '../../src/pool/env';
import { makeCompany, makeProduct } from '../../modules/test-factories';
import type { TestDatabase } from '../support/database';
import { apiKey } from '../support/keys';
import { factories } from './fixtures';

/** Text that must never reach a Sales user: every value of the hidden party, and the denied values. */
export const SECRETS = [
  'Secret Customer',
  'Hidden Street',
  'secret@b2.example',
  'SECRETCODE',
  'VISCODE',
  'visible@example.com',
  'confidential remark',
];

export interface LeakScenario {
  keys: { sales: string; salesAdmin: string; nobody: string; admin: string };
  /** The party, its address and a sale of it, hidden from Sales by a record rule. */
  hidden: { party: number; address: number; sale: number };
  /** A party Sales sees, whose code and e-mail (contact mechanism value) Sales may not read. */
  visible: { party: number; address: number; sale: number; line: number; contact: number };
  /** A sale of another company (hidden by the company rule) and its line. */
  foreign: { sale: number; line: number };
  product: number;
  /** Ids that do not exist, to compare with. */
  missing: number;
}

async function party(env: Env, name: string, code: string, street: string, email: string) {
  const [id] = await env.model('party.party').create(env, [
    {
      name,
      code,
      addresses: [['create', [{ street, city: 'Namur', country: await refId(env, 'country', 'be') }]]],
      contact_mechanisms: [['create', [{ type: 'email', value: email }]]],
    },
  ]);
  const [row] = await env.model('party.party').read(env, [id], ['addresses', 'contact_mechanisms']);
  return {
    party: id,
    address: (row.addresses as number[])[0],
    contact: (row.contact_mechanisms as number[])[0],
  };
}

async function sale(env: Env, values: Record<string, unknown>, product: number) {
  const [id] = await env
    .model('sale.sale')
    .create(env, [{ ...values, lines: [['create', [{ product, quantity: 2 }]]] }]);
  const [row] = await env.model('sale.sale').read(env, [id], ['lines']);
  return { sale: id, line: (row.lines as number[])[0] };
}

/**
 * The outside test's setup: users in Sales, Sales Administrator and no group; a rule hiding the
 * parties named `Secret%` from Sales (not from its administrators); field denials on
 * sale.sale.comment, party.party.code and party.contact_mechanism.value for all but Sales
 * Administrators; a second company whose sales Sales users do not see.
 */
export async function seedLeakScenario(tdb: TestDatabase): Promise<LeakScenario> {
  const base = await tdb.commit(async (env) => {
    const { company } = await makeCompany(env);
    const { product } = await makeProduct(env, { name: 'Pin', code: 'PIN', list_price: '3' });
    const f = factories(env);
    const sales = await refId(env, 'sale', 'group_sale');
    const salesAdmin = await refId(env, 'sale', 'group_sale_admin');
    await f.rule('party.party', [[['name', 'not like', 'Secret%']]], { groups: [sales] });
    await f.rule('party.party', [], { groups: [salesAdmin] });
    for (const [model, field] of [
      ['sale.sale', 'comment'],
      ['party.party', 'code'],
      ['party.contact_mechanism', 'value'],
    ]) {
      await f.fieldAccess(model, field, null, {});
      await f.fieldAccess(model, field, salesAdmin, { read: true, write: true });
    }
    const hidden = await party(
      env,
      'Secret Customer B2',
      'SECRETCODE',
      'Hidden Street 7',
      'secret@b2.example',
    );
    const visible = await party(env, 'Visible Customer', 'VISCODE', 'Open Street 1', 'visible@example.com');
    const hiddenSale = await sale(
      env,
      { company, party: hidden.party, invoice_address: hidden.address, shipment_address: hidden.address },
      product,
    );
    const visibleSale = await sale(
      env,
      { company, party: visible.party, invoice_address: visible.address, comment: 'confidential remark' },
      product,
    );
    return { hidden, visible, hiddenSale, visibleSale, product };
  });
  const keys = {
    sales: await apiKey(tdb, 'leak_sales', ['sale.group_sale']),
    salesAdmin: await apiKey(tdb, 'leak_sales_admin', ['sale.group_sale_admin']),
    nobody: await apiKey(tdb, 'leak_nobody'),
    admin: await apiKey(tdb, 'leak_admin', ['res.group_admin']),
  };
  // A second company: the users above work for the first one only.
  const foreign = await tdb.commit(async (env) => {
    const { company } = await makeCompany(env, 'usd');
    return sale(env, { company, party: base.visible.party }, base.product);
  });
  return {
    keys,
    hidden: { party: base.hidden.party, address: base.hidden.address, sale: base.hiddenSale.sale },
    visible: {
      party: base.visible.party,
      address: base.visible.address,
      contact: base.visible.contact,
      sale: base.visibleSale.sale,
      line: base.visibleSale.line,
    },
    foreign,
    product: base.product,
    missing: 999_999,
  };
}
