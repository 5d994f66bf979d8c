import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiKey, createTestApp, createTestDatabase, TestApp, TestDatabase } from 'nest-tryton/testing';
import { BUSINESS_MODULES } from '../index';

/**
 * An administrator sets up the e-mail a customer receives about an order: to the sale's party,
 * copied to the salesman's colleague (a user), with the contact mechanism usage to pick; recipients
 * are fields holding users, parties, contacts or employees, or PYSON giving a list.
 */
describe('e-mail templates', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  const keys: Record<string, string> = {};
  const as = (who: string) => ({ Authorization: `Bearer ${keys[who]}` });
  const url = (path: string) => `/${tdb.db}/rest/model/${path}`;
  let models: Record<string, number>;
  let fields: Record<string, number>;

  before(async () => {
    tdb = await createTestDatabase(BUSINESS_MODULES);
    ({ models, fields } = await tdb.rollback(async (root) => {
      const m = await root.tx.query(
        `SELECT "id", "name" AS "model" FROM "ir_model" WHERE "name" IN ('sale.sale', 'party.party', 'company.employee')`,
      );
      const f = await root.tx.query(
        `SELECT "f"."id", "f"."model" || '.' || "f"."name" AS "name" FROM "ir_model_field" AS "f"
          WHERE "f"."model" || '.' || "f"."name" IN ('sale.sale.party', 'sale.sale.create_uid', 'sale.sale.reference', 'party.party.id', 'party.party.name', 'company.employee.id')`,
      );
      return {
        models: Object.fromEntries(m.map((r) => [r.model as string, r.id as number])),
        fields: Object.fromEntries(f.map((r) => [r.name as string, r.id as number])),
      };
    }));
    keys.admin = await apiKey(tdb, 'mailer', ['res.group_admin']);
    keys.clerk = await apiKey(tdb, 'clerk');
    sut = await createTestApp(tdb, BUSINESS_MODULES);
  });
  after(async () => {
    await sut?.close();
    await tdb?.drop();
  });

  it('an administrator writes the order confirmation template; everybody reads it', async () => {
    const created = await sut
      .http()
      .post(url('ir.email.template'))
      .set(as('admin'))
      .send({
        model: models['sale.sale'],
        name: 'Order confirmation',
        recipients: fields['sale.sale.party'],
        recipients_secondary: fields['sale.sale.create_uid'],
        recipients_hidden_pyson: JSON.stringify({ __class__: 'Eval', v: 'self.archive', d: [] }),
        subject: 'Your order ${record.number}',
        body: 'Dear ${record.party.name},\nthank you.',
      });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const read = await sut
      .http()
      .get(url(`ir.email.template/${created.body.id}`))
      .query({
        f: ['model_name', 'recipients.name', 'recipients_secondary.name', 'contact_mechanism', 'subject'],
      })
      .set(as('clerk'))
      .expect(200);
    assert.equal(read.body.model_name, 'sale.sale');
    assert.equal(read.body.recipients.name, 'party');
    assert.equal(read.body['recipients_secondary'].name, 'create_uid');
    assert.equal(read.body.contact_mechanism, null);
    await sut
      .http()
      .post(url('ir.email.template'))
      .set(as('clerk'))
      .send({ model: models['party.party'], name: 'Mine' })
      .expect(403);
  });

  it('takes a record itself as recipient when it is a party or an employee', async () => {
    for (const [model, field] of [
      ['party.party', 'party.party.id'],
      ['company.employee', 'company.employee.id'],
    ]) {
      const res = await sut
        .http()
        .post(url('ir.email.template'))
        .set(as('admin'))
        .send({ model: models[model], name: `To the ${model}`, recipients: fields[field] });
      assert.equal(res.status, 200, `${model}: ${JSON.stringify(res.body)}`);
    }
  });

  it('refuses recipients that hold no address, belong to another model, or are no list', async () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [
        { model: models['sale.sale'], recipients: fields['sale.sale.reference'] },
        /must be a field of sale\.sale/,
      ],
      [
        { model: models['party.party'], recipients: fields['party.party.name'] },
        /holding res\.user, party\.party/,
      ],
      [{ model: models['party.party'], recipients: fields['sale.sale.party'] }, /not "sale\.sale\.party"/],
      [{ model: models['party.party'], recipients_pyson: '[1' }, /not a PYSON expression/],
      [
        {
          model: models['party.party'],
          recipients_pyson: JSON.stringify({ __class__: 'Eval', v: 'self.email', d: '' }),
        },
        /must give a list/,
      ],
    ];
    for (const [values, message] of bad) {
      const res = await sut
        .http()
        .post(url('ir.email.template'))
        .set(as('admin'))
        .send({ name: 'Wrong', ...values });
      assert.equal(res.status, 400, JSON.stringify(values));
      assert.match(res.body.message, message);
    }
    await sut
      .http()
      .post(url('ir.email.template'))
      .set(as('admin'))
      .send({ name: 'Wrong', model: models['party.party'], contact_mechanism: 'invoice' })
      .expect(400);
  });
});
