import { describe, expect, it } from 'vitest';
import { createRandom } from './prng.js';

const draw = (seed: number, stream: string, n: number): number[] => {
  const r = createRandom(seed, stream);
  return Array.from({ length: n }, () => r.next());
};

describe('createRandom', () => {
  it('repeats a sequence for the same seed and stream', () => {
    expect(draw(42, 'loss', 100)).toEqual(draw(42, 'loss', 100));
  });

  it('gives different sequences for other seeds and other streams', () => {
    expect(draw(42, 'loss', 20)).not.toEqual(draw(43, 'loss', 20));
    expect(draw(42, 'loss', 20)).not.toEqual(draw(42, 'jitter', 20));
  });

  it('draws uniformly in [0, 1)', () => {
    const values = draw(7, '', 100_000);
    const buckets = new Array<number>(10).fill(0);
    for (const v of values) buckets[Math.floor(v * 10)]++;
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    // Chi-square with 9 degrees of freedom: 27.9 is the 0.1 % tail.
    const chi = buckets.reduce((sum, b) => sum + (b - 10_000) ** 2 / 10_000, 0);
    expect(chi).toBeLessThan(27.9);
    expect(values.reduce((a, b) => a + b, 0) / values.length).toBeCloseTo(0.5, 2);
  });
});
