import { describe, expect, it } from 'vitest';
import { tfrcLossRateFor, tfrcThroughput } from './tfrc-equation.js';

const mbits = (bytesPerSecond: number) => (bytesPerSecond * 8) / 1e6;

describe('TFRC throughput equation (RFC 5348 3.1)', () => {
  it('matches the reference figures for s = 1448, R = 100 ms', () => {
    expect(mbits(tfrcThroughput(1448, 100, 0.001))).toBeCloseTo(4.45, 2);
    expect(mbits(tfrcThroughput(1448, 100, 0.01))).toBeCloseTo(1.3, 2);
    expect(mbits(tfrcThroughput(1448, 100, 0.05))).toBeCloseTo(0.43, 2);
  });

  it('scales with s / R and falls as p rises', () => {
    const base = tfrcThroughput(1000, 50, 0.02);
    expect(tfrcThroughput(2000, 50, 0.02)).toBeCloseTo(2 * base, 6);
    expect(tfrcThroughput(1000, 100, 0.02)).toBeCloseTo(base / 2, 6);
    expect(tfrcThroughput(1000, 50, 0.03)).toBeLessThan(base);
  });

  it('stays finite for p = 0 and p > 1', () => {
    expect(Number.isFinite(tfrcThroughput(1448, 100, 0))).toBe(true);
    expect(tfrcThroughput(1448, 100, 5)).toBe(tfrcThroughput(1448, 100, 1));
  });

  it('inverts: the loss rate for a given rate gives that rate back', () => {
    for (const p of [1e-6, 1e-4, 0.01, 0.2, 0.7]) {
      const rate = tfrcThroughput(1400, 80, p);
      expect(tfrcLossRateFor(1400, 80, rate) / p).toBeCloseTo(1, 6);
    }
    expect(tfrcLossRateFor(1400, 80, 0)).toBe(1);
    expect(tfrcLossRateFor(1400, 80, 1e15)).toBe(1e-10);
  });
});
