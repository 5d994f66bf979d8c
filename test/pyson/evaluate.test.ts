import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal, PlainDate, PlainDateTime } from '../../src/fields';
import {
  And,
  Bool,
  Equal,
  Eval,
  evalNames,
  evaluate,
  Get,
  Greater,
  If,
  In,
  Len,
  Less,
  Not,
  Or,
  PysonDate,
  PysonDateTime,
  PysonError,
  stateRule,
} from '../../src/pyson';

describe(evaluate.name, () => {
  const sut = evaluate;

  it('encodes as Tryton does (the JSON a Tryton server describes)', () => {
    assert.deepEqual(Not(Equal(Eval('state'), 'draft')), {
      __class__: 'Not',
      v: { __class__: 'Equal', s1: { __class__: 'Eval', v: 'state', d: '' }, s2: 'draft' },
    });
    assert.deepEqual(Greater(Eval('id', -1), 0, true), {
      __class__: 'Greater',
      s1: { __class__: 'Eval', v: 'id', d: -1 },
      s2: 0,
      e: true,
    });
    assert.deepEqual(Get(Eval('context', {}), 'company'), {
      __class__: 'Get',
      v: { __class__: 'Eval', v: 'context', d: {} },
      k: 'company',
      d: '',
    });
  });

  it('Eval reads the record, falls back on its default, walks dotted names and keeps a stored null', () => {
    assert.equal(sut(Eval('state'), { state: 'draft' }), 'draft');
    assert.equal(sut(Eval('state', 'none'), {}), 'none');
    assert.equal(sut(Eval('state'), {}), '');
    assert.equal(sut(Eval('_parent_sale.state'), { _parent_sale: { state: 'confirmed' } }), 'confirmed');
    assert.equal(sut(Eval('_parent_sale.state', 'x'), {}), 'x');
    assert.equal(sut(Eval('party', true), { party: null }), null);
    assert.equal(sut(Eval('a.b'), { 'a.b': 1, a: { b: 2 } }), 1);
  });

  it('Bool and Not use Python truth: empty strings, lists, dicts, zero and Decimal zero are false', () => {
    for (const falsy of ['', 0, null, [], {}, false, new Decimal('0.00')]) {
      assert.equal(sut(Bool(Eval('v')), { v: falsy }), false, JSON.stringify(falsy));
      assert.equal(sut(Not(Eval('v')), { v: falsy }), true);
    }
    for (const value of ['x', 1, -1, [0], { a: 1 }, true, new Decimal('0.01'), new PlainDate(2026, 1, 1)]) {
      assert.equal(sut(Bool(Eval('v')), { v: value }), true, String(value));
    }
  });

  it('And / Or over any number of operands', () => {
    assert.equal(sut(And(true, 1, 'x'), {}), true);
    assert.equal(sut(And(true, Eval('lines', [0])), { lines: [] }), false);
    assert.equal(sut(Or(false, Eval('lines', [0])), {}), true);
    assert.equal(sut(Or(false, 0, ''), {}), false);
    assert.equal(sut(And(), {}), true);
    assert.equal(sut(Or(), {}), false);
  });

  it('Equal compares as Python: numbers across kinds, lists deeply, dates by value', () => {
    assert.equal(sut(Equal(Eval('state'), 'draft'), { state: 'draft' }), true);
    assert.equal(sut(Equal(Eval('state'), 'draft'), { state: 'done' }), false);
    assert.equal(sut(Equal(Eval('q'), 1), { q: new Decimal('1.000') }), true);
    assert.equal(sut(Equal(true, 1), {}), true);
    assert.equal(sut(Equal([1, [2]], [1, [2]]), {}), true);
    assert.equal(
      sut(Equal(Eval('d'), Eval('e')), { d: new PlainDate(2026, 2, 1), e: new PlainDate(2026, 2, 1) }),
      true,
    );
    assert.equal(sut(Equal(Eval('x'), null), { x: null }), true);
    assert.equal(sut(Equal('1', 1), {}), false);
  });

  it('Greater and Less convert to float (None is 0.0), strict unless e', () => {
    assert.equal(sut(Greater(Eval('id', -1), 0), { id: 3 }), true);
    assert.equal(sut(Greater(Eval('id', -1), 0), {}), false);
    assert.equal(sut(Greater(Eval('id', 0), 0), {}), false);
    assert.equal(sut(Greater(Eval('id', 0), 0, true), {}), true);
    assert.equal(sut(Less(Eval('id', -1), 0), {}), true);
    assert.equal(sut(Less(null, 1), {}), true);
    assert.equal(sut(Greater(Eval('a'), Eval('b')), { a: new Decimal('2.5'), b: 2 }), true);
    assert.equal(
      sut(Greater(Eval('a'), Eval('b')), { a: new PlainDate(2026, 3, 2), b: new PlainDate(2026, 3, 1) }),
      true,
    );
    assert.throws(() => sut(Greater('abc', 1), {}), PysonError);
  });

  it('In looks into lists, strings and dict keys', () => {
    const confirmedLike = In(Eval('state'), ['confirmed', 'processing', 'done']);
    assert.equal(sut(confirmedLike, { state: 'processing' }), true);
    assert.equal(sut(confirmedLike, { state: 'draft' }), false);
    assert.equal(sut(In('b', 'abc'), {}), true);
    assert.equal(sut(In('company', Eval('context', {})), { context: { company: 1 } }), true);
    assert.equal(sut(In(1, Eval('l')), { l: [new Decimal(1)] }), true);
    assert.equal(sut(In('x', null), {}), false);
  });

  it('If chooses a branch, and its branches may be lists (as In takes them)', () => {
    const states = If(Equal(Eval('a'), Eval('b')), ['done'], ['waiting', 'done']);
    assert.deepEqual(sut(states, { a: 1, b: 1 }), ['done']);
    assert.deepEqual(sut(states, { a: 1, b: 2 }), ['waiting', 'done']);
    assert.equal(sut(In(Eval('state'), states), { a: 1, b: 2, state: 'waiting' }), true);
  });

  it('Get reads a dict with a default (the context of a rule)', () => {
    const company = Bool(Get(Eval('context', {}), 'company'));
    assert.equal(sut(company, { context: { company: 1 } }), true);
    assert.equal(sut(company, { context: {} }), false);
    assert.equal(sut(company, {}), false);
    assert.equal(sut(Get(Eval('x'), 'k', 7), { x: 'not a dict' }), 7);
  });

  it('Len of lists, strings and dicts', () => {
    assert.equal(sut(Len(Eval('lines')), { lines: [1, 2] }), 2);
    assert.equal(sut(Len('abc'), {}), 3);
    assert.throws(() => sut(Len(1), {}), PysonError);
  });

  it('Date replaces parts then adds deltas (day clipped to the month, as relativedelta does)', () => {
    const start = new PlainDate(2024, 1, 31);
    assert.equal(String(sut(PysonDate({ start: Eval('d'), deltaMonths: 1 }), { d: start })), '2024-02-29');
    assert.equal(String(sut(PysonDate({ start: Eval('d'), deltaDays: 1 }), { d: start })), '2024-02-01');
    assert.equal(
      String(sut(PysonDate({ start: Eval('d'), day: 1, deltaYears: -1 }), { d: start })),
      '2023-01-01',
    );
    assert.equal(
      String(sut(PysonDate({ start: Eval('d'), month: 12, deltaMonths: 1 }), { d: start })),
      '2025-01-31',
    );
    assert.equal(String(sut(PysonDate(), {})), String(PlainDate.today()));
    assert.equal(sut(Greater(PysonDate({ start: Eval('d'), deltaDays: 1 }), Eval('d')), { d: start }), true);
  });

  it('DateTime likewise, down to microseconds', () => {
    const start = new PlainDateTime(2024, 12, 31, 23, 59, 59, 999999);
    const later = sut(PysonDateTime({ start: Eval('t'), deltaMicroseconds: 1 }), { t: start });
    assert.ok(later instanceof PlainDateTime);
    assert.deepEqual({ ...later }, { ...new PlainDateTime(2025, 1, 1, 0, 0, 0, 0) });
    const noon = sut(PysonDateTime({ start: Eval('t'), hour: 12, minute: 0, deltaHours: 1 }), { t: start });
    assert.deepEqual(
      { ...(noon as PlainDateTime) },
      { ...new PlainDateTime(2024, 12, 31, 13, 0, 59, 999999) },
    );
  });

  it('refuses what it does not know instead of guessing', () => {
    assert.throws(() => sut({ __class__: 'Id', m: 'ir', x: 'lang_en' }, {}), /Unknown PYSON class "Id"/);
  });

  it('evalNames lists the record names a rule reads', () => {
    const rule = Or(Not(Equal(Eval('state'), 'draft')), And(Bool(Eval('lines', [0])), Eval('_parent_x.y')));
    assert.deepEqual([...evalNames(rule)].sort(), ['_parent_x.y', 'lines', 'state']);
  });

  it('stateRule keeps the part of a rule that reads the record state', () => {
    const draft = Not(Equal(Eval('state'), 'draft'));
    assert.deepEqual(stateRule(Or(draft, And(Bool(Eval('lines', [0])), Bool(Eval('party'))))), Or(draft));
    assert.deepEqual(
      stateRule(And(Not(Equal(Eval('sale_state'), 'draft')), Bool(Eval('sale')))),
      And(Not(Equal(Eval('sale_state'), 'draft'))),
    );
    assert.deepEqual(
      stateRule(Or(Eval('code_readonly', true), Not(Eval('active', true)))),
      Or(Not(Eval('active', true))),
    );
    assert.equal(stateRule(Not(Bool(Eval('web_id')))), null);
    assert.equal(stateRule(Greater(Eval('id', 0), 0)), null);
    assert.deepEqual(stateRule(In(Eval('state'), ['done'])), In(Eval('state'), ['done']));
  });
});
