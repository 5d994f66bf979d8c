import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal, RecordList, TrytonRecord } from '../src';

const sale = () =>
  TrytonRecord.from({
    id: 7,
    __name__: 'sale.sale',
    state: 'draft',
    party: { id: 3, __name__: 'party.party', name: 'Inès' },
    total: new Decimal('10.00'),
    lines: [
      {
        id: 11,
        __name__: 'sale.line',
        quantity: new Decimal('1'),
        product: { id: 5, __name__: 'product.product' },
      },
      { id: 12, __name__: 'sale.line', quantity: new Decimal('2'), product: null },
    ],
    tags: [1, 2],
  });

describe(TrytonRecord.name, () => {
  it('reads fields, nested records lazily as Records, x2many as RecordLists', () => {
    const sut = sale();
    assert.equal(sut.id, 7);
    assert.equal(sut.__name__, 'sale.sale');
    assert.equal(sut.state, 'draft');
    assert.ok(sut.party instanceof TrytonRecord);
    assert.equal(sut.party, sut.party, 'built once');
    assert.equal(sut.party.name, 'Inès');
    assert.ok(sut.lines instanceof RecordList);
    assert.equal(sut.lines[0].product.__name__, 'product.product');
    assert.deepEqual(Object.keys(sut), ['id', '__name__', 'state', 'party', 'total', 'lines', 'tags']);
    assert.equal(sut.missing, undefined);
    assert.equal(String(sut), 'sale.sale,7');
  });

  it('knows the field paths it holds, nested ones dotted', () => {
    const sut = sale();
    sut.lines.create({ quantity: new Decimal('1'), unit_price: new Decimal('2') });
    assert.deepEqual(sut.fieldPaths().sort(), [
      'lines.product',
      'lines.quantity',
      'lines.unit_price',
      'party.name',
      'state',
      'tags',
      'total',
    ]);
  });

  it('tracks assignments: a Record goes as its id', () => {
    const sut = sale();
    assert.deepEqual(sut.changes(), {});
    sut.party = TrytonRecord.from({ id: 9, __name__: 'party.party' });
    sut.state = 'quotation';
    assert.deepEqual(sut.changes(), { party: 9, state: 'quotation' });
    assert.ok(sut.isModified());
    sut.reset();
    assert.deepEqual(sut.changes(), {});
    assert.throws(() => {
      (sut as { id: unknown }).id = 3;
    }, TypeError);
  });

  it('writes x2many changes as action lists; delete only when asked', () => {
    const sut = sale();
    sut.lines[0].quantity = new Decimal('4');
    const created = sut.lines.create({ product: 5, quantity: new Decimal('1') });
    assert.equal(created.__name__, 'sale.line');
    sut.lines.delete(sut.lines[1]);
    sut.tags.remove(1);
    sut.tags.add(8);
    assert.deepEqual(sut.changes(), {
      lines: [
        ['create', [{ product: 5, quantity: new Decimal('1') }]],
        ['write', [11], { quantity: new Decimal('4') }],
        ['delete', [12]],
      ],
      tags: [
        ['add', [8]],
        ['remove', [1]],
      ],
    });
  });

  it('a list taken out without delete is a remove; an assigned list is diffed', () => {
    const sut = sale();
    sut.lines.splice(0, 1);
    assert.deepEqual(sut.changes(), { lines: [['remove', [11]]] });
    const other = sale();
    other.tags = [2, 3];
    assert.deepEqual(other.changes(), {
      tags: [
        ['add', [3]],
        ['remove', [1]],
      ],
    });
    other.lines = [...other.lines, { quantity: new Decimal('5') }];
    assert.deepEqual(other.changes().lines, [['create', [{ quantity: new Decimal('5') }]]]);
  });

  it('equality by model and id; a new record equals only itself', () => {
    const a = sale();
    assert.ok(a.equals(sale()));
    assert.ok(!a.equals(TrytonRecord.from({ id: 7, __name__: 'sale.line' })));
    const fresh = new TrytonRecord('party.party', {}, { changed: { name: 'x' } });
    assert.ok(fresh.equals(fresh));
    assert.ok(!fresh.equals(new TrytonRecord('party.party', {}, { changed: { name: 'x' } })));
  });

  it('toJSON gives tagged JSON with the changes applied and nested records in full', () => {
    const sut = sale();
    sut.state = 'quotation';
    const json = JSON.parse(JSON.stringify(sut));
    assert.equal(json.state, 'quotation');
    assert.deepEqual(json.party, { id: 3, __name__: 'party.party', name: 'Inès' });
    assert.deepEqual(json.total, { __class__: 'Decimal', decimal: '10.00' });
    assert.equal(json.lines[1].quantity.decimal, '2');
    assert.deepEqual(json.tags, [1, 2]);
  });

  it('absorbs the answer of a store: new values, no changes left', () => {
    const sut = sale();
    sut.state = 'quotation';
    sut.lines.create({ quantity: new Decimal('1') });
    sut.absorb({ id: 7, __name__: 'sale.sale', state: 'quotation', lines: [11, 12, 13] });
    assert.deepEqual(sut.changes(), {});
    assert.deepEqual([...sut.lines], [11, 12, 13]);
    assert.equal(sut.party.name, 'Inès');
  });
});
