import { describe, expect, it } from 'vitest';
import { RttEstimator } from './rtt-estimator.js';

describe('RttEstimator (RFC 6298)', () => {
  it('starts with the initial RTO and no RTT', () => {
    const rtt = new RttEstimator();
    expect(rtt.srtt).toBeUndefined();
    expect(rtt.rto).toBe(1000);
  });

  it('takes the first sample as SRTT with RTTVAR half of it', () => {
    const rtt = new RttEstimator({ minRtoMs: 0 });
    expect(rtt.addSample(100)).toBe(true);
    expect(rtt.srtt).toBe(100);
    expect(rtt.rttvar).toBe(50);
    expect(rtt.rto).toBe(300); // 100 + 4 * 50
  });

  it('smooths later samples with alpha 1/8 and beta 1/4', () => {
    const rtt = new RttEstimator({ minRtoMs: 0 });
    rtt.addSample(100);
    rtt.addSample(200);
    // rttvar = 3/4 * 50 + 1/4 * |100 - 200| = 62.5; srtt = 7/8 * 100 + 1/8 * 200 = 112.5
    expect(rtt.rttvar).toBeCloseTo(62.5, 10);
    expect(rtt.srtt).toBeCloseTo(112.5, 10);
    expect(rtt.rto).toBeCloseTo(112.5 + 250, 10);
    expect(rtt.latest).toBe(200);
  });

  it('converges on a steady RTT and keeps the RTO floor', () => {
    const rtt = new RttEstimator();
    for (let i = 0; i < 200; i++) rtt.addSample(10);
    expect(rtt.srtt).toBeCloseTo(10, 6);
    expect(rtt.rto).toBe(200);
  });

  it('doubles the RTO on backoff up to the maximum, and a sample resets it', () => {
    const rtt = new RttEstimator({ maxRtoMs: 5000 });
    rtt.addSample(100); // rto 300
    rtt.backoff();
    expect(rtt.rto).toBe(600);
    for (let i = 0; i < 10; i++) rtt.backoff();
    expect(rtt.rto).toBe(5000);
    rtt.addSample(100);
    expect(rtt.rto).toBeLessThan(600);
  });

  it('ignores implausible samples', () => {
    const rtt = new RttEstimator();
    for (const bad of [Number.NaN, -1, Number.POSITIVE_INFINITY, 1e9]) expect(rtt.addSample(bad)).toBe(false);
    expect(rtt.srtt).toBeUndefined();
  });
});
