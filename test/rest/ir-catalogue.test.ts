import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BUSINESS_MODULES } from '../../modules';
import { apiKey, useTestApp } from '../../src/testing';
import type { TestApp, TestDatabase } from '../../src/testing';

/**
 * ir.model and ir.model.field as Tryton's REST API answers them (observed on a Tryton server, pre-8.0
 * snapshot): `name` the technical name and `string` the label; a field's `model` the model's name.
 */
describe('ir.model and ir.model.field over REST, as Tryton', () => {
  let tdb: TestDatabase;
  let sut: TestApp;
  let auth: { Authorization: string };
  const url = (path: string) => `/${tdb.db}/rest/model/${path}`;
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
  const get = async (path: string) => {
    const res = await sut.http().get(url(path)).set(auth);
    assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  useTestApp(BUSINESS_MODULES, async (stack) => {
    ({ tdb, sut } = stack);
    // a user of no group: Tryton lets everybody read the catalogue
    auth = { Authorization: `bearer ${await apiKey(tdb, 'reader')}` };
  });

  it('names a model by name and labels it by string, with its module', async () => {
    const d = b64([['name', '=', 'party.party']]);
    const [model] = await get(
      `ir.model?f=name&f=string&f=module&f=global_search_p&f=module_ref&f=rec_name&d=${d}`,
    );
    assert.deepEqual(
      [model.name, model.string, model.module, model.global_search_p, model.rec_name],
      ['party.party', 'Party', 'party', false, 'Party'],
    );
    const [module] = await get(`ir.module?f=name&d=${b64([['name', '=', 'party']])}`);
    assert.equal(model.module_ref, module.id);
    // `model` and `info` are not fields of ir.model in Tryton
    for (const gone of ['model', 'info']) {
      assert.equal(
        (
          await sut
            .http()
            .get(url(`ir.model?f=${gone}`))
            .set(auth)
        ).status,
        400,
        gone,
      );
    }
    // searched through its module: the models of party, by name
    const names = (await get(`ir.model?f=name&d=${b64([['module_ref.name', '=', 'party']])}`)).map(
      (m: { name: string }) => m.name,
    );
    assert.ok(names.includes('party.address') && names.includes('party.party'));
    assert.ok(names.every((n: string) => n.startsWith('party.')));
    assert.deepEqual(names, [...names].sort());
  });

  it("describes a field: model by name, string, help, ttype, relation (a many2many's link model)", async () => {
    const d = b64([
      ['model', '=', 'party.party'],
      ['name', 'in', ['categories', 'create_date', 'addresses', 'lang', 'name']],
    ]);
    const fields = await get(
      `ir.model.field?f=name&f=model&f=model_ref&f=string&f=ttype&f=relation&f=module&f=access&f=help&f=rec_name&d=${d}`,
    );
    const [model] = await get(`ir.model?f=name&d=${b64([['name', '=', 'party.party']])}`);
    const shape = fields.map((f: Record<string, unknown>) => [
      f.name,
      f.model,
      f.model_ref === model.id,
      f.string,
      f.ttype,
      f.relation,
      f.module,
      f.access,
      f.rec_name,
    ]);
    // in Tryton's order (by name)
    assert.deepEqual(shape, [
      [
        'addresses',
        'party.party',
        true,
        'Addresses',
        'one2many',
        'party.address',
        'party',
        false,
        'Addresses (addresses)',
      ],
      [
        'categories',
        'party.party',
        true,
        'Categories',
        'many2many',
        'party.party-party.category',
        'party',
        false,
        'Categories (categories)',
      ],
      [
        'create_date',
        'party.party',
        true,
        'Created at',
        'timestamp',
        null,
        'party',
        false,
        'Created at (create_date)',
      ],
      ['lang', 'party.party', true, 'Language', 'many2one', 'ir.lang', 'party', false, 'Language (lang)'],
      ['name', 'party.party', true, 'Name', 'char', null, 'party', false, 'Name (name)'],
    ]);
    // no help: an empty string, as Tryton stores it
    assert.equal(fields.find((f: { name: string }) => f.name === 'addresses').help, '');
  });

  it("has Tryton's own fields for ir.model.field, and a model's fields through model_ref", async () => {
    const mine = await get(
      `ir.model.field?f=name&f=ttype&f=relation&d=${b64([['model', '=', 'ir.model.field']])}`,
    );
    const byName = new Map(mine.map((f: Record<string, unknown>) => [f.name, [f.ttype, f.relation]]));
    assert.deepEqual(
      [
        'model',
        'model_ref',
        'string',
        'help',
        'ttype',
        'relation',
        'module',
        'module_ref',
        'access',
        'write_date',
      ].map((n) => byName.get(n)),
      [
        ['char', null],
        ['many2one', 'ir.model'],
        ['char', null],
        ['text', null],
        ['char', null],
        ['char', null],
        ['char', null],
        ['many2one', 'ir.module'],
        ['boolean', null],
        ['timestamp', null],
      ],
    );
    for (const gone of ['field_description', 'readonly', 'required', 'translate'])
      assert.ok(!byName.has(gone), gone);
    const [model] = await get(`ir.model?f=fields&d=${b64([['name', '=', 'ir.model.field']])}`);
    assert.equal(model.fields.length, mine.length);
    const dotted = await get(
      `ir.model.field?f=model&f=name&d=${b64([
        ['model_ref.name', '=', 'party.party'],
        ['name', '=', 'name'],
      ])}`,
    );
    assert.deepEqual(
      dotted.map((f: Record<string, unknown>) => [f.model, f.name]),
      [['party.party', 'name']],
    );
  });

  it('gives the catalogue types Tryton gives (text, char, selection, timestamp)', async () => {
    const d = b64([
      'OR',
      [
        ['model', '=', 'ir.model.access'],
        ['name', '=', 'description'],
      ],
      [
        ['model', '=', 'ir.rule'],
        ['name', '=', 'domain'],
      ],
      [
        ['model', '=', 'ir.translation'],
        ['name', '=', 'type'],
      ],
      [
        ['model', '=', 'res.user'],
        ['name', '=', 'password_reset_expire'],
      ],
    ]);
    const rows = await get(`ir.model.field?f=model&f=name&f=ttype&d=${d}`);
    assert.deepEqual(rows.map((f: Record<string, unknown>) => `${f.model}.${f.name} ${f.ttype}`).sort(), [
      'ir.model.access.description text',
      'ir.rule.domain char',
      'ir.translation.type selection',
      'res.user.password_reset_expire timestamp',
    ]);
  });
  it("types sequences as Tryton: the modules' sequence types, sequence_type in place of code", async () => {
    // Tryton (party, product, sale): Party, Variant, Product, Category, Sale
    const types = (await get('ir.sequence.type?f=name&f=rec_name')).map((t: Record<string, unknown>) => [
      t.name,
      t.rec_name,
    ]);
    for (const name of ['Party', 'Variant', 'Product', 'Category', 'Sale'])
      assert.ok(
        types.some(([n, r]: string[]) => n === name && r === name),
        name,
      );
    const sequences = await get(
      `ir.sequence?f=name&f=sequence_type.name&d=${b64([['name', 'in', ['Party', 'Sale']]])}`,
    );
    assert.deepEqual(
      sequences
        .map((s: { name: string; sequence_type: { name: string } }) => [s.name, s.sequence_type.name])
        .sort(),
      [
        ['Party', 'Party'],
        ['Sale', 'Sale'],
      ],
    );
    assert.equal((await sut.http().get(url('ir.sequence?f=code')).set(auth)).status, 400);
    // a plain user reads them, only administrators change them
    const [type] = await get('ir.sequence.type?f=name');
    const write = await sut
      .http()
      .put(url(`ir.sequence.type/${type.id}`))
      .set(auth)
      .send({ name: 'Mine' });
    assert.equal(write.status, 403);
  });
});
