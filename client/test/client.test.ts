import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import {
  BadRequestError,
  Client,
  Decimal,
  ForbiddenError,
  MemoryEtagStore,
  NotFoundError,
  PlainDate,
  RangeNotSatisfiableError,
  RecordList,
  TrytonRecord,
  UnauthorizedError,
  typeName,
  type CachedAnswer,
  type RecordOf,
} from '../src';
import { useServer, type ServerUnderTest } from './support/server';

const CLI = resolve(__dirname, '../src/cli.js');

/** An ETag store that counts what the client does with it. */
class CountingStore extends MemoryEtagStore {
  sets = 0;
  override set(key: string, answer: CachedAnswer): void {
    this.sets++;
    super.set(key, answer);
  }
}

describe(Client.name, () => {
  let server: ServerUnderTest;
  let sut: Client;
  let store: CountingStore;
  useServer(async (s) => {
    server = s;
    store = new CountingStore();
    sut = new Client(s.baseUrl, s.adminKey, { cache: store });
  });
  after(() => sut?.close());

  describe('search', () => {
    it('answers Records with id and __name__, rec_name without usages', async () => {
      const users = await sut.search('res.user', [['login', '=', 'admin']]);
      assert.equal(users.length, 1);
      assert.ok(users[0] instanceof TrytonRecord);
      assert.equal(users[0].__name__, 'res.user');
      assert.equal(typeof users[0].id, 'number');
      assert.deepEqual(users[0].fieldNames(), ['rec_name']);
    });

    it('sends domain, order, limit, offset and dotted fields', async () => {
      const all = await sut.search('product.product', [['salable', '=', true]], {
        order: [['code', 'DESC']],
        fields: ['code', 'template.name', 'categories.name'],
      });
      const codes = all.map((p) => p.code as string);
      assert.deepEqual(codes, [...codes].sort().reverse());
      assert.ok(all.length >= 5);
      assert.equal(all[0].template.__name__, 'product.template');
      assert.ok(all[0].categories instanceof RecordList);
      const page = await sut.search('product.product', [['salable', '=', true]], {
        order: ['code'],
        limit: 2,
        offset: 1,
        fields: ['code'],
      });
      assert.deepEqual(
        page.map((p) => p.code),
        [...codes].sort().slice(1, 3),
      );
    });

    it('pages with a range: records, start, end and size', async () => {
      const total = (await sut.search('party.party', [], { fields: ['id'] })).length;
      const page = await sut.search('party.party', [], { range: { start: 2, end: 5 }, order: ['id'] });
      assert.equal(page.length, 3);
      assert.equal(page.records.length, 3);
      assert.equal(page.start, 2);
      assert.equal(page.end, 5);
      assert.equal(page.size, total);
      await assert.rejects(
        sut.search('party.party', [], { range: { start: total + 5, end: total + 10 } }),
        RangeNotSatisfiableError,
      );
    });

    it('reads the sub-collection of a record, and a many2one as one record', async () => {
      const [sale] = await sut.search('sale.sale', [['lines', '!=', null]], { limit: 1, fields: ['lines'] });
      const lines = await sut.subCollection('sale.sale', sale.id!, 'lines', [], {
        fields: ['quantity', 'sale'],
      });
      assert.deepEqual(lines.map((l) => l.id).sort(), [...(sale.lines as RecordList<number>)].sort());
      assert.ok(lines.every((l) => l.sale === sale.id));
      const [party] = await sut.related(sale, 'party', [], { fields: ['name'] });
      assert.equal(party.__name__, 'party.party');
      assert.equal(typeof party.name, 'string');
    });

    it('streams every record with searchAll', async () => {
      const listed = await sut.search('party.party', [], { fields: ['name'], order: ['id'] });
      const streamed: TrytonRecord[] = [];
      for await (const party of sut.searchAll('party.party', [], { fields: ['name'], order: ['id'] }))
        streamed.push(party);
      assert.deepEqual(
        streamed.map((p) => [p.id, p.name]),
        listed.map((p) => [p.id, p.name]),
      );
    });
  });

  describe('headers', () => {
    it('usages choose the fields; derived clients share the pool and the cache', async () => {
      const shop = sut.withUsages(['web_shop']);
      const [product] = await shop.search('product.product', [], { limit: 1 });
      assert.ok(product.list_price instanceof Decimal);
      assert.equal(product.sale_uom.__name__, 'product.uom');
      assert.equal(typeof product.sale_uom.symbol, 'string');
      assert.deepEqual(shop.usages, ['web_shop']);
      assert.deepEqual(sut.usages, []);
      const derived = sut.withContext({ company: 1 }).withLanguages('fr');
      assert.deepEqual(derived.context, { company: 1 });
      assert.equal(derived.baseUrl, sut.baseUrl);
    });

    it('languages are sent with q-values: translated names', async () => {
      const [fr] = await sut
        .withLanguages(['fr-BE', 'en'])
        .search('country.country', [['code', '=', 'BE']], { fields: ['name'] });
      const [en] = await sut
        .withLanguages(['en', 'fr'])
        .search('country.country', [['code', '=', 'BE']], { fields: ['name'] });
      assert.equal(en.name, 'Belgium');
      assert.equal(fr.name, 'Belgique');
    });

    it('the context is sent as X-Tryton-Context', async () => {
      const party = await sut.create('party.party', { name: 'Archived Customer' });
      await sut.update('party.party', party.id!, { active: false });
      const domain = [['name', '=', 'Archived Customer']];
      assert.equal((await sut.search('party.party', domain)).length, 0);
      const all = sut.withContext({ active_test: false });
      assert.equal((await all.search('party.party', domain)).length, 1);
    });
  });

  describe('records', () => {
    it('get, create (answer or Location), update, delete', async () => {
      const created = await sut.create(
        'party.party',
        { name: 'Jeanne', addresses: [{ city: 'Namur', postal_code: '5000' }] },
        { fields: ['name', 'addresses.city'] },
      );
      assert.equal(created.name, 'Jeanne');
      assert.equal(created.addresses[0].city, 'Namur');
      const got = await sut.get('party.party', created.id!, { fields: ['name', 'code'] });
      assert.ok(got.equals(created));
      const updated = await sut.update(
        'party.party',
        created.id!,
        { name: 'Jeanne D.' },
        { fields: ['name'] },
      );
      assert.equal(updated.name, 'Jeanne D.');
      await sut.delete('party.party', created.id!);
      await assert.rejects(sut.get('party.party', created.id!), NotFoundError);
    });

    it('store creates a new record, then writes only what changed', async () => {
      const party = sut.record('party.party', { name: 'Léon' });
      assert.equal(party.id, null);
      await sut.store(party, { fields: ['name', 'code'] });
      assert.equal(typeof party.id, 'number');
      assert.equal(party.name, 'Léon');
      assert.equal(party.isModified(), false);
      // Someone else changes the code; our store of the name must not write it back.
      await sut.update('party.party', party.id!, { code: 'ELSEWHERE' });
      party.name = 'Léon B.';
      assert.deepEqual(party.changes(), { name: 'Léon B.' });
      await sut.store(party);
      assert.equal(party.name, 'Léon B.');
      assert.equal(party.code, 'ELSEWHERE');
      assert.equal((await sut.get('party.party', party.id!, { fields: ['name'] })).name, 'Léon B.');
      await sut.delete(party);
    });

    it('store writes x2many changes as action lists: create, write, delete', async () => {
      const shop = sut.withUsages('web_shop');
      const [webShop] = await shop.search('web.shop', [], { limit: 1 });
      const cart = await shop.action<TrytonRecord>(webShop, 'get_sale');
      await shop.reload(cart);
      assert.equal(cart.state, 'draft');
      const products = await sut.search('product.product', [['salable', '=', true]], {
        limit: 2,
        order: ['code'],
      });
      cart.lines.create({ product: products[0], quantity: new Decimal('2') });
      cart.lines.create({ product: products[1].id, quantity: new Decimal('1.5') });
      await shop.store(cart);
      assert.equal(cart.lines.length, 2);
      assert.ok(cart.total_amount instanceof Decimal && !cart.total_amount.isZero());
      const [first, second] = cart.lines as TrytonRecord[];
      first.quantity = new Decimal(3);
      cart.lines.delete(second);
      assert.deepEqual(JSON.parse(JSON.stringify(cart.changes())), {
        lines: [
          ['write', [first.id], { quantity: { __class__: 'Decimal', decimal: '3' } }],
          ['delete', [second.id]],
        ],
      });
      await shop.store(cart);
      assert.equal(cart.lines.length, 1);
      assert.equal(cart.lines[0].quantity.toString(), '3');
      assert.ok(cart.lines[0].amount.equals(cart.lines[0].unit_price.times(3).round(2)));
      await assert.rejects(sut.get('sale.line', second.id!), NotFoundError);
    });

    it('store adds and removes many2many links', async () => {
      const [category] = await sut.search('party.category', [], { limit: 1 });
      const party = await sut.create(
        'party.party',
        { name: 'Linked', categories: [category.id] },
        {
          fields: ['categories'],
        },
      );
      assert.deepEqual([...party.categories], [category.id]);
      party.categories.remove(category.id!);
      assert.deepEqual(party.changes(), { categories: [['remove', [category.id]]] });
      await sut.store(party);
      assert.deepEqual([...party.categories], []);
      party.categories.add(category);
      await sut.store(party);
      // Stored with a Record in the list: read back with that Record's fields (nested).
      assert.deepEqual(
        party.categories.map((c: TrytonRecord) => [c.id, c.rec_name]),
        [[category.id, category.rec_name]],
      );
      assert.ok((await sut.get('party.category', category.id!)).equals(category));
    });

    it('dates and Decimals travel exactly, both ways', async () => {
      const [sale] = await sut.search('sale.sale', [['state', '=', 'draft']], {
        limit: 1,
        fields: ['sale_date'],
      });
      sale.sale_date = new PlainDate(2026, 2, 28);
      await sut.store(sale);
      assert.ok(sale.sale_date.equals(new PlainDate(2026, 2, 28)));
      const [line] = await sut.search(
        'sale.line',
        [
          ['sale.state', '=', 'draft'],
          ['product', '!=', null],
        ],
        {
          limit: 1,
          fields: ['quantity', 'unit_price'],
        },
      );
      line.unit_price = new Decimal('0.1');
      line.quantity = new Decimal('3');
      await sut.store(line, { fields: ['quantity', 'unit_price', 'amount'] });
      assert.equal(line.unit_price.toString(), '0.1');
      assert.ok(line.amount.equals('0.3'), String(line.amount));
    });
  });

  describe('actions and reports', () => {
    it('calls a button on a record and a method answering records', async () => {
      const [shop] = await sut.search('web.shop', [], { limit: 1 });
      const products = await sut.action<TrytonRecord[]>(shop, 'get_products');
      assert.ok(products.length > 0);
      assert.ok(products.every((p) => p instanceof TrytonRecord && p.__name__ === 'product.product'));
      assert.ok(products[0].sale_price instanceof Decimal);
      const [draft] = await sut.search(
        'sale.sale',
        [
          ['state', '=', 'draft'],
          ['party.name', '!=', 'Guest'],
        ],
        {
          limit: 1,
        },
      );
      await sut.action({ model: 'sale.sale', id: draft.id! }, 'quote');
      assert.equal((await sut.get('sale.sale', draft.id!, { fields: ['state'] })).state, 'quotation');
      await assert.rejects(sut.action('sale.sale', 'no_such_method'), (e: ForbiddenError | NotFoundError) =>
        [403, 404].includes(e.status),
      );
    });

    it('renders a report: filename and bytes', async () => {
      const [sale] = await sut.search('sale.sale', [['number', '!=', null]], {
        limit: 1,
        fields: ['number'],
      });
      const report = await sut.report('sale.sale', sale.id!);
      assert.equal(report.filename, `Sale-${sale.number}.html`);
      assert.match(report.contentType, /^text\/html/);
      assert.match(report.bytes.toString('utf8'), new RegExp(String(sale.number)));
    });
  });

  describe('errors', () => {
    it('a business error is a BadRequestError with message and description', async () => {
      const [confirmed] = await sut.search(
        'sale.sale',
        [['state', 'in', ['confirmed', 'processing', 'done']]],
        {
          limit: 1,
        },
      );
      const error = await sut.delete(confirmed).catch((e: unknown) => e);
      assert.ok(error instanceof BadRequestError);
      assert.equal(error.status, 400);
      assert.ok(error.message.length > 0);
      assert.equal(typeof error.description, 'string');
    });

    it('malformed input is a 400 naming it; a bad key is a 401; no right is a 403', async () => {
      const bad = await sut
        .search('party.party', [['name', 'no-such-operator', 'x']])
        .catch((e: unknown) => e);
      assert.ok(bad instanceof BadRequestError);
      assert.match(bad.message, /operator/i);
      await assert.rejects(sut.withKey('0'.repeat(64)).search('party.party'), UnauthorizedError);
      const clerk = sut.withKey(await server.userKey('clerk', []));
      const denied = await clerk.create('sale.sale', {}).catch((e: unknown) => e);
      assert.ok(denied instanceof ForbiddenError);
      assert.equal(denied.status, 403);
      assert.equal(denied.description, 'access_model');
    });
  });

  describe('ETag cache', () => {
    it('revalidates with If-None-Match and reuses the body on 304; a write shows at once', async () => {
      const party = await sut.create('party.party', { name: 'Cached' });
      const first = await sut.get('party.party', party.id!, { fields: ['name'] });
      const setsAfterFirst = store.sets;
      const second = await sut.get('party.party', party.id!, { fields: ['name'] });
      assert.equal(store.sets, setsAfterFirst, 'a 304 is not stored again');
      assert.equal(second.name, 'Cached');
      assert.notEqual(second, first, 'each answer is a fresh Record');
      await sut.update('party.party', party.id!, { name: 'Changed' });
      const third = await sut.get('party.party', party.id!, { fields: ['name'] });
      assert.equal(third.name, 'Changed');
      assert.equal(store.sets, setsAfterFirst + 1);
    });

    it('keeps pages of a range apart from each other and from the whole list', async () => {
      const whole = await sut.search('party.party', [], { order: ['id'], fields: ['name'] });
      const first = await sut.search('party.party', [], {
        order: ['id'],
        fields: ['name'],
        range: { start: 0, end: 2 },
      });
      const second = await sut.search('party.party', [], {
        order: ['id'],
        fields: ['name'],
        range: { start: 2, end: 4 },
      });
      const again = await sut.search('party.party', [], {
        order: ['id'],
        fields: ['name'],
        range: { start: 0, end: 2 },
      });
      assert.deepEqual(
        [...first, ...second].map((p) => p.id),
        whole.slice(0, 4).map((p) => p.id),
      );
      assert.deepEqual(
        again.map((p) => p.id),
        first.map((p) => p.id),
      );
      assert.equal(again.size, whole.length, 'the page size comes back with a 304 too');
    });
  });

  describe('application keys', () => {
    let login: string;
    before(async () => {
      login = 'shopfront';
      await server.cli('user', 'create', server.db, '--login', login);
    });

    it('requests a key (requested: refused), validated it works, revoked it stops', async () => {
      const anonymous = new Client(server.baseUrl, '');
      const key = await anonymous.requestKey(login, 'rest');
      assert.match(key, /^[0-9a-f]{32,}$/);
      const shop = new Client(server.baseUrl, key);
      await assert.rejects(shop.search('res.user'), (e: { status: number }) => [401, 403].includes(e.status));
      await server.cli('application', 'validate', server.db, '--key', key);
      assert.equal((await shop.search('res.user', [['login', '=', login]])).length, 1);
      await anonymous.revokeKey(login, key, 'rest');
      await assert.rejects(shop.search('res.user'), UnauthorizedError);
      await Promise.all([anonymous.close(), shop.close()]);
    });
  });

  describe('the web shop of docs/client.md', () => {
    it("lists a shop's products in its language and currency, fills a cart, checks out, lists the orders", async () => {
      const api = new Client(server.baseUrl, server.adminKey, { usages: ['web_shop'] });
      try {
        // The catalogue of a shop, in its language and currency.
        const [shop] = await api.search('web.shop', [['name', '=', 'Demo Shop']]);
        assert.equal(shop.currency.code, 'EUR');
        const shopApi = api
          .withLanguages([shop.language.code.replace('_', '-'), 'en'])
          .withContext({ company: 1, currency: shop.currency.id });
        type Product = { code: string; name: string; sale_price: Decimal; unit_tax: Decimal };
        const products = await shopApi.action<RecordOf<Product>[]>(shop, 'get_products');
        assert.ok(products.length >= 2);
        const gross = products[0].sale_price.plus(products[0].unit_tax);
        assert.ok(gross.cmp(products[0].sale_price) >= 0);
        assert.ok((await shopApi.action<TrytonRecord[]>(shop, 'get_categories')).length > 0);
        const page = await shopApi.search('product.product', [['web_shops', '=', shop.id]], {
          order: ['code'],
          range: { start: 0, end: 2 },
        });
        assert.equal(page.length, 2);
        assert.ok(page.size === null || page.size >= products.length);

        // A cart is a draft sale.
        const cart = await shopApi.action<TrytonRecord>(shop, 'get_sale', {});
        await shopApi.reload(cart);
        cart.lines.create({ product: products[0].id, quantity: 2 });
        cart.lines.create({ product: products[1].id, quantity: 1.5 });
        await shopApi.store(cart);
        assert.equal(cart.lines.length, 2);
        cart.lines[0].quantity = 3;
        cart.lines.delete(cart.lines[1]);
        await shopApi.store(cart);
        assert.equal(cart.lines.length, 1);
        assert.ok(cart.total_amount.cmp(0) > 0);

        // Checkout: the customer, found by e-mail or created; then the sale's buttons.
        const email = 'ines@example.com';
        let [customer] = await shopApi.search('party.party', [['contact_mechanisms.value', '=', email]], {
          limit: 1,
        });
        assert.equal(customer, undefined);
        customer ??= await shopApi.create('party.party', {
          name: 'Inès Fontaine',
          addresses: [{ street: 'Rue de Rivoli 98', postal_code: '75001', city: 'Paris' }],
          contact_mechanisms: [{ type: 'email', value: email }],
        });
        const [address] = await shopApi.subCollection('party.party', customer.id!, 'addresses', [], {
          limit: 1,
        });
        cart.party = customer;
        cart.invoice_address = address;
        cart.shipment_address = address;
        await shopApi.store(cart);
        await shopApi.action(cart, 'quote');
        await shopApi.action(cart, 'confirm');
        await shopApi.reload(cart);
        assert.equal(cart.state, 'confirmed');
        assert.ok(cart.number);

        // A customer's orders.
        const orders = await shopApi.search(
          'sale.sale',
          [
            ['party', '=', customer.id],
            ['state', 'in', ['confirmed', 'processing', 'done']],
          ],
          { order: [['sale_date', 'DESC']], range: { start: 0, end: 10 } },
        );
        assert.deepEqual(
          orders.map((o) => o.id),
          [cart.id],
        );
        assert.equal(orders.size, 1);
        const { filename, bytes } = await shopApi.report('sale.sale', orders[0].id!);
        assert.equal(filename, `Sale-${cart.number}.html`);
        assert.ok(bytes.length > 0);
      } finally {
        await api.close();
      }
    });
  });

  describe('nest-tryton-client types', () => {
    it('names types after models', () => {
      assert.equal(typeName('sale.sale'), 'SaleSale');
      assert.equal(typeName('web.shop-product.product'), 'WebShopProductProduct');
    });

    it('writes interfaces for the models of the server that type-check with the client', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'client-types-'));
      try {
        const out = join(dir, 'models.ts');
        await promisify(execFile)(process.execPath, [
          CLI,
          'types',
          server.baseUrl,
          '--key',
          server.adminKey,
          '--out',
          out,
        ]);
        const text = readFileSync(out, 'utf8');
        assert.match(text, /export interface SaleSale \{/);
        assert.match(
          text,
          /state\?: "draft" \| "quotation" \| "confirmed" \| "processing" \| "done" \| "cancelled";/,
        );
        assert.match(text, /total_amount\?: Decimal \| null;/);
        assert.match(text, /sale_date\?: PlainDate \| null;/);
        assert.match(text, /party\?: number \| RecordOf<PartyParty>;/);
        assert.match(text, /lines\?: RecordList<number \| RecordOf<SaleLine>>;/);
        assert.match(text, /"sale\.sale": SaleSale;/);
        // The generated file compiles beside code that uses it with the client.
        writeFileSync(
          join(dir, 'use.ts'),
          `import { Client } from 'nest-tryton-client';
  import type { Models } from './models';
  export async function total(client: Client): Promise<string | undefined> {
    const [sale] = await client.search<Models['sale.sale']>('sale.sale', [], { limit: 1 });
    const party: string | undefined = typeof sale.party === 'number' ? undefined : sale.party?.name ?? undefined;
    const saved = await client.store(sale);
    return saved.total_amount?.toFixed(2) ?? party;
  }
  `,
        );
        // And the types catch a mistake: a state is one of the selection's values, not a number.
        writeFileSync(
          join(dir, 'wrong.ts'),
          `import { Client } from 'nest-tryton-client';
  import type { Models } from './models';
  export async function wrong(client: Client): Promise<number | undefined> {
    const [sale] = await client.search<Models['sale.sale']>('sale.sale');
    return sale.state;
  }
  `,
        );
        const program = ts.createProgram([join(dir, 'use.ts'), join(dir, 'wrong.ts')], {
          strict: true,
          noEmit: true,
          target: ts.ScriptTarget.ES2022,
          module: ts.ModuleKind.CommonJS,
          types: [],
          skipLibCheck: true,
          lib: ['lib.es2022.d.ts'],
          paths: { 'nest-tryton-client': [resolve(__dirname, '../src/index.d.ts')] },
        });
        const diagnostics = ts
          .getPreEmitDiagnostics(program)
          .map(
            (d) =>
              `${d.file?.fileName.split('/').pop()}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
          );
        assert.equal(diagnostics.length, 1, diagnostics.join('\n'));
        // (TypeScript prints a union's members in the order it met them: any order of the states)
        assert.match(
          diagnostics[0],
          /^wrong\.ts: Type '(?:"\w+" \| )*"draft" \| .*' is not assignable to type 'number/,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('refuses a wrong key with the server error', async () => {
      const failed = await promisify(execFile)(process.execPath, [
        CLI,
        'types',
        server.baseUrl,
        '--key',
        'nope',
      ]).catch((e: { code: number; stderr: string }) => e);
      assert.equal((failed as { code: number }).code, 1);
      assert.match((failed as { stderr: string }).stderr, /error: /);
    });
  });
});
