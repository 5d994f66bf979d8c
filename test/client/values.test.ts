import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { Client, Decimal, PlainDate, PlainDateTime, PlainTime, TimeDelta } from 'nest-tryton-client';
import { TestModule } from '../fixtures/test.module';
import { useTestApp } from '../support/app';
import { createApplicationKey } from '../support/keys';

/** The client against the real server over HTTP, on the test module whose model has every field type. */
describe(`${Client.name} values against the server`, () => {
  let sut: Client;
  useTestApp([TestModule], async ({ tdb, sut: app }) => {
    const key = await tdb.commit((env) => createApplicationKey(env, 'admin'));
    const server = app.app.getHttpServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    sut = new Client(`http://127.0.0.1:${(server.address() as AddressInfo).port}/${tdb.db}`, key);
  });
  after(() => sut?.close());

  const FIELDS = ['balance', 'since', 'seen', 'opens', 'delay', 'photo', 'ratio', 'score', 'flag', 'kind'];

  it('writes and reads back every Tryton value type exactly', async () => {
    const values = {
      name: 'Every type',
      balance: new Decimal('12345678901234.56'),
      since: new PlainDate(2024, 2, 29),
      seen: new PlainDateTime(2026, 12, 1, 13, 5, 7, 123456),
      opens: new PlainTime(8, 30, 15, 250000),
      delay: TimeDelta.of({ days: 2, hours: 3, seconds: 1.5 }),
      photo: Buffer.from([0, 1, 2, 127, 128, 254, 255]),
      ratio: 0.25,
      score: -7,
      flag: true,
      kind: 'agency',
    };
    const created = await sut.create('test.partner', values, { fields: FIELDS });
    const read = await sut.get('test.partner', created.id!, { fields: FIELDS });
    for (const record of [created, read]) {
      assert.ok(record.balance instanceof Decimal);
      assert.equal(record.balance.toString(), '12345678901234.56');
      assert.ok(record.since.equals(values.since));
      assert.ok(record.seen.equals(values.seen), String(record.seen));
      assert.ok(record.opens.equals(values.opens), String(record.opens));
      assert.ok(record.delay instanceof TimeDelta);
      assert.equal(record.delay.seconds, 2 * 86400 + 3 * 3600 + 1.5);
      assert.deepEqual([...record.photo], [...values.photo]);
      assert.equal(record.ratio, 0.25);
      assert.equal(record.score, -7);
      assert.equal(record.flag, true);
      assert.equal(record.kind, 'agency');
    }
  });

  it('stores changed values of every type and searches by them', async () => {
    const partner = sut.record('test.partner', { name: 'Changing', balance: new Decimal('0.10') });
    await sut.store(partner, { fields: ['name', ...FIELDS] });
    partner.balance = partner.balance.plus('0.20');
    partner.since = PlainDate.parse('2030-01-31');
    partner.seen = new Date(Date.UTC(2030, 0, 31, 23, 59, 59, 999));
    partner.opens = PlainTime.parse('23:00');
    partner.delay = new TimeDelta(0);
    partner.photo = Buffer.from('hello');
    await sut.store(partner);
    assert.ok(partner.balance.equals('0.3'), String(partner.balance));
    assert.equal(partner.since.toString(), '2030-01-31');
    assert.equal(partner.seen.toString(), '2030-01-31T23:59:59.999000');
    assert.equal(partner.opens.toString(), '23:00:00');
    assert.equal(partner.delay.seconds, 0);
    assert.equal(partner.photo.toString(), 'hello');
    const found = await sut.search('test.partner', [
      ['balance', '=', new Decimal('0.3')],
      ['since', '>=', new PlainDate(2030, 1, 1)],
    ]);
    assert.deepEqual(
      found.map((p) => p.id),
      [partner.id],
    );
  });
});
