import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatNumber, formatNumberSymbol, groupDigits, LANG_FORMATS, Lang } from '../src/ir/lang.model';
import { createTestDatabase, TestDatabase } from './support/database';

/** ir.lang's formatting conventions and Tryton's format_number / format_number_symbol. */
describe('ir.lang formatting', () => {
  it("groups digits as Python's locale does", () => {
    assert.equal(groupDigits('1234567', [3, 3, 0], ','), '1,234,567');
    assert.equal(groupDigits('1234567', [3, 0], ' '), '1 234 567');
    assert.equal(groupDigits('123', [3, 0], ','), '123');
    // Indian grouping: 3 then 2 repeated.
    assert.equal(groupDigits('123456789', [3, 2, 0], ','), '12,34,56,789');
    // Without 0 the leftover digits make one group; 127 (CHAR_MAX) stops grouping.
    assert.equal(groupDigits('123456789', [3], ','), '123456,789');
    assert.equal(groupDigits('123456789', [3, 127], ','), '123456,789');
    assert.equal(groupDigits('123456789', [], ','), '123456789');
  });

  it('formats numbers with the digits and marks of each language', () => {
    assert.equal(formatNumber(LANG_FORMATS.en, 1234567.5, 2), '1,234,567.50');
    assert.equal(formatNumber(LANG_FORMATS.fr, 1234567.5, 2), '1 234 567,50');
    assert.equal(formatNumber(LANG_FORMATS.de, -1234.5, 1), '-1.234,5');
    assert.equal(formatNumber(LANG_FORMATS.it, 1234567.5, 2), '1234567,50');
    assert.equal(formatNumber(LANG_FORMATS.en, '12.300', null), '12.300');
    assert.equal(formatNumberSymbol(LANG_FORMATS.en, 15, 'u', 0), '15\u00a0u');
    assert.equal(formatNumberSymbol(LANG_FORMATS.fr, 1500.25, 'kg', 2), '1\u00a0500,25\u00a0kg');
  });

  describe('in a database', () => {
    let sut: TestDatabase;
    before(async () => {
      sut = await createTestDatabase();
    });
    after(() => sut.drop());

    it("ships Tryton's conventions per language, a regional one falling back to its parent's", async () => {
      await sut.rollback(async (env) => {
        const ids = await env.model('ir.lang').search(env, [['code', 'in', ['en', 'fr', 'nl']]]);
        const rows = await env.model('ir.lang').read(env, ids, ['code', 'date', 'decimal_point', 'grouping']);
        const byCode = Object.fromEntries(rows.map((r) => [r.code, [r.date, r.decimal_point, r.grouping]]));
        assert.deepEqual(byCode, {
          en: ['%m/%d/%Y', '.', '[3, 3, 0]'],
          fr: ['%d.%m.%Y', ',', '[3, 0]'],
          nl: ['%d-%m-%Y', ',', '[]'],
        });
        const L = env.model('ir.lang') as typeof Lang;
        assert.equal((await L.formatOf(env.withContext({ language: 'fr_BE' }))).decimal_point, ',');
        assert.equal((await L.formatOf(env.withContext({ language: 'xx' }))).decimal_point, '.');
        // A language created without conventions gets Tryton's defaults.
        const [xx] = await L.create(env, [{ code: 'xx', name: 'Test' }]);
        const [read] = await L.read(env, [xx], ['date', 'grouping', 'thousands_sep', 'plural', 'nplurals']);
        assert.deepEqual(
          [read.date, read.grouping, read.thousands_sep, read.plural, read.nplurals],
          ['%m/%d/%Y', '[]', ',', 'n != 1', 2],
        );
      });
    });
  });
});
