import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitFilterKey } from '../../src/restapi/filter-parser';
import { fnmatch } from '../../src/restapi/fnmatch';
import { parseLookups } from '../../src/restapi/lookup-parser';
import { parsePyInt, pyLabel, pyList, pyRepr } from '../../src/restapi/python-text';
import { parseTableAndFields } from '../../src/restapi/table-name';

describe(fnmatch.name, () => {
  const sut = fnmatch;
  it("matches as Python's fnmatchcase", () => {
    const cases: [string, string, boolean][] = [
      ['name.eq', 'name.*', true],
      ['name', 'name.*', false],
      ['real_identity.name.eq', '*', true],
      ['@limit', '@limit', true],
      ['@limits', '@limit', false],
      ['name.eq', 'NAME.*', false],
      ['a.b', 'a?b', true],
      ['strength.gt', 's?r[!n-z]ngth.[gl]t', true],
      ['strength.ge', 's?r[!n-z]ngth.[gl]t', false],
      ['a[b', 'a[b', true],
      ['a]', '[]]', false],
      [']', '[]]', true],
      ['a-', 'a[-]', true],
      ['x', '[z-a]', false],
      ['x', '[!z-a]', true],
      ['a\nb', 'a*b', true],
      ['(x)', '(x)', true],
      ['a.b', 'a\\.b', false],
    ];
    for (const [name, pattern, expected] of cases)
      assert.equal(sut(name, pattern), expected, `${name} ~ ${pattern}`);
  });
});

describe(parseLookups.name, () => {
  const sut = parseLookups;
  it('finds every lookup, ignores the text between them and repeats', () => {
    assert.deepEqual(
      sut('identity!:real_identity[name,job]; superhero.tag[strength] ,superhero.tag[strength],,x'),
      [
        {
          text: 'identity!:real_identity[name,job]',
          name: 'identity',
          aliased: true,
          collapsed: true,
          steps: [{ name: 'real_identity', fields: ['name', 'job'] }],
        },
        {
          text: 'superhero.tag[strength]',
          name: 'superhero.tag',
          aliased: false,
          collapsed: false,
          steps: [
            { name: 'superhero', fields: null },
            { name: 'tag', fields: ['strength'] },
          ],
        },
        { text: 'x', name: 'x', aliased: false, collapsed: false, steps: [{ name: 'x', fields: null }] },
      ],
    );
    assert.deepEqual(
      sut('!:real_identity').map((l) => [l.name, l.aliased, l.collapsed]),
      [['real_identity', false, true]],
    );
    assert.deepEqual(
      sut('a:b:c').map((l) => l.text),
      ['a:b', ':c'],
    );
    assert.deepEqual(
      sut('x[a, b]').map((l) => l.text),
      ['x', 'a', 'b'],
    );
    assert.deepEqual(sut(''), []);
  });
});

describe(splitFilterKey.name, () => {
  const sut = splitFilterKey;
  it('reads [not.]path[.op] as pyDAL does', () => {
    assert.deepEqual(sut('name'), { negated: false, operator: 'eq', path: ['name'] });
    assert.deepEqual(sut('not.a.rel.desc.contains'), {
      negated: true,
      operator: 'contains',
      path: ['a', 'rel', 'desc'],
    });
    assert.deepEqual(sut('name.EQ'), { negated: false, operator: 'eq', path: ['name', 'EQ'] });
    assert.deepEqual(sut('a.not'), { negated: false, operator: 'eq', path: ['a', 'not'] });
    assert.deepEqual(sut('not'), { negated: true, operator: 'eq', path: [] });
    assert.deepEqual(sut('not.in'), { negated: true, operator: 'in', path: [] });
    assert.deepEqual(sut('eq'), { negated: false, operator: 'eq', path: [] });
  });
});

describe(parseTableAndFields.name, () => {
  const sut = parseTableAndFields;
  it("keeps pyDAL's bracket quirks and refuses two lists", () => {
    assert.deepEqual(sut('superhero'), { name: 'superhero', fields: null });
    assert.deepEqual(sut('party.party[name,code]'), { name: 'party.party', fields: ['name', 'code'] });
    assert.deepEqual(sut('superhero[name'), { name: 'superhero', fields: ['nam'] });
    assert.deepEqual(sut('superhero[]'), { name: 'superhero', fields: [''] });
    assert.throws(() => sut('t[a][b]'), /Malformed table-and-fields: 't\[a\]\[b\]'/);
    assert.throws(() => sut('[a]'), /Invalid table name/);
  });
});

describe('Python text', () => {
  it('quotes, parses and labels as Python does', () => {
    assert.equal(pyRepr('abc'), "'abc'");
    assert.equal(pyRepr("it's"), '"it\'s"');
    assert.equal(pyRepr('a\'b"c\\\n'), "'a\\'b\"c\\\\\\n'");
    assert.equal(pyList(['a', 'b']), "['a', 'b']");
    assert.equal(parsePyInt(' +1_000 '), 1000);
    for (const bad of ['', '1.0', '1e3', '1__0', '_1', '0x1', '1 2'])
      assert.equal(parsePyInt(bad), null, bad);
    assert.equal(pyLabel('real_identity'), 'Real Identity');
    assert.equal(pyLabel('id'), 'Id');
  });
});
