import { describe, expect, it } from 'vitest';
import { LossHistory, meanLossInterval } from './loss-history.js';

describe('meanLossInterval (RFC 5348 5.4)', () => {
  it('is undefined before any loss event', () => {
    expect(meanLossInterval(500, [])).toBeUndefined();
  });

  it('weighs the 8 newest closed intervals 1,1,1,1,0.8,0.6,0.4,0.2 and ignores older ones', () => {
    const closed = [10, 20, 30, 40, 50, 60, 70, 80, 9999];
    // (10 + 20 + 30 + 40 + 0.8*50 + 0.6*60 + 0.4*70 + 0.2*80) / 6
    expect(meanLossInterval(1, closed)).toBeCloseTo(220 / 6, 10);
  });

  it('counts the open interval only when it raises the mean', () => {
    const closed = new Array(8).fill(100);
    expect(meanLossInterval(10, closed)).toBeCloseTo(100, 10);
    // (1000 + 100 * (1+1+1+0.8+0.6+0.4+0.2)) / 6 = 250
    expect(meanLossInterval(1000, closed)).toBeCloseTo(250, 10);
  });

  it('uses the weights of the intervals there are when fewer than 8', () => {
    expect(meanLossInterval(5, [40])).toBe(40);
    expect(meanLossInterval(70, [40])).toBe(70);
    expect(meanLossInterval(5, [40, 20])).toBe(30);
    expect(meanLossInterval(100, [40, 20])).toBe(70); // (100 + 40) / 2
  });
});

/** Feeds `seqs` one per millisecond from `start`; returns the seqs whose arrival revealed a new loss event. */
function feed(history: LossHistory, seqs: number[], start = 0, rttMs = 100): number[] {
  const revealed: number[] = [];
  seqs.forEach((seq, i) => {
    if (history.onPacket(seq, start + i, rttMs)) revealed.push(seq);
  });
  return revealed;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('LossHistory', () => {
  it('reports no loss for packets in order', () => {
    const history = new LossHistory(() => 1000);
    expect(feed(history, range(0, 999))).toEqual([]);
    expect(history.lossEventRate()).toBe(0);
    expect(history.lostPackets).toBe(0);
  });

  it('declares a packet lost once 3 later packets arrived, and seeds the first interval', () => {
    const history = new LossHistory(() => 1000);
    expect(feed(history, [...range(0, 9), 11, 12])).toEqual([]);
    expect(history.lostPackets).toBe(0);
    expect(history.onPacket(13, 20, 100)).toBe(true);
    expect(history.lostPackets).toBe(1);
    expect(history.lossEvents).toBe(1);
    expect(history.lossEventRate()).toBeCloseTo(1 / 1000, 10); // the synthetic interval dominates
  });

  it('lets a reordered packet fill its hole before 3 later ones arrive', () => {
    const history = new LossHistory(() => 1000);
    expect(feed(history, [0, 1, 3, 4, 2, 5, 6, 7])).toEqual([]);
    expect(history.lostPackets).toBe(0);
    // Too late: 9 was declared lost when 12 arrived; its arrival now changes nothing.
    expect(feed(history, [8, 10, 11, 12, 9, 13])).toEqual([12]);
    expect(history.lostPackets).toBe(1);
  });

  it('groups losses within one RTT into one loss event', () => {
    const history = new LossHistory(() => 1000);
    // One packet per ms, RTT 100: losses at 50 and 80 fall in one RTT, the one at 300 does not.
    const seqs = range(0, 400).filter((s) => s !== 50 && s !== 80 && s !== 300);
    expect(feed(history, seqs)).toEqual([53, 303]);
    expect(history.lostPackets).toBe(3);
    expect(history.lossEvents).toBe(2);
  });

  it('measures intervals between loss events: p tends to 1/interval', () => {
    const history = new LossHistory(() => 1000);
    // Lose every 50th packet, one packet per ms, RTT 10 ms: each loss its own event.
    const seqs = range(0, 5000).filter((s) => s % 50 !== 25);
    feed(history, seqs, 0, 10);
    expect(history.lossEvents).toBe(100);
    expect(1 / history.lossEventRate()).toBeCloseTo(50, 0);
  });

  it('raises the mean through the open interval once losses stop', () => {
    const history = new LossHistory(() => 50);
    const lossy = range(0, 2000).filter((s) => s % 50 !== 25);
    feed(history, lossy, 0, 10);
    const during = history.lossEventRate();
    feed(history, range(2001, 6000), 3000, 10);
    expect(history.lossEventRate()).toBeLessThan(during / 4);
  });

  it('ignores duplicates', () => {
    const history = new LossHistory(() => 1000);
    feed(history, [0, 1, 1, 1, 1, 2, 2]);
    expect(history.lostPackets).toBe(0);
  });

  it('takes a jump far ahead as one loss event, without walking the gap', () => {
    const history = new LossHistory(() => 1000);
    feed(history, range(0, 9));
    expect(history.onPacket(1_000_010, 20, 100)).toBe(true);
    expect(history.lostPackets).toBe(1_000_000);
    expect(history.lossEvents).toBe(1);
    expect(feed(history, range(1_000_011, 1_000_100), 21)).toEqual([]);
  });

  it('forces a decision on holes that fall out of its window', () => {
    const history = new LossHistory(() => 1000);
    feed(history, [0, 1, 2, 1000]); // 3..999 undecided: only one packet after them
    expect(history.lostPackets).toBe(0);
    history.onPacket(1030, 1, 100); // the window (1024) moves past 3..6
    expect(history.lostPackets).toBeGreaterThanOrEqual(4);
    history.onPacket(1031, 2, 100);
    history.onPacket(1032, 3, 100);
    expect(history.lostPackets).toBe(1000 - 3 + 1029 - 1000);
  });

  it('works across the 32-bit wrap', () => {
    const history = new LossHistory(() => 1000);
    const seqs = range(0, 20).map((i) => (0xfffffff0 + i) >>> 0).filter((s) => s !== 0xffffffff);
    expect(feed(history, seqs)).toEqual([2]);
    expect(history.lostPackets).toBe(1);
  });
});
