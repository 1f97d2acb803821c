import { describe, expect, it } from 'vitest';
import { mathisRate } from './mathis.js';

describe('mathisRate', () => {
  it('gives the anchors of the transport notes (MSS 1448)', () => {
    expect(mathisRate({ rttMs: 100, loss: 0.01 }) / 1e6).toBeCloseTo(1.419, 3);
    expect(mathisRate({ rttMs: 10, loss: 1e-4 }) / 1e6).toBeCloseTo(141.9, 1);
  });

  it('does not apply without loss', () => {
    expect(mathisRate({ rttMs: 100, loss: 0 })).toBe(Number.POSITIVE_INFINITY);
  });
});
