import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { useLeakMatrix } from './leak-harness';

/**
 * The leak matrix, denied fields: party.party.code, party.contact_mechanism.value and
 * sale.sale.comment, denied to Sales by field access, through every way a value reaches an answer
 * (filter, order, field, dotted field, x2many path, sub-collection, computed field and rec_name made
 * of them, usage, count and Content-Range, write error, cache hit, ETag/304, pyDAL filter / field
 * selection / default selection / lookup / options list): no value comes back, and a refusal is the
 * same whatever the value.
 */
describe('leak matrix: denied fields', () => {
  const leak = useLeakMatrix('denied');
  const { vector, q, model, api, get, send, clean, same } = leak;

  // ---- a field denied by a field access (party.party.code, party.contact_mechanism.value, sale.sale.comment) ----

  vector('Tryton filter: on the field, through a relation, on a computed field made of it', async () => {
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
  });

  vector('order by it, directly and through a relation', async () => {
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

  vector('fields, dotted fields and x2many dotted fields', async () => {
    const party = await get(
      'sales',
      model(`party.party/${leak.s.visible.party}?f=name&f=code&f=email&f=contact_mechanisms.value`),
    );
    assert.equal(clean(party).status, 200);
    assert.deepEqual(Object.keys(party.body).sort(), ['__name__', 'contact_mechanisms', 'id', 'name']);
    const sale = await get(
      'sales',
      model(`sale.sale/${leak.s.visible.sale}?f=comment&f=party.code&f=party.email&f=party.name`),
    );
    assert.equal(clean(sale).status, 200);
    assert.equal('comment' in sale.body, false);
    assert.deepEqual(Object.keys(sale.body.party).sort(), ['__name__', 'id', 'name']);
  });

  vector('sub-collection', async () => {
    const res = await get(
      'sales',
      model(`party.party/${leak.s.visible.party}/contact_mechanisms?f=value&f=type`),
    );
    assert.equal(clean(res).status, 200);
    assert.deepEqual(
      res.body.map((c: Record<string, unknown>) => 'value' in c),
      [false],
    );
  });

  vector('computed field made of it (email) and rec_name made of it', async () => {
    const res = await get('sales', model(`party.party/${leak.s.visible.party}?f=email&f=rec_name&f=phone`));
    assert.equal(clean(res).status, 200);
    assert.deepEqual(Object.keys(res.body).sort(), ['__name__', 'id']);
    const contact = await get('sales', model(`party.contact_mechanism/${leak.s.visible.contact}?f=rec_name`));
    clean(contact);
    const admin = await get('salesAdmin', model(`party.party/${leak.s.visible.party}?f=email`));
    assert.equal(admin.body.email, 'visible@example.com');
  });

  vector('usage (web_shop: email)', async () => {
    const res = await get('sales', model(`party.party/${leak.s.visible.party}`), {
      'X-Tryton-Usage': 'web_shop',
    });
    assert.equal(clean(res).status, 200);
    assert.equal('email' in res.body, false);
    assert.equal(res.body.name, 'Visible Customer');
  });

  vector('count and Content-Range of a filter on it', async () => {
    const range = { Range: 'records=0-10' };
    same(
      await get('sales', model(`party.party?d=${q([['code', 'like', 'VIS%']])}`), range),
      await get('sales', model(`party.party?d=${q([['code', 'like', 'ZZZ%']])}`), range),
    );
  });

  vector('search_count, search and default_get methods naming it', async () => {
    for (const method of ['search_count', 'search']) {
      const res = await send('sales', 'post', model(`party.party/${method}`), {
        domain: [['code', 'like', 'VIS%']],
      });
      assert.equal(clean(res).status, 403, method);
      same(
        res,
        await send('sales', 'post', model(`party.party/${method}`), { domain: [['code', 'like', 'ZZZ%']] }),
      );
    }
    const res = await send('sales', 'post', model('party.party/default_get'), { fields_names: ['code'] });
    assert.equal(clean(res).status, 403);
    // fields_get leaves the field out, as Tryton does, whether named or not.
    for (const body of [{}, { fields_names: ['code', 'name'] }]) {
      const fields = await send('sales', 'post', model('party.party/fields_get'), body);
      assert.equal(clean(fields).status, 200);
      assert.ok(!('code' in fields.body) && 'name' in fields.body, JSON.stringify(Object.keys(fields.body)));
    }
  });

  vector('error of a write naming it', async () => {
    const res = await send('sales', 'put', model(`sale.sale/${leak.s.visible.sale}`), { comment: 'x' });
    assert.equal(clean(res).status, 403);
  });

  vector("cache hit and ETag/304 of an administrator's answer", async () => {
    const url = model(`party.party/${leak.s.visible.party}?f=code&f=email&f=name`);
    const admin = await get('salesAdmin', url);
    assert.equal(admin.body.code, 'VISCODE');
    await get('salesAdmin', url);
    const res = await get('sales', url);
    assert.deepEqual(Object.keys(clean(res).body).sort(), ['__name__', 'id', 'name']);
    const revalidated = await get('sales', url, { 'If-None-Match': admin.headers.etag });
    assert.equal(clean(revalidated).status, 200);
  });

  vector('pyDAL filter on it, through a relation and on a computed field', async () => {
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

  vector('pyDAL field selection, default selection and lookup', async () => {
    for (const path of [
      `party.party[id,name,code,email]?id.eq=${leak.s.visible.party}`,
      `party.party?id.eq=${leak.s.visible.party}`,
      `party.contact_mechanism?party.eq=${leak.s.visible.party}`,
      `sale.sale?id.eq=${leak.s.visible.sale}`,
      `sale.sale?id.eq=${leak.s.visible.sale}&@lookup=party[name,code,email]`,
      `party.party?id.eq=${leak.s.visible.party}&@lookup=contact_mechanisms[type,value]`,
      `party.party?@options_list=true`,
      `party.contact_mechanism?@options_list=true`,
    ]) {
      const res = await get('sales', api(path));
      clean(res);
      assert.ok(res.status < 500, path);
    }
  });
});
