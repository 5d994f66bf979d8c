import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiKey, createTestApp, createTestDatabase, TestApp, TestDatabase } from 'nest-tryton/testing';
import { BUSINESS_MODULES } from '../index';
import { makeCompany, makeCustomer, makeProduct, makeTax } from '../test-factories';

const decimal = (value: unknown) => (value as { decimal: string }).decimal;
const money = (value: string) => ({ __class__: 'Decimal', decimal: value });

/**
 * A web shop developer with a Sales key tries, after `confirm`, every write the issue found accepted
 * on a confirmed sale, through both dialects: Tryton refuses each of them, so do we, and the totals
 * and the order report still agree with the lines.
 */
describe('a confirmed sale keeps its lines', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let key: { Authorization: string };
  let ids: { pin: number; battery: number; customer: number };
  let sale: number;
  let lines: number[];
  const tryton = (path: string) => `/${tdb.db}/rest/model/${path}`;
  const pydal = (path: string) => `/${tdb.db}/rest/api/${path}`;

  before(async () => {
    tdb = await createTestDatabase(BUSINESS_MODULES);
    ids = await tdb.commit(async (env) => {
      await makeCompany(env);
      const vat = await makeTax(env, { type: 'percentage', rate: '0.21' });
      const pin = (await makeProduct(env, { name: 'Pin', code: 'PIN', list_price: '1.5', taxes: [vat] }))
        .product;
      const battery = (
        await makeProduct(env, { name: 'Battery', code: 'BAT', list_price: '10', taxes: [vat] })
      ).product;
      return { pin, battery, customer: (await makeCustomer(env)).party };
    });
    key = { Authorization: `Bearer ${await apiKey(tdb, 'shop-developer', ['sale.group_sale'])}` };
    sut = await createTestApp(tdb, BUSINESS_MODULES);
    const created = await sut
      .http()
      .post(tryton('sale.sale'))
      .set(key)
      .send({
        party: ids.customer,
        lines: [
          [
            'create',
            [
              { product: ids.pin, quantity: 3 },
              { product: ids.battery, quantity: 2 },
            ],
          ],
        ],
      })
      .expect(200);
    sale = created.body.id;
    for (const button of ['quote', 'confirm']) {
      await sut
        .http()
        .post(tryton(`sale.sale/${sale}/${button}`))
        .set(key)
        .send({})
        .expect(200);
    }
    lines = (
      await sut
        .http()
        .get(tryton(`sale.sale/${sale}?f=lines`))
        .set(key)
        .expect(200)
    ).body.lines;
  });
  after(async () => {
    await sut?.close();
    await tdb?.drop();
  });

  const snapshot = async () =>
    (
      await sut
        .http()
        .get(
          tryton(
            `sale.sale/${sale}?f=state&f=description&f=lines.quantity&f=lines.unit_price&f=lines.amount&f=lines.write_date&f=untaxed_amount&f=tax_amount&f=total_amount`,
          ),
        )
        .set(key)
        .expect(200)
    ).body;

  it('refuses every write of the Tryton dialect, naming the field and the state', async () => {
    const before = await snapshot();
    assert.equal(before.state, 'confirmed');
    const attempts: [string, () => Promise<{ status: number; body: { message?: string } }>, RegExp][] = [
      [
        'POST sale.line',
        () => sut.http().post(tryton('sale.line')).set(key).send({ sale, product: ids.pin, quantity: 1 }),
        /cannot add lines to sale .* no longer in draft/,
      ],
      [
        'PUT sale.line quantity',
        () =>
          sut
            .http()
            .put(tryton(`sale.line/${lines[0]}`))
            .set(key)
            .send({ quantity: 50 }),
        /"Quantity" \(quantity\) of "Sale Line" is read-only in this state \(sale_state: "confirmed"\)/,
      ],
      [
        'PUT sale.line unit_price',
        () =>
          sut
            .http()
            .put(tryton(`sale.line/${lines[1]}`))
            .set(key)
            .send({ unit_price: money('0.01') }),
        /\(unit_price\) .* read-only .*sale_state: "confirmed"/,
      ],
      [
        'PUT sale.line product',
        () =>
          sut
            .http()
            .put(tryton(`sale.line/${lines[1]}`))
            .set(key)
            .send({ product: ids.pin }),
        /\(product\) .* read-only/,
      ],
      [
        'PUT sale.sale lines create',
        () =>
          sut
            .http()
            .put(tryton(`sale.sale/${sale}`))
            .set(key)
            .send({ lines: [['create', [{ product: ids.pin, quantity: 1 }]]] }),
        /"Lines" \(lines\) of "Sale" is read-only in this state \(state: "confirmed"\)/,
      ],
      [
        'PUT sale.sale lines write',
        () =>
          sut
            .http()
            .put(tryton(`sale.sale/${sale}`))
            .set(key)
            .send({ lines: [['write', [lines[0]], { quantity: 5 }]] }),
        /\(lines\) .* read-only/,
      ],
      [
        'PUT sale.sale lines delete',
        () =>
          sut
            .http()
            .put(tryton(`sale.sale/${sale}`))
            .set(key)
            .send({ lines: [['delete', [lines[0]]]] }),
        /\(lines\) .* read-only/,
      ],
      [
        'DELETE sale.line',
        () =>
          sut
            .http()
            .delete(tryton(`sale.line/${lines[0]}`))
            .set(key),
        /To delete line .* you must cancel or reset to draft/,
      ],
      [
        'PUT sale.sale description',
        () =>
          sut
            .http()
            .put(tryton(`sale.sale/${sale}`))
            .set(key)
            .send({ description: 'changed' }),
        /\(description\) .* read-only .*state: "confirmed"/,
      ],
      [
        'DELETE sale.sale',
        () =>
          sut
            .http()
            .delete(tryton(`sale.sale/${sale}`))
            .set(key),
        /To delete sale .* you must cancel it/,
      ],
    ];
    for (const [what, attempt, message] of attempts) {
      const res = await attempt();
      assert.equal(res.status, 400, what);
      assert.match(res.body.message ?? '', message, what);
    }
    assert.deepEqual(await snapshot(), before);
  });

  it('refuses every write of the pyDAL dialect', async () => {
    const before = await snapshot();
    const attempts: [string, () => Promise<{ status: number; body: Record<string, unknown> }>, number][] = [
      [
        'POST sale.line',
        () => sut.http().post(pydal('sale.line')).set(key).send({ sale, product: ids.pin, quantity: 1 }),
        400,
      ],
      [
        'PUT sale.line quantity',
        () =>
          sut
            .http()
            .put(pydal(`sale.line/${lines[0]}`))
            .set(key)
            .send({ quantity: 50 }),
        400,
      ],
      [
        'PUT sale.line unit_price',
        () =>
          sut
            .http()
            .put(pydal(`sale.line/${lines[1]}`))
            .set(key)
            .send({ unit_price: '0.01' }),
        400,
      ],
      [
        'DELETE sale.line',
        () =>
          sut
            .http()
            .delete(pydal(`sale.line/${lines[0]}`))
            .set(key),
        400,
      ],
      [
        'PUT sale.sale description',
        () =>
          sut
            .http()
            .put(pydal(`sale.sale/${sale}`))
            .set(key)
            .send({ description: 'changed' }),
        400,
      ],
      [
        'DELETE sale.sale',
        () =>
          sut
            .http()
            .delete(pydal(`sale.sale/${sale}`))
            .set(key),
        400,
      ],
    ];
    for (const [what, attempt, status] of attempts) {
      const res = await attempt();
      assert.equal(res.status, status, what);
      assert.equal(res.body.status, 'error', what);
      assert.equal(res.body.code, status, what);
    }
    assert.deepEqual(await snapshot(), before);
  });

  it('keeps totals and the order report in agreement with the lines', async () => {
    const read = await snapshot();
    const amounts = (read.lines as { amount: unknown }[]).map((l) => Number(decimal(l.amount)));
    assert.deepEqual(amounts, [4.5, 20]);
    assert.equal(Number(decimal(read.untaxed_amount)), 24.5);
    assert.equal(Number(decimal(read.untaxed_amount)), amounts[0] + amounts[1]);
    assert.equal(Number(decimal(read.tax_amount)), 5.14); // 5.145, half-even
    assert.equal(Number(decimal(read.total_amount)), 29.64);
    const report = await sut.http().get(`/${tdb.db}/rest/report/sale.sale/${sale}`).set(key).expect(200);
    assert.ok(report.text.includes(`Untaxed: ${decimal(read.untaxed_amount)} `), report.text);
    assert.ok(report.text.includes(`Total: ${decimal(read.total_amount)} `));
    const rows = report.text.match(/<tr><td>.*?<\/tr>/g) ?? [];
    assert.deepEqual(
      rows.map((row) => /<td>([^<]*)<\/td><\/tr>$/.exec(row)?.[1]),
      (read.lines as { amount: unknown }[]).map((l) => `${decimal(l.amount)} €`),
    );
  });

  it('lets the same writes through on a draft sale (the refusals come from the state)', async () => {
    await sut
      .http()
      .post(tryton(`sale.sale/${sale}/draft`))
      .set(key)
      .send({})
      .expect(200);
    await sut
      .http()
      .put(tryton(`sale.line/${lines[0]}`))
      .set(key)
      .send({ quantity: 4 })
      .expect(200);
    await sut
      .http()
      .put(pydal(`sale.line/${lines[1]}`))
      .set(key)
      .send({ unit_price: '9.5' })
      .expect(200);
    const added = await sut
      .http()
      .post(tryton('sale.line'))
      .set(key)
      .send({ sale, product: ids.pin, quantity: 1 })
      .expect(200);
    await sut
      .http()
      .delete(tryton(`sale.line/${added.body.id}`))
      .set(key)
      .expect(204);
    await sut
      .http()
      .put(tryton(`sale.sale/${sale}`))
      .set(key)
      .send({ description: 'changed' })
      .expect(200);
    const read = await snapshot();
    assert.equal(read.state, 'draft');
    assert.deepEqual(
      (read.lines as { amount: unknown }[]).map((l) => Number(decimal(l.amount))),
      [6, 19],
    );
  });
});
