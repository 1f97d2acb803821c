import { describe, expect, it } from 'vitest';
import { Subscriptions } from './subscriptions.js';

const b = (s: string) => new TextEncoder().encode(s);

function matched(subs: Subscriptions<string>, topic: string): string[] {
  const out: string[] = [];
  subs.match(b(topic), (o) => out.push(o));
  return out.sort();
}

describe('Subscriptions', () => {
  it('matches by prefix, empty prefix matches everything', () => {
    const s = new Subscriptions<string>();
    s.add(b('A'), 'p1');
    s.add(b(''), 'p2');
    s.add(b('AB'), 'p3');
    expect(matched(s, 'ABC')).toEqual(['p1', 'p2', 'p3']);
    expect(matched(s, 'A')).toEqual(['p1', 'p2']);
    expect(matched(s, 'X')).toEqual(['p2']);
  });

  it('visits each owner once even with several matching prefixes', () => {
    const s = new Subscriptions<string>();
    s.add(b('A'), 'p1');
    s.add(b('AB'), 'p1');
    expect(matched(s, 'ABC')).toEqual(['p1']);
  });

  it('counts subscriptions: two subscribes need two cancels', () => {
    const s = new Subscriptions<string>();
    expect(s.add(b('A'), 'p')).toBe(true);
    expect(s.add(b('A'), 'p')).toBe(false);
    expect(s.remove(b('A'), 'p')).toBe(false);
    expect(s.matches(b('A'))).toBe(true);
    expect(s.remove(b('A'), 'p')).toBe(true);
    expect(s.matches(b('A'))).toBe(false);
  });

  it('removes all of an owner and reports prefixes nobody holds', () => {
    const s = new Subscriptions<string>();
    s.add(b('A'), 'p1');
    s.add(b('B'), 'p1');
    s.add(b('B'), 'p2');
    const gone = s.removeOwner('p1').map((x) => new TextDecoder().decode(x));
    expect(gone).toEqual(['A']);
    expect(matched(s, 'B')).toEqual(['p2']);
  });

  it('handles binary topics with any byte values', () => {
    const s = new Subscriptions<string>();
    s.add(new Uint8Array([0, 255, 128]), 'p');
    expect(s.matches(new Uint8Array([0, 255, 128, 7]))).toBe(true);
    expect(s.matches(new Uint8Array([0, 255]))).toBe(false);
    expect(s.prefixes()).toEqual([new Uint8Array([0, 255, 128])]);
  });
});
