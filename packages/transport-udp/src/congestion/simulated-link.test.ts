import { describe, expect, it } from 'vitest';
import { SeededRandom, SimulatedLink } from './simulated-link.js';

describe('SeededRandom', () => {
  it('repeats for a seed and spreads over [0, 1)', () => {
    const a = new SeededRandom(5);
    const b = new SeededRandom(5);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = a.next();
      expect(b.next()).toBe(x);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      sum += x;
    }
    expect(sum / 10_000).toBeCloseTo(0.5, 1);
  });
});

describe('SimulatedLink', () => {
  it('delivers after the delay, in order', () => {
    const link = new SimulatedLink<number>({ oneWayDelayMs: 10 });
    link.send(1, 100, 0);
    link.send(2, 100, 5);
    expect(link.nextArrival()).toBe(10);
    expect(link.receive(9)).toBeUndefined();
    expect(link.receive(10)).toBe(1);
    expect(link.receive(14)).toBeUndefined();
    expect(link.receive(15)).toBe(2);
    expect(link.nextArrival()).toBeUndefined();
  });

  it('loses about the loss rate', () => {
    const link = new SimulatedLink<number>({ oneWayDelayMs: 1, lossRate: 0.02, seed: 9 });
    for (let i = 0; i < 50_000; i++) link.send(i, 100, i);
    expect(link.lost / link.sent).toBeGreaterThan(0.017);
    expect(link.lost / link.sent).toBeLessThan(0.023);
  });

  it('serialises at the bottleneck rate and drops when its queue is full', () => {
    const link = new SimulatedLink<number>({ oneWayDelayMs: 0, bottleneckBytesPerSecond: 1000, queueBytes: 300 });
    expect(link.send(1, 100, 0)).toBe(true); // leaves at 100 ms
    expect(link.send(2, 100, 0)).toBe(true); // 200 ms
    expect(link.send(3, 100, 0)).toBe(true); // 300 ms
    expect(link.send(4, 100, 0)).toBe(false); // 300 bytes queued ahead of it
    expect(link.nextArrival()).toBe(100);
    expect(link.receive(299)).toBe(1);
    expect(link.receive(299)).toBe(2);
    expect(link.receive(299)).toBeUndefined();
  });
});
