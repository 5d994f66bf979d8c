import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'nest-tryton';
import { computeTaxes, TaxDefinition } from '../account/tax-computation';
import { roundHalfEven } from '../currency/rounding';
import { saleAmounts, subtotals } from './amounts';

const cent = (a: Decimal) => roundHalfEven(a, new Decimal('0.01'));
const d = (v: string) => new Decimal(v);
const TEN: TaxDefinition = { id: 1, type: 'percentage', rate: d('0.1'), amount: null };
const FEE: TaxDefinition = { id: 2, type: 'fixed', rate: null, amount: d('0.0625') };

function line(quantity: string, unitPrice: string, taxes = [TEN]) {
  return {
    type: 'line',
    quantity: d(quantity),
    unitPrice: d(unitPrice),
    taxLines: computeTaxes(taxes, d(unitPrice), d(quantity)),
  };
}

describe(saleAmounts.name, () => {
  it('rounds each line amount half-even, and each tax once for the document', () => {
    // Three lines of 0.155 at 10 %: each amount 0.155 -> 0.16; the tax 3 x 0.0155 = 0.0465 -> 0.05
    // (rounding per line would give 0.06). A fixed tax of 0.0625 x 2 = 0.125 -> 0.12 (half-even).
    const sut = saleAmounts(
      [line('1', '0.155'), line('1', '0.155'), line('1', '0.155'), line('2', '10', [FEE])],
      cent,
    );
    assert.deepEqual([sut.untaxed, sut.tax, sut.total].map(String), ['20.48', '0.17', '20.65']);
  });

  it('ignores titles, comments and subtotals in the amounts', () => {
    const sut = saleAmounts(
      [line('3', '1.1'), { type: 'comment', quantity: null, unitPrice: null, taxLines: [] }],
      cent,
    );
    assert.deepEqual([sut.untaxed, sut.tax, sut.total].map(String), ['3.3', '0.33', '3.63']);
  });

  it('sums the lines above each subtotal', () => {
    const sut = subtotals(
      [
        { id: 1, type: 'line', quantity: d('1'), unitPrice: d('2.5') },
        { id: 2, type: 'subtotal', quantity: null, unitPrice: null },
        { id: 3, type: 'line', quantity: d('2'), unitPrice: d('1.125') },
        { id: 4, type: 'subtotal', quantity: null, unitPrice: null },
      ],
      cent,
    );
    assert.deepEqual(
      [...sut].map(([id, a]) => [id, a.toString()]),
      [
        [2, '2.5'],
        [4, '2.25'],
      ],
    );
  });
});
