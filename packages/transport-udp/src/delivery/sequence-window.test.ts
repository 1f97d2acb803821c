import { InvalidArgumentError } from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { seqAdd } from '../wire/serial.js';
import { SequenceWindow } from './sequence-window.js';

describe('sequence window', () => {
  it('opens on the first number, whatever it is', () => {
    const window = new SequenceWindow();
    expect(window.greatest).toBeUndefined();
    expect(window.accept(0xabcdef01)).toBe(true);
    expect(window.greatest).toBe(0xabcdef01);
  });

  it('accepts 4096 behind to 12288 ahead of the greatest, by default', () => {
    const window = new SequenceWindow();
    window.accept(100);
    expect(window.accept(seqAdd(100, -4097))).toBe(false);
    expect(window.accept(seqAdd(100, -4096))).toBe(true); // wraps below 0, still valid
    expect(window.accept(100)).toBe(true); // a duplicate is the delivery's business
    expect(window.accept(100 + 12289)).toBe(false);
    expect(window.greatest).toBe(100);
    expect(window.invalid).toBe(2);
    expect(window.accept(100 + 12288)).toBe(true);
    expect(window.greatest).toBe(100 + 12288);
    // The window moved: what was at its front is now far behind.
    expect(window.accept(100)).toBe(false);
    expect(window.accept(100 + 12288 - 4096)).toBe(true);
    expect(window.greatest).toBe(100 + 12288);
  });

  it('slides across the wrap', () => {
    const window = new SequenceWindow();
    window.accept(0xffffff00);
    expect(window.accept(0x100)).toBe(true);
    expect(window.greatest).toBe(0x100);
    expect(window.accept(0xfffffff0)).toBe(true);
    expect(window.greatest).toBe(0x100);
    expect(window.accept(0x7fffffff)).toBe(false);
  });

  it('follows a sender all the way round the number space', () => {
    const window = new SequenceWindow();
    let seq = 0xfffff000;
    window.accept(seq);
    let steps = 0;
    let refused = 0;
    for (let travelled = 0; travelled < 2 ** 32 + 20_000; travelled += 12_288) {
      seq = seqAdd(seq, 12_288);
      if (!window.accept(seq)) refused++;
      steps++;
    }
    expect(refused).toBe(0);
    expect(window.greatest).toBe(seq);
    expect(window.invalid).toBe(0);
    expect(steps).toBeGreaterThan(2 ** 32 / 12_288);
  });

  it('takes other sizes', () => {
    const window = new SequenceWindow({ behind: 2, ahead: 3 });
    window.accept(10);
    expect([7, 8, 14, 13].map((seq) => window.accept(seq))).toEqual([false, true, false, true]);
    expect(window.greatest).toBe(13);
  });

  it('rejects bad options with the fix in the message', () => {
    expect(() => new SequenceWindow({ behind: -1 })).toThrow(InvalidArgumentError);
    expect(() => new SequenceWindow({ ahead: 0 })).toThrow(InvalidArgumentError);
    expect(() => new SequenceWindow({ ahead: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => new SequenceWindow({ behind: 2 ** 30, ahead: 2 ** 30 })).toThrow(/2\^31/);
    expect(() => new SequenceWindow({ resyncAfter: -1 })).toThrow(InvalidArgumentError);
  });

  it('as PROTOCOL.md v1 says, never recovers from a gap wider than its front', () => {
    const window = new SequenceWindow();
    window.accept(0);
    let accepted = 0;
    for (let seq = 20_000; seq < 21_000; seq++) if (window.accept(seq)) accepted++;
    expect(accepted).toBe(0);
    expect(window.invalid).toBe(1000);
  });

  it('with resyncAfter, moves to numbers beyond its front once enough agree', () => {
    const window = new SequenceWindow({ resyncAfter: 3 });
    window.accept(0);
    expect(window.accept(20_002)).toBe(false);
    expect(window.accept(20_000)).toBe(false);
    expect(window.accept(20_001)).toBe(true);
    expect(window.greatest).toBe(20_002); // the greatest of the run
    expect(window.resyncs).toBe(1);
    expect(window.invalid).toBe(2);
    expect(window.accept(20_003)).toBe(true);
  });

  it('with resyncAfter, is not moved by scattered numbers, nor by any valid one in between', () => {
    const window = new SequenceWindow({ resyncAfter: 3 });
    window.accept(0);
    for (let i = 0; i < 100; i++) {
      expect(window.accept(i % 2 === 0 ? 50_000 : 2 ** 30)).toBe(false);
    }
    expect(window.accept(50_000)).toBe(false);
    expect(window.accept(50_001)).toBe(false);
    expect(window.accept(1)).toBe(true); // a valid number breaks the run
    expect(window.accept(50_002)).toBe(false);
    expect(window.greatest).toBe(1);
    expect(window.resyncs).toBe(0);
  });
});
