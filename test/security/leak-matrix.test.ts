import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Response } from 'supertest';
import { BUSINESS_MODULES } from '../../modules';
import { useTestApp, TestApp } from '../support/app';
import type { TestDatabase } from '../support/database';
import { bearer } from './http-support';
import { LeakScenario, SECRETS, seedLeakScenario } from './leak-setup';

/**
 * The leak matrix: for every way a value reaches an answer (filter, order, dotted field,
 * sub-collection, usage, computed field, rec_name, count and Content-Range, error message, cache
 * hit, ETag/304, pyDAL filter / lookup / field selection), a record hidden by a record rule and a
 * field denied by a field access, and nothing about them in the answer: no secret text, and the same
 * answer as for something that does not exist.
 */
describe('leak matrix', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let s: LeakScenario;
  useTestApp(
    BUSINESS_MODULES,
    (stack) => {
      tdb = stack.tdb;
      sut = stack.sut;
    },
    { seed: async (db) => (s = await seedLeakScenario(db)) },
  );

  const vectors = { hidden: 0, denied: 0 };
  const vector = (kind: 'hidden' | 'denied', name: string, fn: () => Promise<void>) => {
    vectors[kind]++;
    it(`${kind}: ${name}`, fn);
  };
  after(() =>
    console.log(`leak matrix: ${vectors.hidden} hidden-record and ${vectors.denied} denied-field vectors`),
  );

  const q = (value: unknown) => encodeURIComponent(JSON.stringify(value));
  const model = (path: string) => `/${tdb.db}/rest/model/${path}`;
  const api = (path: string) => `/${tdb.db}/rest/api/${path}`;
  type Who = keyof LeakScenario['keys'];
  const get = (who: Who, url: string, headers: Record<string, string> = {}) =>
    sut.http().get(url).set(bearer(s.keys[who])).set(headers);
  const send = (who: Who, method: 'post' | 'put', url: string, body: unknown) => {
    const http = sut.http();
    return (method === 'post' ? http.post(url) : http.put(url))
      .set(bearer(s.keys[who]))
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(body));
  };

  /** No secret text anywhere in the answer, headers included. */
  function clean(res: Response): Response {
    const body = res.text ?? (Buffer.isBuffer(res.body) ? res.body.toString() : '');
    const text = `${body} ${JSON.stringify(res.headers)}`;
    for (const secret of SECRETS)
      assert.ok(!text.includes(secret), `"${secret}" leaked: ${text.slice(0, 300)}`);
    return res;
  }
  /** The same status and body (ids of the two probes made equal). */
  function same(a: Response, b: Response, ids: [number, number] = [0, 0]) {
    clean(a);
    const norm = (r: Response, id: number) =>
      JSON.stringify({ status: r.status, body: r.body, range: r.headers['content-range'] ?? null })
        .replace(new RegExp(`\\b${id || 'no-id'}\\b`, 'g'), '<id>')
        .replace(/"timestamp":"[^"]*"/g, '');
    assert.equal(norm(a, ids[0]), norm(b, ids[1]));
  }
  const rename = (name: string) =>
    tdb.commit((env) => env.model('party.party').write(env, [s.hidden.party], { name }));

  // ---- a record hidden by a record rule (party 'Secret Customer B2', from Sales) ----

  vector('hidden', 'Tryton filter through the relation', async () => {
    for (const [path, operator, value, other] of [
      ['party.name', 'like', 'Secret%', 'Nobody%'],
      ['party', 'where', [['name', 'like', 'Secret%']], [['name', 'like', 'Nobody%']]],
      ['invoice_address.party.name', 'like', 'Secret%', 'Nobody%'],
      ['invoice_address.full_address', 'ilike', '%Secret%', '%Nobody%'],
      // party's rec_name is made of its code, denied to Sales: refused whatever the value
      ['party', 'ilike', '%B2%', '%Nobody%'],
    ]) {
      const probe = await get('sales', model(`sale.sale?f=id&d=${q([[path, operator, value]])}`));
      same(probe, await get('sales', model(`sale.sale?f=id&d=${q([[path, operator, other]])}`)));
    }
  });

  vector('hidden', 'order through the relation sorts the hidden target as NULL', async () => {
    const ids = [s.visible.sale, s.hidden.sale];
    for (const order of [
      [
        ['party.name', 'ASC'],
        ['id', 'ASC'],
      ],
      [
        ['party.name', 'DESC'],
        ['id', 'ASC'],
      ],
      [
        ['party', 'ASC'],
        ['id', 'ASC'],
      ],
      [
        ['invoice_address.party.name', 'ASC'],
        ['id', 'ASC'],
      ],
    ]) {
      const seen: number[][] = [];
      for (const name of ['Secret AAA', 'Secret ZZZ']) {
        await rename(name);
        const res = await get('sales', model(`sale.sale?f=id&d=${q([['id', 'in', ids]])}&o=${q(order)}`));
        seen.push(clean(res).body.map((r: { id: number }) => r.id));
      }
      assert.deepEqual(seen[0], seen[1], JSON.stringify(order));
      // as a sale without a party would sort: NULLs last ascending, first descending
      assert.deepEqual(seen[0], order[0][1] === 'DESC' ? [s.hidden.sale, s.visible.sale] : ids);
    }
    await rename('Secret Customer B2');
  });

  vector('hidden', 'dotted fields of a record and of a list', async () => {
    const one = await get('sales', model(`sale.sale/${s.hidden.sale}?f=party.name&f=party.addresses.street`));
    assert.equal(clean(one).status, 200);
    assert.equal(one.body.party, null);
    const list = await get('sales', model(`sale.sale?d=${q([['id', '=', s.hidden.sale]])}&f=party.name`));
    assert.deepEqual(
      clean(list).body.map((r: { party: unknown }) => r.party),
      [null],
    );
  });

  vector('hidden', 'the record, its sub-collections and the many2one sub-collection to it', async () => {
    for (const suffix of ['', '/addresses', '/contact_mechanisms']) {
      same(
        await get('sales', model(`party.party/${s.hidden.party}${suffix}`)),
        await get('sales', model(`party.party/${s.missing}${suffix}`)),
        [s.hidden.party, s.missing],
      );
    }
    // a many2one sub-collection to a hidden record is empty, as that of an empty many2one
    const viaSale = await get('sales', model(`sale.sale/${s.hidden.sale}/party`));
    assert.deepEqual(clean(viaSale).body, []);
  });

  vector('hidden', 'computed field (full_address) and rec_name made of the hidden party', async () => {
    const res = await get(
      'sales',
      model(`party.address/${s.hidden.address}?f=full_address&f=rec_name&f=city`),
    );
    assert.equal(clean(res).status, 200);
    assert.deepEqual([res.body.full_address, res.body.rec_name, res.body.city], [null, null, 'Namur']);
    const admin = await get('salesAdmin', model(`party.address/${s.hidden.address}?f=full_address`));
    assert.match(admin.body.full_address, /Secret Customer B2\nHidden Street 7/);
  });

  vector('hidden', 'nested computed field and rec_name of relations', async () => {
    const res = await get(
      'sales',
      model(
        `sale.sale/${s.hidden.sale}?f=invoice_address.full_address&f=invoice_address.rec_name&f=party.rec_name`,
      ),
    );
    assert.equal(clean(res).status, 200);
    assert.deepEqual(res.body.invoice_address.full_address, null);
    assert.deepEqual(res.body.invoice_address.rec_name, null);
    assert.equal(res.body.party, null);
  });

  vector('hidden', 'usage (web_shop: party.name, invoice_address.full_address)', async () => {
    const res = await get('sales', model(`sale.sale/${s.hidden.sale}`), { 'X-Tryton-Usage': 'web_shop' });
    assert.equal(clean(res).status, 200);
    assert.equal(res.body.party, null);
    assert.equal(res.body.invoice_address.full_address, null);
    // ...while what Sales may read is all there
    const visible = await get('sales', model(`sale.sale/${s.visible.sale}`), {
      'X-Tryton-Usage': 'web_shop',
    });
    assert.equal(visible.body.party.name, 'Visible Customer');
    assert.match(visible.body.invoice_address.full_address, /Visible Customer\nOpen Street 1/);
    assert.equal(Number(visible.body.total_amount.decimal), 6);
    assert.equal(Number(visible.body.lines[0].amount.decimal), 6);
    const list = await get('sales', model(`party.party`), { 'X-Tryton-Usage': 'web_shop' });
    assert.ok(!clean(list).body.some((p: { id: number }) => p.id === s.hidden.party));
  });

  vector('hidden', 'report of a sale whose party is hidden', async () => {
    const res = await get('sales', `/${tdb.db}/rest/report/sale.sale/${s.hidden.sale}`);
    assert.equal(clean(res).status, 200);
    const visible = await get('sales', `/${tdb.db}/rest/report/sale.sale/${s.visible.sale}`);
    assert.match(visible.text ?? String(visible.body), /Visible Customer/);
  });

  vector('hidden', 'count and Content-Range', async () => {
    for (const [m, path] of [
      ['party.party', 'name'],
      ['sale.sale', 'party.name'],
      ['party.address', 'party.name'],
    ]) {
      const range = { Range: 'records=0-10' };
      same(
        await get('sales', model(`${m}?f=id&d=${q([[path, 'like', 'Secret%']])}`), range),
        await get('sales', model(`${m}?f=id&d=${q([[path, 'like', 'Nobody%']])}`), range),
      );
    }
  });

  vector('hidden', 'error of a create or write naming it (many2one)', async () => {
    const company = (await get('sales', model(`sale.sale/${s.visible.sale}?f=company`))).body.company;
    same(
      await send('sales', 'post', model('sale.sale'), { company, party: s.hidden.party }),
      await send('sales', 'post', model('sale.sale'), { company, party: s.missing }),
    );
    same(
      await send('sales', 'put', model(`sale.sale/${s.visible.sale}`), {
        invoice_address: s.hidden.address + 0,
        party: s.hidden.party,
      }),
      await send('sales', 'put', model(`sale.sale/${s.visible.sale}`), {
        invoice_address: s.hidden.address + 0,
        party: s.missing,
      }),
    );
    same(
      await send('sales', 'post', model('sale.line'), {
        sale: s.foreign.sale,
        product: s.product,
        quantity: 1,
      }),
      await send('sales', 'post', model('sale.line'), { sale: s.missing, product: s.product, quantity: 1 }),
    );
  });

  vector('hidden', 'pyDAL create and update naming it (many2one)', async () => {
    const company = (await get('sales', model(`sale.sale/${s.visible.sale}?f=company`))).body.company;
    same(
      await send('sales', 'post', api('sale.sale'), { company, party: s.hidden.party }),
      await send('sales', 'post', api('sale.sale'), { company, party: s.missing }),
    );
    same(
      await send('sales', 'put', api(`sale.sale/${s.visible.sale}`), { party: s.hidden.party }),
      await send('sales', 'put', api(`sale.sale/${s.visible.sale}`), { party: s.missing }),
    );
  });

  vector('hidden', 'write and delete of the hidden record itself, both dialects', async () => {
    const del = (url: string) => sut.http().delete(url).set(bearer(s.keys.sales));
    for (const [base, body] of [
      [model('sale.sale'), { reference: 'x' }],
      [api('sale.sale'), { reference: 'x' }],
    ] as const) {
      same(
        await send('sales', 'put', `${base}/${s.foreign.sale}`, body),
        await send('sales', 'put', `${base}/${s.missing}`, body),
        [s.foreign.sale, s.missing],
      );
      same(await del(`${base}/${s.foreign.sale}`), await del(`${base}/${s.missing}`), [
        s.foreign.sale,
        s.missing,
      ]);
    }
  });

  vector('hidden', 'error of an x2many action naming it (add, write, copy, remove, delete)', async () => {
    const actions = (id: number) => [
      ['add', [id]],
      ['write', [id], { quantity: 5 }],
      ['copy', [id]],
      ['remove', [id]],
      ['delete', [id]],
    ];
    const hiddenActions = actions(s.foreign.line);
    const missingActions = actions(s.missing);
    for (let i = 0; i < hiddenActions.length; i++) {
      const url = model(`sale.sale/${s.visible.sale}`);
      const hidden = await send('sales', 'put', url, { lines: [hiddenActions[i]] });
      assert.ok(hidden.status >= 400, `${String(hiddenActions[i][0])}: ${hidden.status}`);
      same(hidden, await send('sales', 'put', url, { lines: [missingActions[i]] }), [
        s.foreign.line,
        s.missing,
      ]);
    }
  });

  vector('hidden', 'cache hit: an answer cached for an administrator', async () => {
    const one = `party.party/${s.hidden.party}?f=name&f=addresses.street`;
    const list = `party.party?f=name&d=${q([['id', '=', s.hidden.party]])}`;
    assert.equal((await get('salesAdmin', model(one))).status, 200);
    assert.equal((await get('salesAdmin', model(one))).body.name, 'Secret Customer B2');
    assert.equal((await get('salesAdmin', model(list))).body.length, 1);
    same(
      await get('sales', model(one)),
      await get('sales', model(`party.party/${s.missing}?f=name&f=addresses.street`)),
      [s.hidden.party, s.missing],
    );
    assert.deepEqual(clean(await get('sales', model(list))).body, []);
  });

  vector('hidden', "ETag/304: an administrator's ETag does not revalidate", async () => {
    const url = model(`party.party/${s.hidden.party}?f=name`);
    const etag = (await get('salesAdmin', url)).headers.etag;
    assert.ok(etag);
    const res = await get('sales', url, { 'If-None-Match': etag });
    assert.equal(clean(res).status, 404);
  });

  vector('hidden', 'pyDAL filter and count', async () => {
    for (const [table, key] of [
      ['party.party', 'name.startswith'],
      ['sale.sale', 'party.name.startswith'],
      ['party.address', 'party.name.startswith'],
    ]) {
      same(
        await get('sales', api(`${table}?${key}=Secret&@count=true`)),
        await get('sales', api(`${table}?${key}=Nobody&@count=true`)),
      );
    }
  });

  vector('hidden', 'pyDAL lookup', async () => {
    const res = await get('sales', api(`sale.sale?id.eq=${s.hidden.sale}&@lookup=party[name]`));
    assert.equal(clean(res).status, 200);
    assert.equal(res.body.items[0].party, null);
    const alias = await get('sales', api(`sale.sale?id.eq=${s.hidden.sale}&@lookup=p!:party[name]`));
    assert.equal(clean(alias).status, 200, alias.text);
  });

  vector('hidden', 'pyDAL field selection with a computed field', async () => {
    const res = await get('sales', api(`party.address[id,full_address,party]?id.eq=${s.hidden.address}`));
    assert.equal(clean(res).status, 200);
    assert.deepEqual(res.body.items, [{ id: s.hidden.address, full_address: null, party: s.hidden.party }]);
    const byId = await get('sales', api(`party.address[id,full_address]/${s.hidden.address}`));
    assert.equal(clean(byId).status, 200);
  });

  vector('hidden', 'pyDAL record by id', async () => {
    same(
      await get('sales', api(`party.party/${s.hidden.party}`)),
      await get('sales', api(`party.party/${s.missing}`)),
      [s.hidden.party, s.missing],
    );
  });

  vector('hidden', 'pyDAL options list', async () => {
    clean(await get('sales', api('party.party?@options_list=true')));
    clean(await get('sales', api('party.address?@options_list=true')));
  });

  // ---- a field denied by a field access (party.party.code, party.contact_mechanism.value, sale.sale.comment) ----

  vector(
    'denied',
    'Tryton filter: on the field, through a relation, on a computed field made of it',
    async () => {
      for (const [m, path, value, other] of [
        ['party.party', 'code', 'VISCODE', 'ZZZ'],
        ['sale.sale', 'party.code', 'VISCODE', 'ZZZ'],
        ['sale.sale', 'comment', 'confidential remark', 'ZZZ'],
        ['party.party', 'email', 'visible@example.com', 'z@z.z'],
        ['party.party', 'contact_mechanisms.value', 'visible@example.com', 'z@z.z'],
        ['party.party', 'rec_name', 'VISCODE', 'ZZZ'],
      ]) {
        const res = await get('sales', model(`${m}?d=${q([[path, '=', value]])}`));
        assert.equal(res.status, 403, path);
        same(res, await get('sales', model(`${m}?d=${q([[path, '=', other]])}`)));
      }
    },
  );

  vector('denied', 'order by it, directly and through a relation', async () => {
    for (const [m, path] of [
      ['party.party', 'code'],
      ['sale.sale', 'party.code'],
      ['sale.sale', 'comment'],
      ['party.contact_mechanism', 'value'],
    ]) {
      assert.equal(clean(await get('sales', model(`${m}?o=${q([[path, 'ASC']])}`))).status, 403, path);
    }
    // a model's own order never needs a denied field
    assert.equal(clean(await get('sales', model('party.contact_mechanism'))).status, 200);
  });

  vector('denied', 'fields, dotted fields and x2many dotted fields', async () => {
    const party = await get(
      'sales',
      model(`party.party/${s.visible.party}?f=name&f=code&f=email&f=contact_mechanisms.value`),
    );
    assert.equal(clean(party).status, 200);
    assert.deepEqual(Object.keys(party.body).sort(), ['__name__', 'contact_mechanisms', 'id', 'name']);
    const sale = await get(
      'sales',
      model(`sale.sale/${s.visible.sale}?f=comment&f=party.code&f=party.email&f=party.name`),
    );
    assert.equal(clean(sale).status, 200);
    assert.equal('comment' in sale.body, false);
    assert.deepEqual(Object.keys(sale.body.party).sort(), ['__name__', 'id', 'name']);
  });

  vector('denied', 'sub-collection', async () => {
    const res = await get('sales', model(`party.party/${s.visible.party}/contact_mechanisms?f=value&f=type`));
    assert.equal(clean(res).status, 200);
    assert.deepEqual(
      res.body.map((c: Record<string, unknown>) => 'value' in c),
      [false],
    );
  });

  vector('denied', 'computed field made of it (email) and rec_name made of it', async () => {
    const res = await get('sales', model(`party.party/${s.visible.party}?f=email&f=rec_name&f=phone`));
    assert.equal(clean(res).status, 200);
    assert.deepEqual(Object.keys(res.body).sort(), ['__name__', 'id']);
    const contact = await get('sales', model(`party.contact_mechanism/${s.visible.contact}?f=rec_name`));
    clean(contact);
    const admin = await get('salesAdmin', model(`party.party/${s.visible.party}?f=email`));
    assert.equal(admin.body.email, 'visible@example.com');
  });

  vector('denied', 'usage (web_shop: email)', async () => {
    const res = await get('sales', model(`party.party/${s.visible.party}`), { 'X-Tryton-Usage': 'web_shop' });
    assert.equal(clean(res).status, 200);
    assert.equal('email' in res.body, false);
    assert.equal(res.body.name, 'Visible Customer');
  });

  vector('denied', 'count and Content-Range of a filter on it', async () => {
    const range = { Range: 'records=0-10' };
    same(
      await get('sales', model(`party.party?d=${q([['code', 'like', 'VIS%']])}`), range),
      await get('sales', model(`party.party?d=${q([['code', 'like', 'ZZZ%']])}`), range),
    );
  });

  vector('denied', 'error of a write naming it', async () => {
    const res = await send('sales', 'put', model(`sale.sale/${s.visible.sale}`), { comment: 'x' });
    assert.equal(clean(res).status, 403);
  });

  vector('denied', "cache hit and ETag/304 of an administrator's answer", async () => {
    const url = model(`party.party/${s.visible.party}?f=code&f=email&f=name`);
    const admin = await get('salesAdmin', url);
    assert.equal(admin.body.code, 'VISCODE');
    await get('salesAdmin', url);
    const res = await get('sales', url);
    assert.deepEqual(Object.keys(clean(res).body).sort(), ['__name__', 'id', 'name']);
    const revalidated = await get('sales', url, { 'If-None-Match': admin.headers.etag });
    assert.equal(clean(revalidated).status, 200);
  });

  vector('denied', 'pyDAL filter on it, through a relation and on a computed field', async () => {
    for (const [table, key, value] of [
      ['party.party', 'code', 'VISCODE'],
      ['sale.sale', 'party.code', 'VISCODE'],
      ['party.party', 'email', 'visible@example.com'],
      ['party.contact_mechanism', 'value', 'visible@example.com'],
    ]) {
      const res = await get('sales', api(`${table}?${key}=${encodeURIComponent(value)}`));
      assert.ok(res.status >= 400, key);
      same(res, await get('sales', api(`${table}?${key}=ZZZ`)));
    }
  });

  vector('denied', 'pyDAL field selection, default selection and lookup', async () => {
    for (const path of [
      `party.party[id,name,code,email]?id.eq=${s.visible.party}`,
      `party.party?id.eq=${s.visible.party}`,
      `party.contact_mechanism?party.eq=${s.visible.party}`,
      `sale.sale?id.eq=${s.visible.sale}`,
      `sale.sale?id.eq=${s.visible.sale}&@lookup=party[name,code,email]`,
      `party.party?id.eq=${s.visible.party}&@lookup=contact_mechanisms[type,value]`,
      `party.party?@options_list=true`,
      `party.contact_mechanism?@options_list=true`,
    ]) {
      const res = await get('sales', api(path));
      clean(res);
      assert.ok(res.status < 500, path);
    }
  });
});
