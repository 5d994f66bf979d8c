import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalRequest, KeyInput } from '../../src/cache/cache-key';
import { canonicalJson, decodeJsonParameter } from '../../src/cache/canonical-json';
import { CanonicalRequests } from '../../src/cache/canonical-requests';

const b64 = (value: unknown, padded = false) => {
  const text = Buffer.from(JSON.stringify(value)).toString('base64url');
  return padded ? text.padEnd(Math.ceil(text.length / 4) * 4, '=') : text;
};
const q = (pairs: [string, string][]) => new URLSearchParams(pairs).toString();

function request(path: string, query = '', headers: KeyInput['headers'] = {}): KeyInput {
  return { path, query, headers };
}

/** The descriptor of a request (throws when it has none, to keep assertions short). */
function keyOf(input: KeyInput): string {
  const canonical = canonicalRequest(input);
  assert.ok(canonical, `no key for ${JSON.stringify(input)}`);
  return canonical.descriptor;
}

const SEARCH = '/shop/rest/model/party.party';
const domain = [
  ['name', 'ilike', '%a%'],
  ['active', '=', true],
];

describe(canonicalRequest.name, () => {
  const sut = canonicalRequest;

  it('names the database and the dialect', () => {
    assert.deepEqual([sut(request(SEARCH))?.db, sut(request(SEARCH))?.dialect], ['shop', 'tryton']);
    assert.equal(sut(request('/shop/rest/api/party.party'))?.dialect, 'generic');
  });

  it('ignores parameter order', () => {
    const a = q([
      ['d', JSON.stringify(domain)],
      ['s', '10'],
      ['p', '20'],
      ['f', 'name'],
      ['f', 'code'],
    ]);
    const b = q([
      ['f', 'code'],
      ['p', '20'],
      ['f', 'name'],
      ['s', '10'],
      ['d', JSON.stringify(domain)],
    ]);
    assert.equal(keyOf(request(SEARCH, a)), keyOf(request(SEARCH, b)));
  });

  it('treats raw JSON and base64 (padded or not) of d and o alike', () => {
    const order = [['name', 'ASC']];
    const raw = keyOf(
      request(
        SEARCH,
        q([
          ['d', JSON.stringify(domain)],
          ['o', JSON.stringify(order)],
        ]),
      ),
    );
    const plain = keyOf(
      request(
        SEARCH,
        q([
          ['d', b64(domain)],
          ['o', b64(order)],
        ]),
      ),
    );
    const padded = keyOf(
      request(
        SEARCH,
        q([
          ['d', b64(domain, true)],
          ['o', b64(order, true)],
        ]),
      ),
    );
    const standard = Buffer.from(JSON.stringify(domain)).toString('base64');
    const std = keyOf(
      request(
        SEARCH,
        q([
          ['d', standard],
          ['o', b64(order)],
        ]),
      ),
    );
    assert.equal(plain, raw);
    assert.equal(padded, raw);
    assert.equal(std, raw);
  });

  it('sorts and deduplicates field paths', () => {
    const a = keyOf(
      request(
        SEARCH,
        q([
          ['f', 'name'],
          ['f', 'addresses.city'],
          ['f', 'name'],
        ]),
      ),
    );
    const b = keyOf(
      request(
        SEARCH,
        q([
          ['f', 'addresses.city'],
          ['f', 'name'],
        ]),
      ),
    );
    assert.equal(a, b);
    assert.notEqual(a, keyOf(request(SEARCH, q([['f', 'name']]))));
  });

  it('normalises integers and keeps different pages apart', () => {
    assert.equal(keyOf(request(SEARCH, 's=010')), keyOf(request(SEARCH, 's=10')));
    assert.notEqual(keyOf(request(SEARCH, 's=10')), keyOf(request(SEARCH, 's=11')));
    assert.notEqual(keyOf(request(SEARCH, 's=10')), keyOf(request(SEARCH, 'p=10')));
    assert.notEqual(keyOf(request(SEARCH, 's=10')), keyOf(request(SEARCH, 's=%2B10')));
  });

  it('keeps different domains, paths and ranges apart', () => {
    const other = [['name', 'ilike', '%b%']];
    assert.notEqual(keyOf(request(SEARCH, `d=${b64(domain)}`)), keyOf(request(SEARCH, `d=${b64(other)}`)));
    assert.notEqual(keyOf(request(SEARCH)), keyOf(request('/shop/rest/model/party.address')));
    assert.notEqual(keyOf(request(SEARCH)), keyOf(request('/other/rest/model/party.party')));
    assert.notEqual(
      keyOf(request(SEARCH, '', { range: 'records=0-10' })),
      keyOf(request(SEARCH, '', { range: 'records=0-20' })),
    );
    assert.equal(
      keyOf(request(SEARCH, '', { range: 'records = 0 - 10' })),
      keyOf(request(SEARCH, '', { range: 'records=0-10' })),
    );
  });

  it('treats a trailing slash and percent-encoding alike', () => {
    assert.equal(keyOf(request(`${SEARCH}/`)), keyOf(request(SEARCH)));
    assert.equal(keyOf(request('/shop/rest/model/party%2Eparty')), keyOf(request(SEARCH)));
  });

  it('normalises Accept-Language to the language the route chooses', () => {
    const key = (language?: string) => keyOf(request(SEARCH, '', { 'accept-language': language }));
    assert.equal(key('fr-BE'), key('fr-BE, en;q=0.5'));
    assert.equal(key('en;q=0.2, fr-BE;q=0.9'), key('fr-BE'));
    assert.equal(key('fr, fr-BE'), key('fr-BE'));
    assert.notEqual(key('fr-BE'), key('fr'));
    assert.notEqual(key('fr'), key(undefined));
  });

  it('decodes X-Tryton-Context raw or base64, with keys in any order', () => {
    const key = (context?: string) => keyOf(request(SEARCH, '', { 'x-tryton-context': context }));
    const raw = key('{"company": 1, "active_test": false}');
    assert.equal(key(b64({ active_test: false, company: 1 })), raw);
    assert.notEqual(key('{"company": 2, "active_test": false}'), raw);
    assert.equal(key(undefined), key('{}'));
    assert.deepEqual(
      canonicalRequest(request(SEARCH, '', { 'x-tryton-context': b64({ company: 1 }) }))?.context,
      { company: 1 },
    );
  });

  it('sorts usages', () => {
    const key = (usage: string) => keyOf(request(SEARCH, '', { 'x-tryton-usage': usage }));
    assert.equal(key('web_shop,sale'), key(' sale , web_shop,sale'));
    assert.notEqual(key('web_shop'), key('sale'));
  });

  it('sorts every query key of the pyDAL dialect, keeping the order of repeated values', () => {
    const path = '/shop/rest/api/party.party';
    assert.equal(
      keyOf(request(path, 'name.startswith=A&@limit=5&@order=name')),
      keyOf(request(path, '@order=name&@limit=5&name.startswith=A')),
    );
    assert.notEqual(keyOf(request(path, 'a=1&a=2')), keyOf(request(path, 'a=2&a=1')));
  });

  it('gives no key for what does not parse (the route answers its 400)', () => {
    for (const input of [
      request(SEARCH, 'd=%5Bnot json'),
      request(SEARCH, 'd=@@@'),
      request(SEARCH, 'd=1234'),
      request(SEARCH, `d=${b64({ not: 'a list' })}`),
      request(SEARCH, `d=${b64(domain)}&d=${b64(domain)}`),
      request(SEARCH, '', { 'x-tryton-context': '[1, 2]' }),
      request(SEARCH, '', { 'x-tryton-context': '{"broken"' }),
      request(SEARCH, '', { 'x-tryton-context': ' ' }),
      request('/shop/rest/model/%E0%A4%A'),
      request(''),
    ]) {
      assert.equal(sut(input), null, JSON.stringify(input));
    }
  });
});

