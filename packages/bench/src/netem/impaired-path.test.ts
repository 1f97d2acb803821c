import { describe, expect, it } from 'vitest';
import { ImpairedPath } from './impaired-path.js';
import { normaliseImpairment, type ImpairmentOptions } from './impairment.js';
import { ManualClock } from './manual-clock.js';

interface Delivery {
  seq: number;
  sentAt: number;
  at: number;
}

/** A path on virtual time that records when each packet (tagged with its number) comes out. */
function setup(options: ImpairmentOptions, seed = 1) {
  const clock = new ManualClock();
  const out: Delivery[] = [];
  const path = new ImpairedPath<{ seq: number; sentAt: number }>(normaliseImpairment(options), {
    clock,
    seed,
    deliver: (_packet, meta) => out.push({ ...meta, at: clock.now() }),
  });
  let seq = 0;
  const send = (size = 100): void => path.send(new Uint8Array(size), { seq: seq++, sentAt: clock.now() });
  return { clock, out, path, send };
}

/** Sends `count` packets of `size` bytes, one every `gapMs`, then lets everything out. */
function stream(t: ReturnType<typeof setup>, count: number, gapMs: number, size = 100): void {
  for (let i = 0; i < count; i++) {
    t.send(size);
    t.clock.advance(gapMs);
  }
  t.clock.runAll();
}

const inversions = (out: Delivery[]): number => out.filter((d, i) => i > 0 && d.seq < out[i - 1].seq).length;

describe('ImpairedPath', () => {
  it('passes packets straight through, in order, with no settings', () => {
    const t = setup({});
    for (let i = 0; i < 5; i++) t.send();
    expect(t.out.map((d) => d.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(t.out.every((d) => d.at === 0)).toBe(true);
    expect(t.path.counters()).toMatchObject({ received: 5, delivered: 5, held: 0 });
  });

  it('drops close to the loss setting over many packets', () => {
    const n = 50_000;
    const t = setup({ loss: 0.05 });
    for (let i = 0; i < n; i++) t.send();
    const lost = t.path.counters().lost;
    const sigma = Math.sqrt(n * 0.05 * 0.95);
    expect(Math.abs(lost - n * 0.05)).toBeLessThan(4 * sigma);
    expect(t.out.length).toBe(n - lost);
  });

  it('makes the same decisions for the same seed, and others for another seed', () => {
    const survivors = (seed: number): number[] => {
      const t = setup({ loss: 0.2 }, seed);
      stream(t, 500, 1);
      return t.out.map((d) => d.seq);
    };
    expect(survivors(9)).toEqual(survivors(9));
    expect(survivors(9)).not.toEqual(survivors(10));
  });

  it('keeps every delay within [delay - jitter, delay + jitter], in order, spread over the range', () => {
    const t = setup({ delay: 50, jitter: 10 });
    stream(t, 20_000, 2);
    const delays = t.out.map((d) => d.at - d.sentAt);
    expect(t.out).toHaveLength(20_000);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(40);
    expect(Math.max(...delays)).toBeLessThanOrEqual(60);
    expect(Math.min(...delays)).toBeLessThan(41);
    expect(Math.max(...delays)).toBeGreaterThan(59);
    expect(inversions(t.out)).toBe(0); // jitter alone never reorders
  });

  it('reorders about the configured share of packets, holding each back by reorderDelay', () => {
    const t = setup({ delay: 20, reorder: 0.1, reorderDelay: 5 });
    stream(t, 10_000, 1);
    const { reordered } = t.path.counters();
    expect(reordered).toBeGreaterThan(800);
    expect(reordered).toBeLessThan(1200);
    expect(inversions(t.out)).toBeGreaterThan(800);
    const delays = t.out.map((d) => d.at - d.sentAt);
    expect(new Set(delays)).toEqual(new Set([20, 25]));
  });

  it('duplicates about the configured share', () => {
    const t = setup({ duplicate: 0.1 });
    stream(t, 10_000, 1);
    const { duplicated, delivered } = t.path.counters();
    expect(duplicated).toBeGreaterThan(800);
    expect(duplicated).toBeLessThan(1200);
    expect(delivered).toBe(10_000 + duplicated);
  });

  it('holds the rate cap and bounds the queue under twice the offered load', () => {
    // 8 Mbit/s = 1000 bytes per ms; offer 2000 bytes per ms for 10 virtual seconds.
    const queue = 50_000;
    const t = setup({ rate: '8mbit', queue });
    stream(t, 20_000, 0.5, 1000);
    const c = t.path.counters();
    const last = t.out[t.out.length - 1].at;
    // Everything delivered left at no more than the rate, allowing one packet of slack.
    expect(c.deliveredBytes).toBeLessThanOrEqual(last * 1000 + 1000);
    // ... and the link stayed busy: close to the rate over the run.
    expect(c.deliveredBytes / last).toBeGreaterThan(0.98 * 1000);
    expect(c.maxQueuedBytes).toBeLessThanOrEqual(queue);
    expect(c.queueDropped).toBeGreaterThan(9000);
    // No packet waited longer than a full queue takes to drain.
    expect(Math.max(...t.out.map((d) => d.at - d.sentAt))).toBeLessThanOrEqual(queue / 1000 + 1);
  });

  it('paces packets at the rate even when the queue is large', () => {
    const t = setup({ rate: 8000 * 100, queue: '1mb' }); // 100 bytes per ms
    for (let i = 0; i < 10; i++) t.send(100);
    t.clock.runAll();
    expect(t.out.map((d) => d.at)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('caps what the delay line holds (memory stays bounded)', () => {
    const t = setup({ delay: 1000, holdLimit: 10_000 });
    for (let i = 0; i < 500; i++) t.send(100);
    const c = t.path.counters();
    expect(c.heldBytes).toBeLessThanOrEqual(10_000);
    expect(c.held).toBe(100);
    expect(c.overflowDropped).toBe(400);
  });

  it('applies new settings to later packets only', () => {
    const t = setup({ delay: 10 });
    t.send();
    t.path.update(normaliseImpairment({ delay: 30 }));
    t.send();
    t.clock.runAll();
    expect(t.out.map((d) => d.at)).toEqual([10, 30]);
  });

  it('drops what it holds on close and ignores later packets', () => {
    const t = setup({ delay: 10 });
    t.send();
    t.path.close();
    t.send();
    t.clock.runAll();
    expect(t.out).toEqual([]);
    expect(t.path.counters().held).toBe(0);
  });

  it('keeps going when a delivery callback throws', () => {
    const clock = new ManualClock();
    let calls = 0;
    const path = new ImpairedPath(normaliseImpairment({ delay: 1 }), {
      clock,
      seed: 1,
      deliver: () => {
        calls++;
        throw new Error('receiver broke');
      },
    });
    path.send(new Uint8Array(1), undefined);
    path.send(new Uint8Array(1), undefined);
    clock.runAll();
    expect(calls).toBe(2);
    expect(path.counters()).toMatchObject({ delivered: 2, deliverErrors: 2 });
  });
});
