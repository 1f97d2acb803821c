/** Weighted shares: deficit round robin in bytes, and whole-message counts. */
import { DeficitScheduler } from '@zmtp/scheduler';
import { describe, expect, it } from 'vitest';
import { picks, randomInts, weightedBytes, weightedCount, withPipes } from './support/drive.js';

const WEIGHTS = { a: 1, b: 2, c: 4 } as const;
type Name = keyof typeof WEIGHTS;

describe('weighted-count scheduler', () => {
  it('gives each pipe `weight` messages per turn', () => {
    const s = withPipes(weightedCount, { a: [8, 1], b: [8, 2], c: [8, 4] });
    const round = ['a', 'b', 'b', 'c', 'c', 'c', 'c'];
    expect(picks(s, 21)).toEqual([...round, ...round, ...round]);
  });

  it('ignores priorities', () => {
    const s = withPipes(weightedCount, { a: [1, 1], b: [16, 1] });
    expect(picks(s, 4)).toEqual(['a', 'b', 'a', 'b']);
  });

  it('ends a turn early when the pipe blocks, dropping its unused credit', () => {
    const s = withPipes(weightedCount, { a: [8, 3], b: [8, 1] });
    expect(picks(s, 1)).toEqual(['a']);
    s.deactivate('a');
    s.activate('a');
    expect(picks(s, 5)).toEqual(['b', 'a', 'a', 'a', 'b']);
  });
});

describe('weighted (byte-fair DRR) scheduler', () => {
  // Saturated pipes (always active) with random message sizes in [1, MAX]. After
  // round k every pipe has sent k·Q·w bytes plus less than one message.
  for (const seed of [1, 2, 3, 42, 1234]) {
    it(`keeps byte shares of weights 1, 2, 4 within the DRR bound after every round (seed ${seed})`, () => {
      const MAX = 1500;
      const Q = MAX;
      const s = new DeficitScheduler<Name>(weightedBytes(Q));
      for (const name of Object.keys(WEIGHTS) as Name[]) {
        s.add(name, { priority: 8, weight: WEIGHTS[name] });
        s.activate(name);
      }
      const size = randomInts(seed, 1, MAX);
      const sent: Record<Name, number> = { a: 0, b: 0, c: 0 };
      const totalWeight = 1 + 2 + 4;
      let rounds = 0;
      let previous: Name | undefined;
      const checkRound = () => {
        const total = sent.a + sent.b + sent.c;
        for (const name of Object.keys(WEIGHTS) as Name[]) {
          const surplus = sent[name] - rounds * Q * WEIGHTS[name];
          expect(surplus, `${name} after round ${rounds}`).toBeGreaterThanOrEqual(0);
          expect(surplus, `${name} after round ${rounds}`).toBeLessThan(MAX);
          const share = sent[name] / total;
          expect(Math.abs(share - WEIGHTS[name] / totalWeight)).toBeLessThanOrEqual((MAX + Q) / total);
        }
      };
      for (let i = 0; i < 20_000; i++) {
        const pipe = s.next()!;
        if (previous === 'c' && pipe === 'a') {
          rounds++;
          checkRound();
        }
        const bytes = size();
        sent[pipe] += bytes;
        s.consumed(pipe, bytes);
        previous = pipe;
      }
      expect(rounds).toBeGreaterThan(1000);
    });
  }

  it('grows the quantum to the largest message so every turn still carries a message', () => {
    const s = withPipes(weightedBytes(100), { a: [8, 1], b: [8, 1] });
    expect(s.currentQuantum).toBe(100);
    const sizes: Record<string, number> = { a: 10_000, b: 10 };
    const sequence = picks(s, 1002, (pipe) => sizes[pipe]);
    expect(s.currentQuantum).toBe(10_000);
    // One 10 000 B message overdrew a's turn; b's turns now carry 10 000 B each, and
    // a's start with 100 B of credit: equal bytes per round.
    expect(sequence).toEqual(['a', ...Array<string>(1000).fill('b'), 'a']);
    const more = picks(s, 10_010, (pipe) => sizes[pipe]);
    expect(more.filter((p) => p === 'a').length).toBe(10);
  });

  it('charges an empty message as one byte, so it cannot hold a turn forever', () => {
    const s = withPipes(weightedBytes(4), { a: [8, 1], b: [8, 1] });
    expect(picks(s, 10, () => 0)).toEqual(['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'a', 'a']);
  });

  it('carries a turn\'s overdraft into the next turn', () => {
    const s = withPipes(weightedBytes(100), { a: [8, 1], b: [8, 1] });
    // a overdraws by 50 (one 150-byte message grows the quantum to 150 first).
    s.consumed('a', 150);
    expect(s.currentQuantum).toBe(150);
    expect(s.next()).toBe('b');
    s.consumed('b', 150);
    // a's next turn starts with 150 - 50 = 100 bytes of credit: two 50-byte messages.
    expect(picks(s, 3, () => 50)).toEqual(['a', 'a', 'b']);
  });
});

describe('priority-weighted scheduler', () => {
  it('weights within a level and keeps strict priority between levels', () => {
    const s = new DeficitScheduler<string>({ priorities: true, weights: true, unit: 'messages', quantum: 1 });
    for (const [pipe, priority, weight] of [
      ['low', 2, 10],
      ['x', 1, 1],
      ['y', 1, 3],
    ] as const) {
      s.add(pipe, { priority, weight });
      s.activate(pipe);
    }
    expect(picks(s, 8)).toEqual(['x', 'y', 'y', 'y', 'x', 'y', 'y', 'y']);
    s.deactivate('x');
    s.deactivate('y');
    expect(picks(s, 3)).toEqual(['low', 'low', 'low']);
  });
});
