import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal, PlainDate, PlainDateTime, PlainTime, TimeDelta } from '../src/fields/values';
import { stringifyTagged, taggedView, toTagged } from '../src/serialization/tagged-json';
import { pythonFloat, recordsJson, recordWriter } from '../src/serialization/record-writer';
import { pathTree, readTree } from '../src/storage/reader';
import { createTestDatabase, TestDatabase } from './support/database';
import { TestModule } from './fixtures/test.module';

/** The two-pass form the one-pass writer replaces: the reference for every byte. */
const twoPass = (value: unknown) => JSON.stringify(toTagged(value));

const samples: [string, unknown][] = [
  ['null', null],
  ['undefined', undefined],
  ['true', true],
  ['false', false],
  ['zero', 0],
  ['negative zero', -0],
  ['integer', 42],
  ['float', 3.25],
  ['tiny float', 1e-7],
  ['huge float', 1e21],
  ['NaN', NaN],
  ['Infinity', -Infinity],
  ['empty string', ''],
  ['escapes', 'quote " backslash \\ newline \n tab \t nul \u0000 bell \u0007 del \u007f'],
  ['unicode', 'Zoë — 東京 🚀 \u2028 \u2029'],
  ['lone surrogate', 'a\ud800b\udc00'],
  ['Decimal', new Decimal('12.30')],
  ['negative Decimal', new Decimal('-0.0001')],
  ['Decimal in exponent form', new Decimal('1e-9')],
  ['huge Decimal', new Decimal('123456789012345678901234567890.5')],
  ['date', new PlainDate(2024, 2, 29)],
  ['datetime', new PlainDateTime(2024, 12, 31, 23, 59, 58, 123456)],
  ['time', new PlainTime(7, 5, 0, 1)],
  ['timedelta', new TimeDelta(-3600.5)],
  ['bytes', Buffer.from([0, 1, 2, 250, 255])],
  ['empty bytes', Buffer.alloc(0)],
  ['array', [1, 'two', null, undefined, [3, [4]], { a: 1 }]],
  ['array with a function', [() => 1, Symbol('s')]],
  ['object', { id: 1, __name__: 'x.y', 'quoted "key"': 'v', ünï: 2, nested: { deeper: [{}] } }],
  ['object with undefined and functions', { a: undefined, b: () => 1, c: Symbol('s'), d: 1 }],
  ['integer-like keys', { b: 1, 2: 'two', 1: 'one', a: 3 }],
  ['empty object', {}],
  ['empty array', []],
  [
    'class instance',
    new (class Point {
      x = 1;
      y = [new Decimal(2)];
    })(),
  ],
  ['Map (no own keys)', new Map([[1, 2]])],
  ['JS Date (no own keys)', new Date(0)],
  ['null prototype', Object.assign(Object.create(null), { k: new PlainDate(2000, 1, 1) })],
  [
    'every tagged type nested',
    {
      lines: [
        { amount: new Decimal('1.5'), when: new PlainDateTime(2020, 1, 2, 3, 4, 5, 6) },
        { amount: null, when: null, at: new PlainTime(0, 0, 0, 0), took: new TimeDelta(0) },
      ],
      party: { id: 7, since: new PlainDate(1999, 12, 31), photo: Buffer.from('png') },
    },
  ],
];

describe(stringifyTagged.name, () => {
  for (const [name, value] of samples) {
    it(`writes the same bytes as toTagged's copy: ${name}`, () => {
      assert.equal(stringifyTagged(value), twoPass(value));
      assert.equal(stringifyTagged([value, { value }]), twoPass([value, { value }]));
    });
  }

  it('gives undefined at the top for what JSON cannot hold, as JSON.stringify does', () => {
    assert.equal(
      stringifyTagged(() => 1),
      undefined,
    );
    assert.equal(
      twoPass(() => 1),
      undefined,
    );
  });

  it('throws the same TypeError as JSON.stringify on a BigInt', () => {
    assert.throws(() => twoPass(1n), TypeError);
    assert.throws(() => stringifyTagged({ big: 1n }), TypeError);
  });

  it('copies nothing of plain data, and never changes what it is given', () => {
    const plain = [{ id: 1, name: 'a', lines: [{ id: 2, city: null }] }];
    assert.equal(taggedView(plain), plain);
    const dated = { id: 1, name: 'a', lines: [{ id: 2 }, { id: 3, on: new PlainDate(2020, 1, 2) }] };
    const before = twoPass(dated);
    const view = taggedView(dated) as typeof dated;
    assert.notEqual(view, dated);
    assert.notEqual(view.lines, dated.lines);
    // Only what leads to the tagged value is copied; its untouched neighbours are shared.
    assert.equal(view.lines[0], dated.lines[0]);
    assert.ok(dated.lines[1].on instanceof PlainDate);
    assert.equal(twoPass(dated), before);
  });
});

