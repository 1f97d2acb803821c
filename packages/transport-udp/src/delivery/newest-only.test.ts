import { InvalidArgumentError } from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../congestion/simulated-link.js';
import type { DeliveryMode } from '../options.js';
import { seqAdd, seqDiff } from '../wire/serial.js';
import { ArrivalOrder, createDeliveryPolicy, NewestOnly } from './newest-only.js';

describe('newest-only delivery', () => {
  it('delivers only what is newer than the newest delivered', () => {
    const policy = new NewestOnly();
    expect([5, 3, 4, 6, 6, 2, 9].map((seq) => policy.accept(seq))).toEqual([true, false, false, true, false, false, true]);
    expect(policy.newestDelivered).toBe(9);
    expect({ delivered: policy.delivered, late: policy.late, duplicates: policy.duplicates }).toEqual({
      delivered: 3,
      late: 3,
      duplicates: 1,
    });
  });

  it('wants() answers without changing anything', () => {
    const policy = new NewestOnly();
    expect(policy.wants(7)).toBe(true);
    policy.accept(7);
    expect([policy.wants(6), policy.wants(7), policy.wants(8)]).toEqual([false, false, true]);
    expect(policy.wants(8)).toBe(true);
    expect(policy.delivered).toBe(1);
    expect(policy.late).toBe(0);
  });

  it('keeps order across the wrap', () => {
    const policy = new NewestOnly();
    expect([0xfffffffe, 0xffffffff, 0, 1].map((seq) => policy.accept(seq))).toEqual([true, true, true, true]);
    expect(policy.accept(0xffffffff)).toBe(false);
    expect(policy.accept(0xfffffff0)).toBe(false);
    expect(policy.late).toBe(2);
  });

  it('treats half the number space ahead as behind (serial arithmetic)', () => {
    const policy = new NewestOnly();
    policy.accept(0);
    expect(policy.wants(2 ** 31 - 1)).toBe(true);
    expect(policy.wants(2 ** 31)).toBe(false);
  });

  it('delivers a strictly increasing run from any shuffled input', () => {
    const random = seededRandom(7);
    const policy = new NewestOnly();
    let last: number | undefined;
    let backwards = 0;
    let base = 0xffff0000;
    for (let i = 0; i < 200_000; i++) {
      base = seqAdd(base, 1);
      const seq = seqAdd(base, Math.floor(random() * 64) - 32);
      if (policy.accept(seq)) {
        if (last !== undefined && seqDiff(seq, last) <= 0) backwards++;
        last = seq;
      }
    }
    expect(backwards).toBe(0);
    expect(policy.delivered + policy.late + policy.duplicates).toBe(200_000);
  });
});

describe('arrival-order delivery', () => {
  it('delivers out-of-order messages, and drops copies', () => {
    const policy = new ArrivalOrder();
    expect([1, 3, 2, 3, 1, 4].map((seq) => policy.accept(seq))).toEqual([true, true, true, false, false, true]);
    expect({ delivered: policy.delivered, reordered: policy.reordered, duplicates: policy.duplicates, late: policy.late }).toEqual({
      delivered: 4,
      reordered: 1,
      duplicates: 2,
      late: 0,
    });
    expect([policy.wants(2), policy.wants(5), policy.wants(0)]).toEqual([false, true, true]);
  });

  it('spots copies across the wrap', () => {
    const policy = new ArrivalOrder();
    expect([0xffffffff, 1, 0].map((seq) => policy.accept(seq))).toEqual([true, true, true]);
    expect([0xffffffff, 0, 1].map((seq) => policy.accept(seq))).toEqual([false, false, false]);
    expect(policy.accept(0xfffffffe)).toBe(true);
  });

  it('forgets exactly what slides out of its history', () => {
    const policy = new ArrivalOrder({ history: 32 });
    policy.accept(5);
    policy.accept(36); // 5 is now 31 behind: still remembered
    expect(policy.wants(5)).toBe(false);
    expect(policy.accept(5)).toBe(false);
    expect(policy.accept(6)).toBe(true); // its slot was cleared when the window moved
    policy.accept(37); // 5 is now 32 behind: too old to tell, delivered
    expect(policy.accept(5)).toBe(true);
    policy.accept(1000); // a jump past the whole history forgets everything
    expect(policy.wants(999)).toBe(true);
    expect(policy.wants(1000)).toBe(false);
  });

  it('agrees with a set that remembers everything, within its history', () => {
    const random = seededRandom(11);
    const history = 256;
    const policy = new ArrivalOrder({ history });
    const seen = new Set<number>();
    let newest: number | undefined;
    let front = 0xfffff000;
    const disagreements: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      front = seqAdd(front, Math.floor(random() * 3));
      const seq = seqAdd(front, -Math.floor(random() * (history - 8)));
      const copy = seen.has(seq) && (newest === undefined || seqDiff(seq, newest) > -history);
      if (policy.wants(seq) === copy || policy.accept(seq) === copy) disagreements.push(i);
      seen.add(seq);
      if (newest === undefined || seqDiff(seq, newest) > 0) newest = seq;
    }
    expect(disagreements).toEqual([]);
    expect(policy.duplicates).toBeGreaterThan(1000);
    expect(policy.reordered).toBeGreaterThan(1000);
  });

  it('rejects a history that is not a power of two', () => {
    expect(() => new ArrivalOrder({ history: 100 })).toThrow(InvalidArgumentError);
    expect(() => new ArrivalOrder({ history: 16 })).toThrow(InvalidArgumentError);
  });
});

describe('createDeliveryPolicy', () => {
  it('makes either policy, and refuses others', () => {
    expect(createDeliveryPolicy('newest-only')).toBeInstanceOf(NewestOnly);
    expect(createDeliveryPolicy('arrival')).toBeInstanceOf(ArrivalOrder);
    expect(() => createDeliveryPolicy('fifo' as DeliveryMode)).toThrow(InvalidArgumentError);
  });
});
