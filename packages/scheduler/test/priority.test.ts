/** Strict priority over 16 levels with round robin inside a level (nanomsg's priolist semantics). */
import { InvalidArgumentError } from '@zmtp/core';
import { DeficitScheduler } from '@zmtp/scheduler';
import { describe, expect, it } from 'vitest';
import { picks, priorityOnly, withPipes } from './support/drive.js';

describe('priority scheduler', () => {
  it('picks nothing until a pipe is activated, and never consumes on next()', () => {
    const s = new DeficitScheduler<string>(priorityOnly);
    s.add('a', { priority: 8, weight: 1 });
    expect(s.next()).toBeUndefined();
    expect(s.activeCount).toBe(0);
    s.activate('a');
    expect([s.next(), s.next()]).toEqual(['a', 'a']);
    expect(s.activeCount).toBe(1);
  });

  it('round-robins per message within one priority', () => {
    const s = withPipes(priorityOnly, { a: [8, 1], b: [8, 5], c: [8, 9] });
    expect(picks(s, 7)).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
  });

  it('starves lower priorities exactly while a higher one is active', () => {
    const s = withPipes(priorityOnly, { low: [16, 1], mid1: [5, 1], high: [1, 1], mid2: [5, 1] });
    const sequence = picks(s, 1000);
    expect(new Set(sequence)).toEqual(new Set(['high']));
  });

  it('falls back when a higher pipe blocks and takes over as soon as it is ready', () => {
    const s = withPipes(priorityOnly, { backup1: [2, 1], primary: [1, 1], backup2: [2, 1] });
    expect(picks(s, 3)).toEqual(['primary', 'primary', 'primary']);
    s.deactivate('primary'); // full (lb) or empty (fq)
    expect(picks(s, 4)).toEqual(['backup1', 'backup2', 'backup1', 'backup2']);
    s.activate('primary');
    expect(picks(s, 2)).toEqual(['primary', 'primary']);
    s.remove('primary');
    expect(picks(s, 2)).toEqual(['backup1', 'backup2']);
  });

  it('uses all 16 levels, 1 highest', () => {
    const s = new DeficitScheduler<number>(priorityOnly);
    for (let priority = 16; priority >= 1; priority--) {
      s.add(priority, { priority, weight: 1 });
      s.activate(priority);
    }
    const order: number[] = [];
    for (let i = 0; i < 16; i++) {
      const pipe = s.next()!;
      order.push(pipe);
      s.deactivate(pipe);
    }
    expect(order).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(s.next()).toBeUndefined();
  });

  it('a re-activated pipe joins the end of the round', () => {
    const s = withPipes(priorityOnly, { a: [8, 1], b: [8, 1], c: [8, 1] });
    expect(picks(s, 1)).toEqual(['a']);
    s.deactivate('b'); // b had not had its turn this round: it still gets it, after c
    s.activate('b');
    expect(picks(s, 6)).toEqual(['c', 'b', 'a', 'c', 'b', 'a']);
    s.deactivate('a'); // a had its turn: it waits for the next round
    s.activate('a');
    expect(picks(s, 3)).toEqual(['c', 'b', 'a']);
  });

  it('removes active, inactive and current pipes; ignores duplicates and unknown pipes', () => {
    const s = withPipes(priorityOnly, { a: [8, 1], b: [8, 1], c: [8, 1] });
    s.add('d', { priority: 1, weight: 1 });
    s.add('a', { priority: 1, weight: 1 }); // already known: unchanged
    s.activate('a');
    s.activate('zzz');
    s.deactivate('zzz');
    s.remove('zzz');
    s.consumed('zzz', 10);
    expect(s.activeCount).toBe(3);
    s.remove('d');
    expect(s.next()).toBe('a');
    s.remove('a'); // the current pick
    expect(picks(s, 4)).toEqual(['c', 'b', 'c', 'b']);
    s.remove('b');
    s.remove('c');
    expect(s.next()).toBeUndefined();
    expect(s.activeCount).toBe(0);
  });

  it('takes a pipe back after remove and add', () => {
    const s = withPipes(priorityOnly, { a: [3, 1] });
    s.remove('a');
    s.add('a', { priority: 9, weight: 1 });
    s.activate('a');
    expect(s.next()).toBe('a');
  });

  it('defaults to priority 8 and weight 1 without options', () => {
    const s = new DeficitScheduler<string>(priorityOnly);
    s.add('default');
    s.add('seven', { priority: 7, weight: 1 });
    s.add('nine', { priority: 9, weight: 1 });
    for (const p of ['nine', 'default', 'seven']) s.activate(p);
    expect(s.next()).toBe('seven');
    s.deactivate('seven');
    expect(s.next()).toBe('default');
  });

  it('rejects priorities and weights out of range with a typed error', () => {
    const s = new DeficitScheduler<string>(priorityOnly);
    for (const bad of [
      { priority: 0, weight: 1 },
      { priority: 17, weight: 1 },
      { priority: 1.5, weight: 1 },
      { priority: 8, weight: 0 },
      { priority: 8, weight: Number.NaN },
    ]) {
      expect(() => s.add('x', bad)).toThrow(InvalidArgumentError);
    }
    expect(() => s.add('x', { priority: 17, weight: 1 })).toThrow(/from 1 \(highest\) to 16/);
  });
});