/** Records as the reader builds them, for every field type. */
describe('tagged JSON of read records', () => {
  let sut: TestDatabase;
  before(async () => {
    sut = await createTestDatabase([TestModule]);
    await sut.commit(async (env) => {
      const [parent] = await env.model('test.category').create(env, [{ name: 'Parent "P"' }]);
      const [child] = await env.model('test.category').create(env, [{ name: 'Enfant\névé', parent }]);
      await env.model('test.partner').create(env, [
        {
          name: 'Zoë "Z" \\ 東京',
          code: 'Z1',
          flag: true,
          score: -7,
          ratio: 0.1,
          balance: new Decimal('-12.30'),
          since: new PlainDate(2024, 2, 29),
          seen: new PlainDateTime(2024, 12, 31, 23, 59, 58, 123456),
          opens: new PlainTime(7, 5, 0, 1),
          delay: new TimeDelta(90.5),
          notes: 'line 1\nline 2\t\u2028',
          photo: Buffer.from([0, 255, 7]),
          kind: 'company',
          category: child,
          tags: [['add', [parent, child]]],
          lines: [
            [
              'create',
              [
                { product: 'A', quantity: new Decimal('1.5'), unit_price: new Decimal('2'), sequence: 1 },
                { product: null, quantity: null, unit_price: null, sequence: 2 },
              ],
            ],
          ],
        },
        // Every optional field left null, no relations.
        { name: 'Empty' },
      ]);
    });
  });
  after(() => sut.drop());

  const trees: [string, string[]][] = [
    [
      'every field type',
      [
        'name',
        'code',
        'active',
        'flag',
        'score',
        'ratio',
        'balance',
        'since',
        'seen',
        'opens',
        'delay',
        'notes',
        'photo',
        'kind',
        'category',
        'tags',
        'lines',
        'line_count',
      ],
    ],
    [
      'a many2one path, two levels',
      ['name', 'category.name', 'category.parent.name', 'category.parent.active'],
    ],
    [
      'x2many paths',
      ['name', 'lines.product', 'lines.quantity', 'lines.amount', 'tags.name', 'tags.parent.name'],
    ],
    ['x2many through x2many', ['lines.partner.tags.children.name', 'category.children.name']],
    ['rec_name only', ['rec_name']],
  ];

  for (const [name, paths] of trees) {
    it(`writes the same bytes as stringifyTagged's two passes: ${name}`, () =>
      sut.rollback(async (env) => {
        const Partner = env.model('test.partner');
        const ids = await Partner.search(env, [], { order: [['id', 'ASC']] });
        const tree = pathTree(paths);
        const records = await readTree(env, Partner, ids, tree, { withModelName: true });
        assert.equal(records.size, 2);
        for (const record of records.values()) assert.equal(stringifyTagged(record), twoPass(record));
        const page = [...records.values()];
        assert.equal(stringifyTagged(page), twoPass(page));
      }));
  }
});

