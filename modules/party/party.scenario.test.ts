import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { refId } from 'nest-tryton';
import { createTestDatabase, TestDatabase } from 'nest-tryton/testing';
import { BUSINESS_MODULES } from '../index';
import { makeCompany } from '../test-factories';

/** A Belgian wholesaler with a warehouse in France: its addresses, identifiers, contacts and languages. */
describe('a party with a Belgian and a French address', () => {
  let sut: TestDatabase;
  before(async () => {
    sut = await createTestDatabase(BUSINESS_MODULES);
  });
  after(() => sut.drop());

  it("formats each address by its country's format", async () => {
    await sut.rollback(async (env) => {
      const [party] = await env.model('party.party').create(env, [
        {
          name: 'Vandenberghe & Fils',
          addresses: [
            [
              'create',
              [
                {
                  street: 'Rue de la Loi 16\nBoîte 3',
                  postal_code: '1000',
                  city: 'Bruxelles',
                  country: await refId(env, 'country', 'be'),
                },
                {
                  name: 'Entrepôt Nord',
                  street: '12 rue des Docks',
                  postal_code: '59000',
                  city: 'Lille',
                  country: await refId(env, 'country', 'fr'),
                },
              ],
            ],
          ],
        },
      ]);
      // Tryton's context for a label: the party's name on top.
      const labels = env.withContext({ address_with_party: true });
      const [read] = await env
        .model('party.party')
        .read(
          labels,
          [party],
          ['addresses.full_address', 'addresses.street_single_line', 'addresses.subdivision_types'],
        );
      const [brussels, lille] = read.addresses as Record<string, unknown>[];
      assert.equal(
        brussels.full_address,
        'Vandenberghe & Fils\nRue de la Loi 16\nBoîte 3\n1000 Bruxelles\nBELGIUM',
      );
      assert.equal(brussels.street_single_line, 'Rue de la Loi 16 Boîte 3');
      assert.deepEqual(brussels.subdivision_types, ['province']);
      // France writes the city in capitals.
      assert.equal(
        lille.full_address,
        'Vandenberghe & Fils\nEntrepôt Nord\n12 rue des Docks\n59000 LILLE\nFRANCE',
      );
      // As Tryton, the country's name stays in English in another language, and is left out for a
      // letter sent from that country (address_from_country); without address_with_party, no name.
      const france = (await env.model('country.country').search(env, [['code', '=', 'FR']]))[0];
      const [fr] = await env
        .model('party.party')
        .read(
          env.withContext({ language: 'fr', address_from_country: france }),
          [party],
          ['addresses.full_address'],
        );
      assert.deepEqual(
        (fr.addresses as { full_address: string }[]).map((a) => a.full_address),
        [
          'Rue de la Loi 16\nBoîte 3\n1000 Bruxelles\nBELGIUM',
          'Entrepôt Nord\n12 rue des Docks\n59000 LILLE',
        ],
      );
    });
  });

  it('finds its tax identifier among its identifiers, and the SIRET of its French establishment', async () => {
    await sut.rollback(async (env) => {
      const [party] = await env.model('party.party').create(env, [
        {
          name: 'Vandenberghe & Fils',
          identifiers: [
            [
              'create',
              [
                { type: 'gln', code: '5412345000013' },
                { type: 'be_vat', code: 'BE0403019261' },
                { type: 'fr_siret', code: '73282932000074' },
              ],
            ],
          ],
        },
      ]);
      const [read] = await env
        .model('party.party')
        .read(env, [party], ['tax_identifier.code', 'identifiers.type', 'identifiers.type_address']);
      assert.equal((read.tax_identifier as { code: string }).code, 'BE0403019261');
      const types = (read.identifiers as { type: string; type_address: boolean }[]).map((i) => [
        i.type,
        i.type_address,
      ]);
      assert.deepEqual(types, [
        ['gln', false],
        ['be_vat', false],
        ['fr_siret', true],
      ]);
      assert.deepEqual(
        await env.model('party.party').search(env, [['tax_identifier.code', '=', 'BE0403019261']]),
        [party],
      );
    });
  });

  it('gives its contact mechanisms a link and a compact value, and keeps a language per company', async () => {
    await sut.rollback(async (root) => {
      const first = await makeCompany(root);
      const second = await makeCompany(root, 'usd');
      const [party] = await root.model('party.party').create(root, [
        {
          name: 'Vandenberghe & Fils',
          contact_mechanisms: [
            [
              'create',
              [
                { type: 'phone', value: '+32 2 (555) 12.34' },
                { type: 'email', value: 'info@vandenberghe.example' },
                { type: 'website', value: 'www.vandenberghe.example' },
              ],
            ],
          ],
        },
      ]);
      const [read] = await root
        .model('party.party')
        .read(
          root,
          [party],
          ['contact_mechanisms.url', 'contact_mechanisms.value_compact', 'contact_mechanisms.email'],
        );
      const mechanisms = read.contact_mechanisms as { url: string; value_compact: string; email: string }[];
      assert.deepEqual(
        mechanisms.map((m) => m.url),
        ['tel:+322555' + '1234', 'mailto:info@vandenberghe.example', 'http://www.vandenberghe.example'],
      );
      assert.equal(mechanisms[0].value_compact, '+3225551234');
      assert.equal(mechanisms[1].email, 'info@vandenberghe.example');

      const fr = await refId(root, 'ir', 'lang_fr');
      const en = await refId(root, 'ir', 'lang_en');
      const Party = root.model('party.party');
      await Party.write(root.withContext({ company: first.company }), [party], { lang: fr });
      await Party.write(root.withContext({ company: second.company }), [party], { lang: en });
      const langOf = async (company: number) =>
        (await Party.read(root.withContext({ company }), [party], ['lang.code']))[0].lang;
      assert.deepEqual(await langOf(first.company), { id: fr, code: 'fr' });
      assert.deepEqual(await langOf(second.company), { id: en, code: 'en' });
      const [{ langs }] = await Party.read(root, [party], ['langs']);
      assert.equal((langs as number[]).length, 2);
    });
  });
});
