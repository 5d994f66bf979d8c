import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { applyHeapGrowth } from '../src/cli/heap';

const HEAP = join(__dirname, '..', 'src', 'cli', 'heap.js');

/**
 * Peak heap of a process that keeps ~30 MB alive and makes garbage that survives long enough to be
 * promoted (the shape of a server under uncached load), with HEAP_GROWING_PERCENT as given.
 */
async function peakHeapMiB(percent: string): Promise<number> {
  const script = `
    require(${JSON.stringify(HEAP)}).applyHeapGrowth(process.env, []);
    const live = Array.from({ length: 300 }, () => new Array(10000).fill(0).map((_, i) => ({ i })));
    let peak = 0; const keep = [];
    for (let round = 0; round < 400; round++) {
      keep.push(Array.from({ length: 2000 }, (_, i) => ({ round, i, s: 'x' + i })));
      if (keep.length > 40) keep.shift();
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    console.log(live.length && Math.round(peak / 1048576));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
    env: { ...process.env, NODE_OPTIONS: '', HEAP_GROWING_PERCENT: percent },
  });
  return Number(stdout.trim());
}

describe('HEAP_GROWING_PERCENT (serve)', () => {
  it('keeps the old generation closer to what is alive than V8 left alone', async () => {
    const [own, bounded] = [await peakHeapMiB('0'), await peakHeapMiB('20')];
    assert.ok(bounded < own * 0.9, `peak heap ${bounded} MiB with 20 %, ${own} MiB with V8's heuristics`);
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
