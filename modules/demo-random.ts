/**
 * A tiny seeded PRNG (mulberry32) for the demo data generators: the same seed gives the same data on
 * every machine, so demo databases and benchmarks are comparable.
 */
export class DemoRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

/** Reports `label:done/total` to the CLI's progress bar when the context asks for it. */
export function demoProgress(
  context: Record<string, unknown>,
  label: string,
): (done: number, total: number) => void {
  const report = context.demo_progress;
  return (done, total) => {
    if (typeof report === 'function') (report as (m: string) => void)(`${label}:${done}/${total}`);
  };
}
