import { describe, expect, it } from 'vitest';
import { Samples, median, quantileSorted } from './stats.js';

describe('stats', () => {
  it('takes medians of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('takes nearest-rank quantiles from a growing sample buffer', () => {
    const samples = new Samples();
    for (let i = 100_000; i >= 1; i--) samples.push(i);
    const sorted = samples.sorted();
    expect(sorted).toHaveLength(100_000);
    expect(quantileSorted(sorted, 0.5)).toBe(50_000);
    expect(quantileSorted(sorted, 0.99)).toBe(99_000);
    expect(quantileSorted(sorted, 1)).toBe(100_000);
  });
});
