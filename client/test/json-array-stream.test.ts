import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal, JsonArrayStream, ProtocolError, taggedReviver } from '../src';

function parseInChunks(text: string, size: number): unknown[] {
  const sut = new JsonArrayStream(taggedReviver);
  const bytes = Buffer.from(text);
  const out: unknown[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(...sut.push(bytes.subarray(i, i + size)));
  sut.end();
  return out;
}

describe(JsonArrayStream.name, () => {
  const values = [
    {
      id: 1,
      name: 'Oak "Chair" ]} {[',
      tags: [1, [2, {}]],
      price: { __class__: 'Decimal', decimal: '1.10' },
    },
    'a string with \\ and \\" and ,',
    42,
    -1.5e3,
    true,
    null,
    [],
    {},
    { unicode: 'Liège — 東京 🚲', escaped: '\u00e9\n' },
  ];
  const text = ` [ ${values.map((v) => JSON.stringify(v)).join(' ,\n')} ] \n`;

  it('gives the elements whatever the chunk boundaries (every split, multi-byte characters too)', () => {
    const expected = JSON.parse(text, taggedReviver);
    for (const size of [1, 2, 3, 5, 7, 64, 100_000])
      assert.deepEqual(parseInChunks(text, size), expected, `size ${size}`);
    const [first] = parseInChunks(text, 3) as { price: Decimal }[];
    assert.ok(first.price instanceof Decimal);
  });

  it('reads an empty array and arrays of scalars', () => {
    assert.deepEqual(parseInChunks('[]', 1), []);
    assert.deepEqual(parseInChunks('[1,2,3]', 1), [1, 2, 3]);
    assert.deepEqual(parseInChunks('["x","y"]', 2), ['x', 'y']);
  });

  it('refuses what is not one well-formed array', () => {
    for (const bad of ['{"a":1}', '[1,,2]', '[1,]', '[1 2]', '[1] 2', '[{"a":}]']) {
      assert.throws(() => parseInChunks(bad, 1), ProtocolError, bad);
    }
    assert.throws(() => parseInChunks('[1, 2', 1), /ended before/);
  });

  it('holds only the element being read', () => {
    const sut = new JsonArrayStream();
    const element = JSON.stringify({ name: 'x'.repeat(1000) });
    let count = 0;
    count += sut.push(Buffer.from('[')).length;
    for (let i = 0; i < 1000; i++) count += sut.push(Buffer.from(`${i ? ',' : ''}${element}`)).length;
    count += sut.push(Buffer.from(']')).length;
    sut.end();
    assert.equal(count, 1000);
    assert.equal(sut.length, 1000);
    assert.equal((sut as unknown as { pending: Buffer[] }).pending.length, 0);
  });
});
