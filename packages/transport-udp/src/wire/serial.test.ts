import { describe, expect, it } from 'vitest';
import { seqAdd, seqAfter, seqDiff } from './serial.js';

describe('serial-number arithmetic', () => {
  it('wraps and compares across the wrap', () => {
    expect(seqAdd(0xffffffff, 1)).toBe(0);
    expect(seqAdd(0xfffffffe, 5)).toBe(3);
    expect(seqDiff(3, 0xfffffffe)).toBe(5);
    expect(seqDiff(0xfffffffe, 3)).toBe(-5);
    expect(seqAfter(0, 0xffffffff)).toBe(true);
    expect(seqAfter(0xffffffff, 0)).toBe(false);
    expect(seqAfter(7, 7)).toBe(false);
  });
});
