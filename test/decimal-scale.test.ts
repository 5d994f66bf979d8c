import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addDecimals, Decimal, decimalFromText, decimalText, withScale } from '../src/fields/values';
import { numeric } from '../src/fields/numeric';
import { parseTagged, stringifyTagged } from '../src/serialization/tagged-json';

/** Decimals are written as Python's str(Decimal) writes them: the scale they came with is kept. */
describe('decimal scale', () => {
  it('keeps the digits of the text a value came from', () => {
    for (const text of ['10.00', '12.300', '-0.50', '7', '0.1550', '123456789012.0001']) {
      assert.equal(decimalText(decimalFromText(text)), text);
    }
    // no scale known: decimal.js's own text
    assert.equal(decimalText(new Decimal('10.00')), '10');
    assert.equal(decimalText(decimalFromText('1e2')), '100');
  });

  it('adds with the larger scale, as Python does; a rounding gives its scale', () => {
    assert.equal(decimalText(addDecimals(decimalFromText('20.00'), decimalFromText('4.2'))), '24.20');
    assert.equal(decimalText(addDecimals(new Decimal(0), decimalFromText('4.50'))), '4.50');
    assert.equal(decimalText(withScale(new Decimal('80'), 4)), '80.0000');
    // a scale below the value's own digits never cuts them
    assert.equal(decimalText(withScale(new Decimal('1.23456'), 2)), '1.23456');
  });

  it('travels through tagged JSON and a numeric field both ways', () => {
    const value = parseTagged('{"__class__":"Decimal","decimal":"12.300"}', 'body') as Decimal;
    assert.equal(stringifyTagged(value), '{"__class__":"Decimal","decimal":"12.300"}');
    const field = numeric({ digits: [16, 4] });
    assert.equal(field.toDb(field.coerce('7.10')), '7.10');
    assert.equal(decimalText(field.fromDb('7.10') as Decimal), '7.10');
    assert.equal(field.toDb(field.coerce(12.5)), '12.5');
  });
});
