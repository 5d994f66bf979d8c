import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'nest-tryton';
import { roundHalfEven } from './rounding';

describe(roundHalfEven.name, () => {
  const sut = (amount: string, rounding: string | null) =>
    roundHalfEven(new Decimal(amount), rounding === null ? null : new Decimal(rounding)).toString();

  it('rounds ties to the even neighbour', () => {
    assert.equal(sut('0.125', '0.01'), '0.12');
    assert.equal(sut('0.135', '0.01'), '0.14');
    assert.equal(sut('2.5', '1'), '2');
    assert.equal(sut('-0.125', '0.01'), '-0.12');
  });

  it('rounds other values to the nearest multiple, including roundings that are not powers of ten', () => {
    assert.equal(sut('0.1251', '0.01'), '0.13');
    assert.equal(sut('1.07', '0.05'), '1.05');
    assert.equal(sut('1.075', '0.05'), '1.1');
    assert.equal(sut('123', null), '123');
  });

  it('keeps exact decimals (no binary float on the way)', () => {
    assert.equal(sut('0.1', '0.01'), '0.1');
    assert.equal(new Decimal('0.1').plus('0.2').toString(), '0.3');
  });
});
