import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiKey, createTestApp, createTestDatabase, TestApp, TestDatabase } from 'nest-tryton/testing';
import { BUSINESS_MODULES } from '../index';
import { makeCompany, makeCustomer, makeProduct } from '../test-factories';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const bytes = (buffer: Buffer) => ({ __class__: 'bytes', base64: buffer.toString('base64') });

/**
 * An operator attaches the customer's signed order (a PDF) and a note to a sale; who may not read
 * the sale (a clerk without access to sales, a seller of another company) sees neither, by any path.
 */
describe('attachments and notes of a sale follow the access of the sale', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let ids: { customer: number; product: number; address: number };
  const keys: Record<string, string> = {};
  const as = (who: string) => ({ Authorization: `Bearer ${keys[who]}` });
  const url = (path: string) => `/${tdb.db}/rest/model/${path}`;
  const q = (value: unknown) => JSON.stringify(value);
  let sale: number;
  let pdf: number;

  before(async () => {
    tdb = await createTestDatabase(BUSINESS_MODULES);
    ids = await tdb.commit(async (root) => {
      await makeCompany(root);
      const { party: customer, address } = await makeCustomer(root, 'Grace Hopper');
      const { product } = await makeProduct(root, { name: 'Keyboard', list_price: '40' });
      return { customer, product, address };
    });
    keys.operator = await apiKey(tdb, 'operator', ['sale.group_sale']);
    keys.colleague = await apiKey(tdb, 'colleague', ['sale.group_sale']);
    keys.clerk = await apiKey(tdb, 'clerk');
    await tdb.commit((root) => makeCompany(root, 'usd'));
    keys.elsewhere = await apiKey(tdb, 'elsewhere', ['sale.group_sale']);
    sut = await createTestApp(tdb, BUSINESS_MODULES);
    const created = await sut
      .http()
      .post(url('sale.sale'))
      .set(as('operator'))
      .send({ party: ids.customer, lines: [['create', [{ product: ids.product, quantity: 2 }]]] })
      .expect(200);
    sale = created.body.id;
  });
  after(async () => {
    await sut?.close();
    await tdb?.drop();
  });

  it('an operator attaches a PDF to a sale: stored with its size, summary, last user and date', async () => {
    const created = await sut
      .http()
      .post(url('ir.attachment'))
      .set(as('operator'))
      .send({
        name: 'signed-order.pdf',
        resource: `sale.sale,${sale}`,
        data: bytes(PDF),
        description: '\nSigned by the customer\nscanned at the counter',
      })
      .expect(200);
    pdf = created.body.id;
    const read = await sut
      .http()
      .get(url(`ir.attachment/${pdf}`))
      .query({
        f: [
          'name',
          'type',
          'resource',
          'data',
          'data_size',
          'summary',
          'last_user',
          'last_modification',
          'link',
        ],
      })
      .set(as('operator'))
      .expect(200);
    assert.equal(read.body.type, 'data', 'Tryton: data by default');
    assert.equal(read.body.resource, `sale.sale,${sale}`);
    assert.deepEqual(Buffer.from(read.body.data.base64, 'base64'), PDF);
    assert.equal(read.body.data_size, PDF.length);
    assert.equal(read.body.summary, 'Signed by the customer');
    assert.equal(read.body.last_user, 'operator');
    assert.equal(read.body.last_modification.__class__, 'datetime');
    assert.equal(read.body.link, null);
    const bySummary = await sut
      .http()
      .get(url('ir.attachment'))
      .query({ d: q([['summary', 'ilike', '%scanned%']]), f: 'name' })
      .set(as('operator'))
      .expect(200);
    assert.deepEqual(
      bySummary.body.map((a: { id: number }) => a.id),
      [pdf],
    );
  });

  it('the sale lists it in `attachments`, and takes a link in the same field', async () => {
    await sut
      .http()
      .put(url(`sale.sale/${sale}`))
      .set(as('operator'))
      .send({
        attachments: [['create', [{ name: 'Tracking', type: 'link', link: 'https://track.example/42' }]]],
      })
      .expect(200);
    const read = await sut
      .http()
      .get(url(`sale.sale/${sale}`))
      .query({ f: ['attachments.name', 'attachments.type', 'attachments.resource'] })
      .set(as('operator'))
      .expect(200);
    const names = read.body.attachments.map((a: { name: string }) => a.name).sort();
    assert.deepEqual(names, ['Tracking', 'signed-order.pdf']);
    assert.ok(read.body.attachments.every((a: { resource: string }) => a.resource === `sale.sale,${sale}`));
    const sub = await sut
      .http()
      .get(url(`sale.sale/${sale}/attachments`))
      .query({ f: 'name', o: q([['name', 'ASC']]) })
      .set(as('operator'))
      .expect(200);
    assert.deepEqual(
      sub.body.map((a: { name: string }) => a.name),
      ['Tracking', 'signed-order.pdf'],
    );
    const withPdf = await sut
      .http()
      .get(url('sale.sale'))
      .query({ d: q([['attachments.name', '=', 'signed-order.pdf']]) })
      .set(as('operator'))
      .expect(200);
    assert.deepEqual(
      withPdf.body.map((s: { id: number }) => s.id),
      [sale],
    );
    const viaSale = await sut
      .http()
      .get(url('ir.attachment'))
      .query({ d: q([['resource.party', '=', ids.customer, 'sale.sale']]), f: 'name' })
      .set(as('operator'))
      .expect(200);
    assert.equal(viaSale.body.length, 2);
  });

  it('a clerk without access to sales cannot see them: not by search, id, count, path or sale', async () => {
    const listed = await sut.http().get(url('ir.attachment')).set(as('clerk')).expect(200);
    assert.deepEqual(listed.body, []);
    const counted = await sut
      .http()
      .get(url('ir.attachment'))
      .set({ ...as('clerk'), Range: 'records=0-10' });
    assert.ok([200, 416].includes(counted.status), String(counted.status));
    if (counted.status === 200) assert.match(String(counted.headers['content-range']), /\/0$/);
    await sut
      .http()
      .get(url(`ir.attachment/${pdf}`))
      .set(as('clerk'))
      .expect(404);
    const byResource = await sut
      .http()
      .get(url('ir.attachment'))
      .query({ d: q([['resource', '=', `sale.sale,${sale}`]]) })
      .set(as('clerk'))
      .expect(200);
    assert.deepEqual(byResource.body, []);
    await sut
      .http()
      .get(url('ir.attachment'))
      .query({ d: q([['resource.number', '=', null, 'sale.sale']]) })
      .set(as('clerk'))
      .expect(403);
    await sut
      .http()
      .get(url(`sale.sale/${sale}/attachments`))
      .set(as('clerk'))
      .expect(403);
    await sut
      .http()
      .put(url(`ir.attachment/${pdf}`))
      .set(as('clerk'))
      .send({ name: 'mine.pdf' })
      .expect((res) => assert.ok([403, 404].includes(res.status), String(res.status)));
    await sut
      .http()
      .post(url('ir.attachment'))
      .set(as('clerk'))
      .send({ name: 'x.txt', resource: `sale.sale,${sale}`, data: bytes(Buffer.from('x')) })
      .expect(403);
  });

  it('a seller of another company sees none of them, and cannot attach to that sale', async () => {
    const listed = await sut.http().get(url('ir.attachment')).set(as('elsewhere')).expect(200);
    assert.deepEqual(listed.body, []);
    await sut
      .http()
      .get(url(`ir.attachment/${pdf}`))
      .set(as('elsewhere'))
      .expect(404);
    await sut
      .http()
      .post(url('ir.attachment'))
      .set(as('elsewhere'))
      .send({ name: 'x.txt', resource: `sale.sale,${sale}`, data: bytes(Buffer.from('x')) })
      .expect(403);
    await sut
      .http()
      .delete(url(`ir.attachment/${pdf}`))
      .set(as('elsewhere'))
      .expect((res) => assert.ok([403, 404].includes(res.status), String(res.status)));
  });

  it('a clerk attaches a document to a customer, which anybody may read', async () => {
    const created = await sut
      .http()
      .post(url('ir.attachment'))
      .set(as('clerk'))
      .send({ name: 'kbis.pdf', resource: `party.party,${ids.customer}`, data: bytes(PDF) })
      .expect(200);
    const listed = await sut
      .http()
      .get(url('ir.attachment'))
      .query({ f: 'name' })
      .set(as('clerk'))
      .expect(200);
    assert.deepEqual(
      listed.body.map((a: { id: number }) => a.id),
      [created.body.id],
    );
    // Moving it onto a sale needs write access to the sale.
    await sut
      .http()
      .put(url(`ir.attachment/${created.body.id}`))
      .set(as('clerk'))
      .send({ resource: `sale.sale,${sale}` })
      .expect(403);
  });

  it('refuses a resource that does not exist or is not a model', async () => {
    const missing = await sut
      .http()
      .post(url('ir.attachment'))
      .set(as('operator'))
      .send({ name: 'x', resource: 'sale.sale,999999' })
      .expect(400);
    assert.match(missing.body.message, /sale\.sale,999999/);
    await sut
      .http()
      .post(url('ir.attachment'))
      .set(as('operator'))
      .send({ name: 'x', resource: 'no.such.model,1' })
      .expect(400);
    await sut.http().post(url('ir.attachment')).set(as('operator')).send({ name: 'x' }).expect(400);
  });

  it('a note is read by its author, unread for a colleague until marked', async () => {
    const created = await sut
      .http()
      .post(url('ir.note'))
      .set(as('operator'))
      .send({ resource: `sale.sale,${sale}`, message: 'Customer asks for delivery before Friday.' })
      .expect(200);
    const note = created.body.id;
    const mine = await sut
      .http()
      .get(url(`ir.note/${note}`))
      .query({ f: ['unread', 'message_wrapped', 'last_user'] })
      .set(as('operator'))
      .expect(200);
    assert.equal(mine.body.unread, false);
    // The same request by a colleague with the same rights: not the author's cached answer.
    const theirs = await sut
      .http()
      .get(url(`ir.note/${note}`))
      .query({ f: ['unread', 'message_wrapped', 'last_user'] })
      .set(as('colleague'))
      .expect(200);
    assert.equal(theirs.body.unread, true);
    assert.equal(mine.body.message_wrapped, 'Customer asks for delivery before Friday.');
    const unread = await sut
      .http()
      .get(url('ir.note'))
      .query({ d: q([['unread', '=', true]]), f: 'message' })
      .set(as('colleague'))
      .expect(200);
    assert.deepEqual(
      unread.body.map((n: { id: number }) => n.id),
      [note],
    );
    const before = await sut
      .http()
      .get(url(`ir.note/${note}`))
      .query({ f: 'write_date' })
      .set(as('colleague'));
    await sut
      .http()
      .put(url(`ir.note/${note}`))
      .set(as('colleague'))
      .send({ unread: false })
      .expect(200);
    const after = await sut
      .http()
      .get(url(`ir.note/${note}`))
      .query({ f: ['unread', 'write_date'] })
      .set(as('colleague'))
      .expect(200);
    assert.equal(after.body.unread, false);
    assert.deepEqual(after.body.write_date, before.body.write_date, 'marking read changes no metadata');
    const stillUnread = await sut
      .http()
      .get(url('ir.note'))
      .query({ d: q([['unread', '=', true]]) })
      .set(as('colleague'))
      .expect(200);
    assert.deepEqual(stillUnread.body, []);
    const onSale = await sut
      .http()
      .get(url(`sale.sale/${sale}`))
      .query({ f: ['notes.message'] })
      .set(as('operator'))
      .expect(200);
    assert.equal(onSale.body.notes[0].message, 'Customer asks for delivery before Friday.');
    // Hidden from who may not read the sale, read marks included.
    assert.deepEqual((await sut.http().get(url('ir.note')).set(as('clerk')).expect(200)).body, []);
    assert.deepEqual((await sut.http().get(url('ir.note.read')).set(as('clerk')).expect(200)).body, []);
    assert.deepEqual((await sut.http().get(url('ir.note')).set(as('elsewhere')).expect(200)).body, []);
  });

  it('a copy of the sale keeps its attachments on the original (Tryton: resource_copy)', async () => {
    const copied = await tdb.commit(async (root) => {
      const [copy] = await root.model('sale.sale').copy(root, [sale]);
      const [values] = await root.model('sale.sale').read(root, [copy], ['attachments']);
      return values.attachments;
    });
    assert.deepEqual(copied, []);
  });
});
