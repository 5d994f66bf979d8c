import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client,
  NotFoundError,
  PlainDateTime,
  RangeNotSatisfiableError,
  RecordList,
  TrytonRecord,
  type TrytonError,
} from '../src';
import { useServer } from './support/server';

/**
 * The same calls against this server and, when TRYTON_PEER_URL and TRYTON_PEER_KEY name one (a database
 * URL and a validated key of its admin), against a real Tryton REST server with the party module: only
 * what both have (base models and parties; no sub-collections, ETags or usages, which Tryton lacks).
 */
const ids = (list: RecordList) => [...list].map((item) => (typeof item === 'number' ? item : item.id));

function peerCalls(target: () => { baseUrl: string; key: string }): void {
  let sut: Client;
  const name = `Peer ${Date.now().toString(36)}`;
  before(() => {
    sut = new Client(target().baseUrl, target().key);
  });
  after(() => sut?.close());

  it('searches with domain, order, limit, offset and fields', async () => {
    const [admin] = await sut.search('res.user', [['login', '=', 'admin']]);
    assert.equal(admin.__name__, 'res.user');
    assert.equal(admin.rec_name, 'Administrator');
    const langs = await sut.search('ir.lang', [], { order: [['code', 'ASC']], fields: ['code', 'name'] });
    const codes = langs.map((l) => l.code as string);
    assert.deepEqual(codes, [...codes].sort());
    const page = await sut.search('ir.lang', [], { order: ['code'], limit: 2, offset: 1, fields: ['code'] });
    assert.deepEqual(
      page.map((l) => l.code),
      codes.slice(1, 3),
    );
    let streamed = 0;
    for await (const lang of sut.searchAll('ir.lang', [], { fields: ['code'] })) if (lang.code) streamed++;
    assert.equal(streamed, codes.length);
  });

  it('pages with a range', async () => {
    const total = (await sut.search('ir.lang', [])).length;
    const page = await sut.search('ir.lang', [], { order: ['id'], range: { start: 1, end: 3 } });
    assert.equal(page.length, 2);
    assert.equal(page.start, 1);
    assert.equal(page.end, 3);
    assert.equal(page.size, total);
    await assert.rejects(
      sut.search('ir.lang', [], { range: { start: total + 1, end: total + 3 } }),
      RangeNotSatisfiableError,
    );
  });

  it('creates, reads, stores changes (x2many actions too) and deletes', async () => {
    const [category] = [await sut.create('party.category', { name: `${name} category` })];
    const party = await sut.create(
      'party.party',
      {
        name,
        addresses: [{ street: 'Rue Haute 1', city: 'Liège' }],
        contact_mechanisms: [{ type: 'email', value: 'peer@example.com' }],
      },
      { fields: ['name', 'addresses.city', 'addresses.street', 'categories', 'create_date'] },
    );
    assert.equal(party.name, name);
    assert.ok(party.create_date instanceof PlainDateTime);
    assert.ok(party.addresses instanceof RecordList);
    assert.equal(party.addresses[0].city, 'Liège');
    party.addresses[0].city = 'Namur';
    party.addresses.create({ street: 'Grand-Place 1', city: 'Bruxelles' });
    party.categories.add(category);
    await sut.store(party);
    assert.deepEqual(party.addresses.map((a: TrytonRecord) => a.city).sort(), ['Bruxelles', 'Namur']);
    assert.deepEqual(ids(party.categories), [category.id]);
    party.addresses.delete(party.addresses.find((a: TrytonRecord) => a.city === 'Bruxelles'));
    party.categories.remove(category);
    await sut.store(party);
    assert.deepEqual(
      party.addresses.map((a: TrytonRecord) => a.city),
      ['Namur'],
    );
    assert.deepEqual(ids(party.categories), []);
    const read = await sut.get('party.party', party.id!, { fields: ['name', 'addresses'] });
    assert.ok(read.equals(party));
    assert.equal(read.addresses.length, 1);
    await sut.update('party.party', party.id!, { active: false });
    assert.equal((await sut.search('party.party', [['name', '=', name]])).length, 0);
    const all = sut.withContext({ active_test: false });
    assert.equal((await all.search('party.party', [['name', '=', name]])).length, 1);
    // An archived record is hidden from a plain call, on both servers: 404.
    await assert.rejects(sut.delete(party), NotFoundError);
    await all.delete(party);
    await sut.delete('party.category', category.id!);
    await assert.rejects(all.get('party.party', party.id!), NotFoundError);
  });

  it('calls an RPC class method', async () => {
    const preferences = await sut.action<{ language?: string }>('res.user', 'get_preferences', {
      context_only: true,
    });
    assert.equal(typeof preferences, 'object');
    assert.ok('language' in preferences);
  });

  it('refuses an unknown key', async () => {
    const error = await sut
      .withKey('0'.repeat(64))
      .search('res.user')
      .catch((e: TrytonError) => e);
    assert.ok([401, 403].includes((error as TrytonError).status));
  });

  it('requests and revokes a key', async () => {
    const anonymous = new Client(target().baseUrl, '');
    try {
      const key = await anonymous.requestKey('admin', 'rest');
      assert.match(key, /^[0-9a-f]{32,}$/);
      await anonymous.revokeKey('admin', key, 'rest');
    } finally {
      await anonymous.close();
    }
  });
}

describe('the same calls against this server', () => {
  let target: { baseUrl: string; key: string };
  useServer((s) => {
    target = { baseUrl: s.baseUrl, key: s.adminKey };
  });
  peerCalls(() => target);
});

const peer = process.env.TRYTON_PEER_URL && process.env.TRYTON_PEER_KEY;
describe('the same calls against a real Tryton (TRYTON_PEER_URL, TRYTON_PEER_KEY)', { skip: !peer }, () => {
  peerCalls(() => ({ baseUrl: process.env.TRYTON_PEER_URL!, key: process.env.TRYTON_PEER_KEY! }));
});