describe(pythonFloat.name, () => {
  // What Python's repr (and so json.dumps, and Tryton's answers) writes for these floats.
  const python: [number, string][] = [
    [1, '1.0'],
    [-0, '-0.0'],
    [0, '0.0'],
    [100, '100.0'],
    [-7, '-7.0'],
    [0.1, '0.1'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [0.0000999, '9.99e-05'],
    [-2.5e-7, '-2.5e-07'],
    [123456789012345.6, '123456789012345.6'],
    [9999999999999998, '9999999999999998.0'],
    [1e16, '1e+16'],
    [12345678901234568, '1.2345678901234568e+16'],
    [1e22, '1e+22'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [5e-324, '5e-324'],
  ];
  for (const [value, text] of python) {
    it(`writes ${value} as Python does: ${text}`, () => {
      assert.equal(pythonFloat(value), text);
      assert.equal(JSON.parse(pythonFloat(value)), value);
    });
  }
  it('writes what is not finite as null, as JSON.stringify does', () => {
    for (const v of [NaN, Infinity, -Infinity]) assert.equal(pythonFloat(v), 'null');
  });
});

describe('the record writer (one pass, per field type)', () => {
  let sut: TestDatabase;
  before(async () => {
    sut = await createTestDatabase([TestModule]);
    await sut.commit(async (env) => {
      const [category] = await env.model('test.category').create(env, [{ name: 'C "1"' }]);
      await env.model('test.partner').create(env, [
        {
          name: 'Integral',
          ratio: 2,
          balance: new Decimal('3.10'),
          category,
          since: new PlainDate(2024, 1, 2),
          lines: [['create', [{ product: 'A', sequence: 1 }]]],
        },
        { name: 'Fraction', ratio: 0.25, tags: [['add', [category]]] },
        { name: 'None' },
      ]);
    });
  });
  after(() => sut.drop());

  const paths = [
    'name',
    'ratio',
    'balance',
    'since',
    'category.name',
    'tags.name',
    'tags',
    'lines',
    'rec_name',
  ];

  it('writes floats as Python does and every other value as stringifyTagged does', () =>
    sut.rollback(async (env) => {
      const Partner = env.model('test.partner');
      const ids = await Partner.search(env, [], { order: [['id', 'ASC']] });
      const tree = pathTree(paths);
      const records = [...(await readTree(env, Partner, ids, tree, { withModelName: true })).values()];
      const write = recordWriter(env, Partner, tree);
      const texts = records.map((r) => write(r));
      assert.match(texts[0], /"ratio":2\.0,/);
      assert.match(texts[1], /"ratio":0\.25,/);
      assert.match(texts[2], /"ratio":null,/);
      // Apart from the integral float, the bytes of the two-pass writer.
      assert.equal(texts[0].replace('"ratio":2.0,', '"ratio":2,'), twoPass(records[0]));
      assert.equal(texts[1], twoPass(records[1]));
      assert.equal(texts[2], twoPass(records[2]));
      assert.equal(recordsJson(write, records), `[${texts.join(',')}]`);
      assert.equal(recordsJson(write, []), '[]');
    }));

  it("leaves a tree without floats to V8's own writer, the bytes of stringifyTagged", () =>
    sut.rollback(async (env) => {
      const Partner = env.model('test.partner');
      const ids = await Partner.search(env, [], { order: [['id', 'ASC']] });
      const tree = pathTree(['name', 'balance', 'since', 'category.name', 'tags.name']);
      const write = recordWriter(env, Partner, tree);
      assert.equal(write.native, true);
      assert.notEqual(recordWriter(env, Partner, pathTree(['name', 'lines.partner.ratio'])).native, true);
      const records = [...(await readTree(env, Partner, ids, tree, { withModelName: true })).values()];
      assert.equal(recordsJson(write, records), twoPass(records));
    }));

  it('leaves a tree nothing of which is ever tagged to JSON.stringify alone, the bytes of stringifyTagged', () =>
    sut.rollback(async (env) => {
      const Partner = env.model('test.partner');
      const ids = await Partner.search(env, [], { order: [['id', 'ASC']] });
      const tree = pathTree(['name', 'category.name', 'category.parent', 'tags.name', 'lines', 'tags']);
      const write = recordWriter(env, Partner, tree);
      assert.equal(write.plain, true);
      const records = [...(await readTree(env, Partner, ids, tree, { withModelName: true })).values()];
      assert.equal(recordsJson(write, records), twoPass(records));
      for (const record of records) assert.equal(write(record), twoPass(record));
      // A value that may need a tag (a date, a decimal, a getter's value, even deep down): the tagged view.
      for (const paths of [
        ['name', 'since'],
        ['balance'],
        ['rec_name'],
        ['tags.rec_name'],
        ['lines.quantity'],
      ])
        assert.notEqual(recordWriter(env, Partner, pathTree(paths)).plain, true, paths.join());
    }));

  it('writes a float reached through relations as Python does too', () =>
    sut.rollback(async (env) => {
      const Partner = env.model('test.partner');
      const [id] = await Partner.search(env, [['name', '=', 'Integral']]);
      const tree = pathTree(['name', 'lines.partner.ratio', 'lines.product']);
      const record = (await readTree(env, Partner, [id], tree, { withModelName: true })).get(id)!;
      const text = recordWriter(env, Partner, tree)(record);
      assert.match(
        text,
        /"lines":\[\{"id":\d+,"__name__":"test.line","partner":\{"id":\d+,"__name__":"test.partner","ratio":2\.0\}/,
      );
      assert.equal(text.replace('"ratio":2.0', '"ratio":2'), twoPass(record));
    }));
});
