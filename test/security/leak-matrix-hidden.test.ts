import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { useLeakMatrix } from './leak-harness';

/** Tryton puts the party's name in an address's text only when the context asks for it. */
const WITH_PARTY = {
  'X-Tryton-Context': Buffer.from(JSON.stringify({ address_with_party: true })).toString('base64'),
};

/**
 * The leak matrix, hidden records: a party hidden from Sales by a record rule ('Secret Customer B2'),
 * its address and its sale, through every way a value reaches an answer (filter, order, dotted
 * field, sub-collection, computed field, rec_name, usage, report, count and Content-Range, errors of
 * create and write and x2many actions, cache hit, ETag/304, pyDAL filter / count / lookup / field
 * selection / id / options list / writes): no secret text comes back, and the answer is the one a
 * missing record (or a non-matching value) gets.
 */
describe('leak matrix: hidden records', () => {
  const leak = useLeakMatrix('hidden');
  const { vector, q, model, api, get, send, del, clean, same } = leak;

  // ---- a record hidden by a record rule (party 'Secret Customer B2', from Sales) ----

  vector('Tryton filter through the relation', async () => {
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

  vector('order through the relation sorts the hidden target as NULL', async () => {
    const ids = [leak.s.visible.sale, leak.s.hidden.sale];
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
        await leak.rename(name);
        const res = await get('sales', model(`sale.sale?f=id&d=${q([['id', 'in', ids]])}&o=${q(order)}`));
        seen.push(clean(res).body.map((r: { id: number }) => r.id));
      }
      assert.deepEqual(seen[0], seen[1], JSON.stringify(order));
      // as a sale without a party would sort: NULLs last ascending, first descending
      assert.deepEqual(seen[0], order[0][1] === 'DESC' ? [leak.s.hidden.sale, leak.s.visible.sale] : ids);
    }
    await leak.rename('Secret Customer B2');
  });

  vector('dotted fields of a record and of a list', async () => {
    const one = await get(
      'sales',
      model(`sale.sale/${leak.s.hidden.sale}?f=party.name&f=party.addresses.street`),
    );
    assert.equal(clean(one).status, 200);
    assert.equal(one.body.party, null);
    const list = await get(
      'sales',
      model(`sale.sale?d=${q([['id', '=', leak.s.hidden.sale]])}&f=party.name`),
    );
    assert.deepEqual(
      clean(list).body.map((r: { party: unknown }) => r.party),
      [null],
    );
  });

  vector('the record, its sub-collections and the many2one sub-collection to it', async () => {
    for (const suffix of ['', '/addresses', '/contact_mechanisms']) {
      same(
        await get('sales', model(`party.party/${leak.s.hidden.party}${suffix}`)),
        await get('sales', model(`party.party/${leak.s.missing}${suffix}`)),
        [leak.s.hidden.party, leak.s.missing],
      );
    }
    // a many2one sub-collection to a hidden record is empty, as that of an empty many2one
    const viaSale = await get('sales', model(`sale.sale/${leak.s.hidden.sale}/party`));
    assert.deepEqual(clean(viaSale).body, []);
  });

  vector('computed field (full_address) and rec_name made of the hidden party', async () => {
    const res = await get(
      'sales',
      model(`party.address/${leak.s.hidden.address}?f=full_address&f=rec_name&f=city`),
      WITH_PARTY,
    );
    assert.equal(clean(res).status, 200);
    assert.deepEqual([res.body.full_address, res.body.rec_name, res.body.city], [null, null, 'Namur']);
    const admin = await get(
      'salesAdmin',
      model(`party.address/${leak.s.hidden.address}?f=full_address`),
      WITH_PARTY,
    );
    assert.match(admin.body.full_address, /Secret Customer B2\nHidden Street 7/);
  });

  vector('nested computed field and rec_name of relations', async () => {
    const res = await get(
      'sales',
      model(
        `sale.sale/${leak.s.hidden.sale}?f=invoice_address.full_address&f=invoice_address.rec_name&f=party.rec_name`,
      ),
    );
    assert.equal(clean(res).status, 200);
    assert.deepEqual(res.body.invoice_address.full_address, null);
    assert.deepEqual(res.body.invoice_address.rec_name, null);
    assert.equal(res.body.party, null);
  });

  vector('usage (web_shop: party.name, invoice_address.full_address)', async () => {
    const res = await get('sales', model(`sale.sale/${leak.s.hidden.sale}`), {
      'X-Tryton-Usage': 'web_shop',
      ...WITH_PARTY,
    });
    assert.equal(clean(res).status, 200);
    assert.equal(res.body.party, null);
    assert.equal(res.body.invoice_address.full_address, null);
    // ...while what Sales may read is all there
    const visible = await get('sales', model(`sale.sale/${leak.s.visible.sale}`), {
      'X-Tryton-Usage': 'web_shop',
      ...WITH_PARTY,
    });
    assert.equal(visible.body.party.name, 'Visible Customer');
    assert.match(visible.body.invoice_address.full_address, /Visible Customer\nOpen Street 1/);
    assert.equal(Number(visible.body.total_amount.decimal), 6);
    assert.equal(Number(visible.body.lines[0].amount.decimal), 6);
    const list = await get('sales', model(`party.party`), { 'X-Tryton-Usage': 'web_shop' });
    assert.ok(!clean(list).body.some((p: { id: number }) => p.id === leak.s.hidden.party));
  });

  vector('report of a sale whose party is hidden', async () => {
    const res = await get('sales', `/${leak.db.db}/rest/report/sale.sale/${leak.s.hidden.sale}`);
    assert.equal(clean(res).status, 200);
    const visible = await get('sales', `/${leak.db.db}/rest/report/sale.sale/${leak.s.visible.sale}`);
    assert.match(visible.text ?? String(visible.body), /Visible Customer/);
  });

  vector('count and Content-Range', async () => {
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

  vector('search_count and search methods (POST /model/:model/:method)', async () => {
    for (const [m, path] of [
      ['party.party', 'name'],
      ['sale.sale', 'party.name'],
    ]) {
      for (const method of ['search_count', 'search']) {
        const probe = await send('sales', 'post', model(`${m}/${method}`), {
          domain: [[path, 'like', 'Secret%']],
        });
        assert.equal(probe.status, 200, `${m}.${method}`);
        same(
          probe,
          await send('sales', 'post', model(`${m}/${method}`), { domain: [[path, 'like', 'Nobody%']] }),
        );
      }
    }
  });

  vector('error of a create or write naming it (many2one)', async () => {
    const company = (await get('sales', model(`sale.sale/${leak.s.visible.sale}?f=company`))).body.company;
    same(
      await send('sales', 'post', model('sale.sale'), { company, party: leak.s.hidden.party }),
      await send('sales', 'post', model('sale.sale'), { company, party: leak.s.missing }),
    );
    same(
      await send('sales', 'put', model(`sale.sale/${leak.s.visible.sale}`), {
        invoice_address: leak.s.hidden.address + 0,
        party: leak.s.hidden.party,
      }),
      await send('sales', 'put', model(`sale.sale/${leak.s.visible.sale}`), {
        invoice_address: leak.s.hidden.address + 0,
        party: leak.s.missing,
      }),
    );
    same(
      await send('sales', 'post', model('sale.line'), {
        sale: leak.s.foreign.sale,
        product: leak.s.product,
        quantity: 1,
      }),
      await send('sales', 'post', model('sale.line'), {
        sale: leak.s.missing,
        product: leak.s.product,
        quantity: 1,
      }),
    );
  });

  vector('pyDAL create and update naming it (many2one)', async () => {
    const company = (await get('sales', model(`sale.sale/${leak.s.visible.sale}?f=company`))).body.company;
    same(
      await send('sales', 'post', api('sale.sale'), { company, party: leak.s.hidden.party }),
      await send('sales', 'post', api('sale.sale'), { company, party: leak.s.missing }),
    );
    same(
      await send('sales', 'put', api(`sale.sale/${leak.s.visible.sale}`), { party: leak.s.hidden.party }),
      await send('sales', 'put', api(`sale.sale/${leak.s.visible.sale}`), { party: leak.s.missing }),
    );
  });

  vector('write and delete of the hidden record itself, both dialects', async () => {
    for (const [base, body] of [
      [model('sale.sale'), { reference: 'x' }],
      [api('sale.sale'), { reference: 'x' }],
    ] as const) {
      same(
        await send('sales', 'put', `${base}/${leak.s.foreign.sale}`, body),
        await send('sales', 'put', `${base}/${leak.s.missing}`, body),
        [leak.s.foreign.sale, leak.s.missing],
      );
      same(await del(`${base}/${leak.s.foreign.sale}`), await del(`${base}/${leak.s.missing}`), [
        leak.s.foreign.sale,
        leak.s.missing,
      ]);
    }
  });

  vector('error of an x2many action naming it (add, write, copy, remove, delete)', async () => {
    const actions = (id: number) => [
      ['add', [id]],
      ['write', [id], { quantity: 5 }],
      ['copy', [id]],
      ['remove', [id]],
      ['delete', [id]],
    ];
    const hiddenActions = actions(leak.s.foreign.line);
    const missingActions = actions(leak.s.missing);
    for (let i = 0; i < hiddenActions.length; i++) {
      const url = model(`sale.sale/${leak.s.visible.sale}`);
      const hidden = await send('sales', 'put', url, { lines: [hiddenActions[i]] });
      assert.ok(hidden.status >= 400, `${String(hiddenActions[i][0])}: ${hidden.status}`);
      same(hidden, await send('sales', 'put', url, { lines: [missingActions[i]] }), [
        leak.s.foreign.line,
        leak.s.missing,
      ]);
    }
  });

  vector('cache hit: an answer cached for an administrator', async () => {
    const one = `party.party/${leak.s.hidden.party}?f=name&f=addresses.street`;
    const list = `party.party?f=name&d=${q([['id', '=', leak.s.hidden.party]])}`;
    assert.equal((await get('salesAdmin', model(one))).status, 200);
    assert.equal((await get('salesAdmin', model(one))).body.name, 'Secret Customer B2');
    assert.equal((await get('salesAdmin', model(list))).body.length, 1);
    same(
      await get('sales', model(one)),
      await get('sales', model(`party.party/${leak.s.missing}?f=name&f=addresses.street`)),
      [leak.s.hidden.party, leak.s.missing],
    );
    assert.deepEqual(clean(await get('sales', model(list))).body, []);
  });

  vector("ETag/304: an administrator's ETag does not revalidate", async () => {
    const url = model(`party.party/${leak.s.hidden.party}?f=name`);
    const etag = (await get('salesAdmin', url)).headers.etag;
    assert.ok(etag);
    const res = await get('sales', url, { 'If-None-Match': etag });
    assert.equal(clean(res).status, 404);
  });

  vector('pyDAL filter and count', async () => {
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

  vector('pyDAL lookup', async () => {
    const res = await get('sales', api(`sale.sale?id.eq=${leak.s.hidden.sale}&@lookup=party[name]`));
    assert.equal(clean(res).status, 200);
    assert.equal(res.body.items[0].party, null);
    const alias = await get('sales', api(`sale.sale?id.eq=${leak.s.hidden.sale}&@lookup=p!:party[name]`));
    assert.equal(clean(alias).status, 200, alias.text);
  });

  vector('pyDAL field selection with a computed field', async () => {
    const res = await get(
      'sales',
      api(`party.address[id,full_address,party]?id.eq=${leak.s.hidden.address}`),
    );
    assert.equal(clean(res).status, 200);
    assert.deepEqual(res.body.items, [
      { id: leak.s.hidden.address, full_address: null, party: leak.s.hidden.party },
    ]);
    const byId = await get('sales', api(`party.address[id,full_address]/${leak.s.hidden.address}`));
    assert.equal(clean(byId).status, 200);
  });

  vector('pyDAL record by id', async () => {
    same(
      await get('sales', api(`party.party/${leak.s.hidden.party}`)),
      await get('sales', api(`party.party/${leak.s.missing}`)),
      [leak.s.hidden.party, leak.s.missing],
    );
  });

  vector('pyDAL options list', async () => {
    clean(await get('sales', api('party.party?@options_list=true')));
    clean(await get('sales', api('party.address?@options_list=true')));
  });
});
