import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { applyHeapGrowth } from '../src/cli/heap';

const HEAP = join(__dirname, '..', 'src', 'cli', 'heap.js');

/**
 * The growing factors V8 chose for the old generation's next limit ("[HeapController] Limit: ... (1.2)"
 * in --trace-gc-verbose) in a process that applies HEAP_GROWING_PERCENT as `serve` does, then allocates
 * until full collections run.
 */
async function growingFactors(percent: string | undefined): Promise<string[]> {
  const script = `
    require(${JSON.stringify(HEAP)}).applyHeapGrowth(process.env, []);
    const live = Array.from({ length: 300 }, () => new Array(10000).fill(0).map((_, i) => ({ i })));
    const keep = [];
    for (let round = 0; round < 600; round++) {
      keep.push(Array.from({ length: 2000 }, (_, i) => ({ round, i, s: 'x' + i })));
      if (keep.length > 40) keep.shift();
    }
    live.length;`;
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };
  delete env.HEAP_GROWING_PERCENT;
  if (percent !== undefined) env.HEAP_GROWING_PERCENT = percent;
  const { stdout } = await promisify(execFile)(process.execPath, ['--trace-gc-verbose', '-e', script], {
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
  return [...stdout.matchAll(/\[HeapController\] Limit: .*\((\d+\.\d)\)/g)].map((m) => m[1]);
}

describe('HEAP_GROWING_PERCENT (serve)', () => {
  it('sets the growing factor V8 uses for the old generation (100 unless told)', async () => {
    const [unset, twenty] = [await growingFactors(undefined), await growingFactors('20')];
    assert.ok(unset.length && twenty.length, 'full collections ran');
    assert.deepEqual(new Set(unset), new Set(['2.0']));
    assert.deepEqual(new Set(twenty), new Set(['1.2']));
  });

  it('names a value it cannot use, and leaves a flag given to node alone', () => {
    for (const bad of ['-1', 'lots', '2.5', '5000'])
      assert.throws(
        () => applyHeapGrowth({ HEAP_GROWING_PERCENT: bad }, []),
        /HEAP_GROWING_PERCENT must be an integer from 0 to 1000/,
      );
    // Given to node itself: the variable is not even read.
    assert.doesNotThrow(() =>
      applyHeapGrowth({ HEAP_GROWING_PERCENT: 'lots' }, ['--heap-growing-percent=30']),
    );
    assert.doesNotThrow(() =>
      applyHeapGrowth(
        { HEAP_GROWING_PERCENT: 'lots', NODE_OPTIONS: '--max-old-space-size=512 --heap_growing_percent=30' },
        [],
      ),
    );
  });
});