describe(decodeJsonParameter.name, () => {
  const sut = decodeJsonParameter;

  it('reads raw JSON and base64 of it', () => {
    assert.deepEqual(sut('[1,{"a":2}]'), [1, { a: 2 }]);
    assert.deepEqual(sut(b64([1, { a: 2 }])), [1, { a: 2 }]);
    assert.deepEqual(sut(b64([1, { a: 2 }], true)), [1, { a: 2 }]);
  });

  it('refuses what is neither', () => {
    for (const raw of ['', 'a', '!!!!', Buffer.from([0xff, 0xfe]).toString('base64url')]) {
      assert.equal(sut(raw), undefined, raw);
    }
  });
});

describe(canonicalJson.name, () => {
  it('sorts object keys at every level, keeping list order', () => {
    assert.equal(canonicalJson({ b: [{ d: 1, c: 2 }], a: null }), '{"a":null,"b":[{"c":2,"d":1}]}');
    assert.equal(canonicalJson(JSON.parse('{"__proto__": 1, "a": 2}')), '{"__proto__":1,"a":2}');
  });
});

describe(CanonicalRequests.name, () => {
  const requests = new CanonicalRequests();
  // As a route sees it: the URL as received (with its '?' only when there is a query) and headers.
  const sut = {
    of: (input: KeyInput) =>
      requests.of(input.query ? `${input.path}?${input.query}` : input.path, input.headers),
    keyOf: requests.keyOf.bind(requests),
  };

  it('remembers what canonicalRequest says, per raw request and header', () => {
    const input = request(SEARCH, `d=${b64(domain)}&f=name`, { 'accept-language': 'fr' });
    assert.deepEqual(sut.of(input), canonicalRequest(input));
    assert.equal(sut.of(input), sut.of({ ...input }), 'the same object for the same request');
    const empty = request(SEARCH, '', { 'x-tryton-context': '' });
    const absent = request(SEARCH, '', {});
    assert.deepEqual([sut.of(empty)?.descriptor, sut.of(absent)?.descriptor], [keyOf(empty), keyOf(absent)]);
    assert.equal(sut.of(request(SEARCH, '', { 'x-tryton-context': '[1]' })), null);
  });

  it('derives one store key per request and access profile', () => {
    const canonical = sut.of(request(SEARCH))!;
    assert.equal(sut.keyOf(canonical, 'p1'), sut.keyOf(canonical, 'p1'));
    assert.notEqual(sut.keyOf(canonical, 'p1'), sut.keyOf(canonical, 'p2'));
    assert.notEqual(sut.keyOf(canonical, 'p1'), sut.keyOf(sut.of(request(`${SEARCH}/1`))!, 'p1'));
  });
});
