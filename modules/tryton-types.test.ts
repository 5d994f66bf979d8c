import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { refId } from 'nest-tryton';
import { apiKey, useTestApp } from 'nest-tryton/testing';
import type { TestApp, TestDatabase } from 'nest-tryton/testing';
import { BUSINESS_MODULES } from './index';
import { makeCompany, makeCustomer, makeProduct } from './test-factories';

/** Field types as Tryton has them: what its client reads off the wire (floats are JSON numbers). */
describe('Tryton field types over the REST API', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let auth: { Authorization: string };
  let line: number;
  let company: number;
  const url = (path: string) => `/${tdb.db}/rest/model/${path}`;
  useTestApp(BUSINESS_MODULES, async (stack) => {
    ({ tdb, sut } = stack);
    auth = {
      Authorization: `bearer ${await apiKey(tdb, 'manager', ['res.group_admin', 'sale.group_sale', 'product.group_product_admin'])}`,
    };
    ({ line, company } = await tdb.commit(async (env) => {
      const { company } = await makeCompany(env);
      const { party } = await makeCustomer(env);
      const { product } = await makeProduct(env, { name: 'Cable', list_price: '2.0000', uom: 'uom_meter' });
      const [sale] = await env
        .model('sale.sale')
        .create(env, [{ company, party, lines: [['create', [{ product, quantity: 2.5 }]]] }]);
      const [{ lines }] = await env.model('sale.sale').read(env, [sale], ['lines']);
      const users = await env.model('res.user').search(env, [['login', '=', 'manager']]);
      await env.model('res.user').write(env, users, { companies: [['add', [company]]], company });
      return { line: (lines as number[])[0], company };
    }));
  });

  it('sends sale.line.quantity as a JSON number and takes one back', async () => {
    const read = await sut
      .http()
      .get(url(`sale.line/${line}`))
      .query('f=quantity')
      .set(auth)
      .expect(200);
    assert.equal(read.body.quantity, 2.5);
    await sut
      .http()
      .put(url(`sale.line/${line}`))
      .set(auth)
      .send({ quantity: 4.25 })
      .expect(200);
    const again = await sut
      .http()
      .get(url(`sale.line/${line}`))
      .query('f=quantity&f=amount')
      .set(auth);
    assert.equal(again.body.quantity, 4.25);
    assert.deepEqual(again.body.amount, { __class__: 'Decimal', decimal: '8.50' });
    const text = await sut
      .http()
      .put(url(`sale.line/${line}`))
      .set(auth)
      .send({ quantity: 'lots' });
    assert.equal(text.status, 400);
    assert.match(text.body.message ?? JSON.stringify(text.body), /quantity.*expected a number/);
  });

  it('sends the factor, rate and rounding of units as JSON numbers, refusing more than 12 decimals', async () => {
    const gram = await tdb.rollback((env) => refId(env, 'product', 'uom_gram'));
    const read = await sut
      .http()
      .get(url(`product.uom/${gram}`))
      .query('f=factor&f=rate&f=rounding')
      .set(auth)
      .expect(200);
    assert.deepEqual([read.body.factor, read.body.rate, read.body.rounding], [0.001, 1000, 1]);
    const refused = await sut
      .http()
      .put(url(`product.uom/${gram}`))
      .set(auth)
      .send({ factor: 0.0010000000001 });
    assert.equal(refused.status, 400);
    assert.match(JSON.stringify(refused.body), /more than 12 decimals/);
  });

  it('offers the time zones of a company as a selection', async () => {
    await sut
      .http()
      .put(url(`company.company/${company}`))
      .set(auth)
      .send({ timezone: 'Europe/Brussels' })
      .expect(200);
    const refused = await sut
      .http()
      .put(url(`company.company/${company}`))
      .set(auth)
      .send({ timezone: 'Mars/Olympus' });
    assert.equal(refused.status, 400);
    const domain = Buffer.from(
      JSON.stringify([
        ['model', '=', 'company.company'],
        ['name', '=', 'timezone'],
      ]),
    ).toString('base64url');
    const field = await sut
      .http()
      .get(url('ir.model.field'))
      .query({ d: domain, f: 'ttype' })
      .set(auth)
      .expect(200);
    assert.equal(field.body[0].ttype, 'selection');
  });

  it("stores a user's e-mail and signature (Tryton client's README example)", async () => {
    await sut
      .http()
      .put(url('res.user/1'))
      .set(auth)
      .send({ email: 'admin@example.com', signature: 'Admin\n-- \nTryton Shop' })
      .expect(200);
    const read = await sut.http().get(url('res.user/1')).query('f=email&f=signature').set(auth).expect(200);
    assert.deepEqual(
      [read.body.email, read.body.signature],
      ['admin@example.com', 'Admin\n-- \nTryton Shop'],
    );
  });
});
