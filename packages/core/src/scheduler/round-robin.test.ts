import { describe, expect, it } from 'vitest';
import { RoundRobinScheduler } from './round-robin.js';

const opts = { priority: 8, weight: 1 };

function picks(s: RoundRobinScheduler<string>, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = s.next();
    if (!p) break;
    out.push(p);
    s.consumed(p, 1);
  }
  return out;
}

describe('RoundRobinScheduler', () => {
  it('starts with inactive pipes and picks nothing', () => {
    const s = new RoundRobinScheduler<string>();
    s.add('a', opts);
    expect(s.next()).toBeUndefined();
    expect(s.activeCount).toBe(0);
  });

  it('rotates strictly per message over the active pipes', () => {
    const s = new RoundRobinScheduler<string>();
    for (const p of ['a', 'b', 'c']) {
      s.add(p, opts);
      s.activate(p);
    }
    expect(picks(s, 6)).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('does not advance until a pick is consumed', () => {
    const s = new RoundRobinScheduler<string>();
    for (const p of ['a', 'b']) {
      s.add(p, opts);
      s.activate(p);
    }
    expect(s.next()).toBe('a');
    expect(s.next()).toBe('a');
  });

  it('skips deactivated pipes and takes them back when activated', () => {
    const s = new RoundRobinScheduler<string>();
    for (const p of ['a', 'b', 'c']) {
      s.add(p, opts);
      s.activate(p);
    }
    s.deactivate('b');
    expect(new Set(picks(s, 4))).toEqual(new Set(['a', 'c']));
    s.activate('b');
    expect(new Set(picks(s, 3))).toEqual(new Set(['a', 'b', 'c']));
  });

  it('keeps the current pick when another pipe is deactivated', () => {
    const s = new RoundRobinScheduler<string>();
    for (const p of ['a', 'b', 'c', 'd']) {
      s.add(p, opts);
      s.activate(p);
    }
    expect(picks(s, 3)).toEqual(['a', 'b', 'c']);
    expect(s.next()).toBe('d');
    s.deactivate('b');
    expect(s.next()).toBe('d');
    s.remove('c');
    expect(s.next()).toBe('d');
  });

  it('removes active and inactive pipes', () => {
    const s = new RoundRobinScheduler<string>();
    for (const p of ['a', 'b', 'c']) s.add(p, opts);
    s.activate('a');
    s.activate('c');
    s.remove('a');
    s.remove('b');
    expect(picks(s, 3)).toEqual(['c', 'c', 'c']);
    s.remove('c');
    expect(s.next()).toBeUndefined();
    expect(s.activeCount).toBe(0);
  });

  it('ignores duplicate activations and unknown pipes', () => {
    const s = new RoundRobinScheduler<string>();
    s.add('a', opts);
    s.activate('a');
    s.activate('a');
    s.activate('zzz');
    s.deactivate('zzz');
    s.remove('zzz');
    expect(s.activeCount).toBe(1);
  });
});
