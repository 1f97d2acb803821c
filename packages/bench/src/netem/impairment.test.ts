import { InvalidArgumentError } from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { DuplexPath, layerOptions } from './duplex-path.js';
import { normaliseImpairment, resolveDuplex } from './impairment.js';
import { ManualClock } from './manual-clock.js';

describe('impairment settings', () => {
  it('fills defaults, and sizes the queue to one bandwidth-delay product', () => {
    expect(normaliseImpairment({})).toMatchObject({ delay: 0, loss: 0, rate: 0, queue: 65536, reorderDelay: 10 });
    // 100 Mbit/s x (2 x 50 ms) = 1.25 MB
    expect(normaliseImpairment({ delay: 50, rate: '100mbit' }).queue).toBe(1_250_000);
    expect(normaliseImpairment({ rate: '100mbit', queue: '256kb' }).queue).toBe(262_144);
  });

  it('splits rtt evenly, applies shared settings both ways and overrides per direction', () => {
    const d = resolveDuplex({ rtt: 100, loss: 0.01, reverse: { loss: 0 }, seed: 5 });
    expect(d.forward).toMatchObject({ delay: 50, loss: 0.01 });
    expect(d.reverse).toMatchObject({ delay: 50, loss: 0 });
    expect(d.seed).toBe(5);
    expect(Number.isInteger(resolveDuplex({}).seed)).toBe(true);
  });

  it('rejects bad settings with typed errors that say how to fix them', () => {
    expect(() => resolveDuplex({ rtt: 100, delay: 50 })).toThrow(/either rtt or delay/);
    expect(() => resolveDuplex({ forward: { loss: 1.5 } })).toThrow(/forward\.loss/);
    expect(() => resolveDuplex({ seed: -1 })).toThrow(InvalidArgumentError);
    expect(() => resolveDuplex({ lose: 0.1 } as never)).toThrow(/unknown impairment setting 'lose'/);
    expect(() => normaliseImpairment({ queue: 0 })).toThrow(/at least 1 byte/);
  });

  it('layers a change: shared keys replace per-direction ones, rtt replaces delay', () => {
    const base = { delay: 10, forward: { loss: 0.5, jitter: 1 }, seed: 3 };
    const next = layerOptions(base, { loss: 0.1, rtt: 40 });
    expect(resolveDuplex(next).forward).toMatchObject({ loss: 0.1, delay: 20, jitter: 1 });
    expect(next.seed).toBe(3);
  });
});

describe('DuplexPath', () => {
  it('updates only the keys given and leaves settings alone when a change is invalid', () => {
    const path = new DuplexPath({ rtt: 100, loss: 0.01, seed: 1 }, new ManualClock(), () => {}, () => {});
    path.update({ forward: { loss: 0.2 } });
    expect(path.settings.forward).toMatchObject({ delay: 50, loss: 0.2 });
    expect(path.settings.reverse).toMatchObject({ delay: 50, loss: 0.01 });
    expect(() => path.update({ rate: 'quick' })).toThrow(InvalidArgumentError);
    expect(path.settings.forward.rate).toBe(0);
    expect(path.settings.seed).toBe(1);
  });

  it('draws differently in the two directions from one seed', () => {
    const clock = new ManualClock();
    const got = { forward: [] as number[], reverse: [] as number[] };
    const path = new DuplexPath<number, number>(
      { loss: 0.5, seed: 77 },
      clock,
      (_p, i) => got.forward.push(i),
      (_p, i) => got.reverse.push(i),
    );
    for (let i = 0; i < 64; i++) {
      path.forward.send(new Uint8Array(1), i);
      path.reverse.send(new Uint8Array(1), i);
    }
    expect(got.forward).not.toEqual(got.reverse);
  });
});
