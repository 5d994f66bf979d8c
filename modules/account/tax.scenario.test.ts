import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'nest-tryton';
import { apiKey, createTestApp, createTestDatabase, TestApp, TestDatabase } from 'nest-tryton/testing';
import { BUSINESS_MODULES } from '../index';
import { makeCompany } from '../test-factories';
import type { TaxModel } from './tax.model';

/**
 * An accountant keeps a recycling fee whose amount changed on 1 January 2024: a tax of type none with
 * two dated children. Sales before and after the change pay the amount of their date; another
 * company's users do not see the company's taxes.
 */
describe('a tax whose dated children carry its amount', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let taxes: { fee: number; old: number; current: number; company: number; currency: number };
  const keys: Record<string, string> = {};
  const url = (path: string) => `/${tdb.db}/rest/model/${path}`;
  const as = (who: string) => ({ Authorization: `Bearer ${keys[who]}` });

  before(async () => {
    tdb = await createTestDatabase(BUSINESS_MODULES);
    taxes = await tdb.commit(async (root) => {
      const { company, currency } = await makeCompany(root);
      const Tax = root.model('account.tax');
      // The company comes from the context, as Tryton's default_company.
      const inCompany = root.withContext({ company });
      const [fee] = await Tax.create(inCompany, [
        {
          name: 'Recycling fee',
          type: 'none',
          legal_notice: 'Collected for the recycling fund.',
          childs: [
            [
              'create',
              [
                { name: 'Fee until 2023', type: 'fixed', amount: '0.08', end_date: '2023-12-31', company },
                { name: 'Fee from 2024', type: 'fixed', amount: '0.10', start_date: '2024-01-01', company },
              ],
            ],
          ],
        },
      ]);
      const [{ childs }] = await Tax.read(root, [fee], ['childs']);
      const [old, current] = childs as number[];
      return { fee, old, current, company, currency };
    });
    keys.accountant = await apiKey(tdb, 'accountant', ['account.group_account_admin']);
    await tdb.commit((root) => makeCompany(root, 'usd'));
    keys.elsewhere = await apiKey(tdb, 'elsewhere', ['account.group_account_admin']);
    sut = await createTestApp(tdb, BUSINESS_MODULES);
  });
  after(async () => {
    await sut?.close();
    await tdb?.drop();
  });

  it("computes the amount of the sale's date from the children valid that day", async () => {
    await tdb.rollback(async (root) => {
      const Tax = root.model('account.tax') as TaxModel;
      const definitions = await Tax.definitions(root, [taxes.fee]);
      const fee = definitions.get(taxes.fee)!;
      const on = (date: string) =>
        Tax.compute([fee], new Decimal('25'), new Decimal('3'), date).map((l) => [l.tax, String(l.amount)]);
      assert.deepEqual(on('2023-06-30'), [[taxes.old, '0.24']]);
      assert.deepEqual(on('2024-01-01'), [[taxes.current, '0.3']]);
      // Deactivated, a child no longer counts.
      await Tax.write(root, [taxes.current], { active: false });
      const without = (await Tax.definitions(root, [taxes.fee])).get(taxes.fee)!;
      assert.deepEqual(Tax.compute([without], new Decimal('25'), new Decimal('3'), '2024-05-01'), []);
    });
  });

  it("serves the tax with its company, the company's currency, its children and its legal notice", async () => {
    const found = await sut
      .http()
      .get(url(`account.tax/${taxes.fee}`))
      .query({ f: ['company', 'currency', 'childs', 'legal_notice', 'parent'] })
      .set(as('accountant'))
      .expect(200);
    assert.deepEqual(found.body, {
      id: taxes.fee,
      __name__: 'account.tax',
      company: taxes.company,
      currency: taxes.currency,
      childs: [taxes.old, taxes.current],
      legal_notice: 'Collected for the recycling fund.',
      parent: null,
    });
    const children = await sut
      .http()
      .get(url('account.tax'))
      .query({ d: Buffer.from(JSON.stringify([['parent', '=', taxes.fee]])).toString('base64url') })
      .query({ f: ['name', 'start_date', 'end_date'] })
      .set(as('accountant'))
      .expect(200);
    assert.deepEqual(
      (children.body as { name: string }[]).map((t) => t.name),
      ['Fee until 2023', 'Fee from 2024'],
    );
  });

  it("keeps a company's taxes from the users of another company, and children in their parent's company", async () => {
    const list = await sut.http().get(url('account.tax')).set(as('elsewhere')).expect(200);
    assert.deepEqual(list.body, []);
    await sut
      .http()
      .get(url(`account.tax/${taxes.fee}`))
      .set(as('elsewhere'))
      .expect(404);
    await tdb.rollback(async (root) => {
      const [other] = await root.model('company.company').search(root, [['id', '!=', taxes.company]]);
      await assert.rejects(
        root
          .model('account.tax')
          .create(root, [{ name: 'Stray', type: 'none', parent: taxes.fee, company: other }]),
        { status: 400, message: /must belong to the company of its parent "Recycling fee"/ },
      );
      await assert.rejects(
        root.model('account.tax').create(root, [
          {
            name: 'Backwards',
            type: 'none',
            company: taxes.company,
            start_date: '2025-01-02',
            end_date: '2025-01-01',
          },
        ]),
        { status: 400, message: /starting date of tax "Backwards"/ },
      );
    });
  });
});
