import { describe, expect, it } from 'vitest';
import { AckVector, decodeAckVector, forEachReceivedRun } from './ack-vector.js';
import { SeededRandom } from './simulated-link.js';

function receivedSeqs(body: Uint8Array): number[] {
  const view = decodeAckVector(body);
  if (view === undefined) throw new Error('malformed');
  const seqs: number[] = [];
  forEachReceivedRun(view, (first, count) => {
    for (let i = 0; i < count; i++) seqs.push((first + i) >>> 0);
  });
  return seqs.sort((a, b) => a - b);
}

describe('AckVector', () => {
  it('encodes one run for consecutive packets', () => {
    const vector = new AckVector();
    for (let s = 1; s <= 10; s++) expect(vector.record(s)).toBe('new');
    const body = vector.encode();
    expect([...body]).toEqual([0, 0, 0, 10, 0x09]);
  });

  it('encodes gaps as not-received runs, newest first', () => {
    const vector = new AckVector();
    for (const s of [1, 2, 3, 5, 6]) vector.record(s);
    expect([...vector.encode()]).toEqual([0, 0, 0, 6, 0x01, 0xc0, 0x02]);
    expect(receivedSeqs(vector.encode())).toEqual([1, 2, 3, 5, 6]);
  });

  it('fills a gap when the late packet arrives, and spots duplicates and too-old packets', () => {
    const vector = new AckVector(64);
    for (const s of [100, 102]) vector.record(s);
    expect(vector.record(101)).toBe('new');
    expect(vector.record(101)).toBe('duplicate');
    expect(receivedSeqs(vector.encode())).toEqual([100, 101, 102]);
    vector.record(200);
    expect(vector.record(136)).toBe('too-old'); // 64 behind 200
    expect(vector.record(137)).toBe('new');
  });

  it('stays bounded: covers at most `coverage` sequence numbers', () => {
    const vector = new AckVector(1024);
    for (let s = 0; s < 5000; s++) vector.record(s);
    const body = vector.encode();
    expect(body.length).toBe(4 + 1024 / 64);
    const seqs = receivedSeqs(body);
    expect(seqs[0]).toBe(5000 - 1024);
    expect(seqs.at(-1)).toBe(4999);
    // Worst case, every other packet lost: one byte per sequence number.
    const sparse = new AckVector(1024);
    for (let s = 0; s < 5000; s += 2) sparse.record(s);
    expect(sparse.encode().length).toBe(4 + 1024);
  });

  it('forgets everything older after a jump beyond coverage', () => {
    const vector = new AckVector(64);
    for (let s = 0; s < 10; s++) vector.record(s);
    vector.record(1000);
    expect(receivedSeqs(vector.encode())).toEqual([1000]);
  });

  it('works across the 32-bit wrap', () => {
    const vector = new AckVector();
    for (const s of [0xfffffffe, 0xffffffff, 0, 1]) vector.record(s);
    expect([...vector.encode()]).toEqual([0, 0, 0, 1, 0x03]);
    expect(receivedSeqs(vector.encode())).toEqual([0, 1, 0xfffffffe, 0xffffffff]);
  });

  it('encodes nothing before the first packet', () => {
    expect(new AckVector().encode().length).toBe(0);
  });

  it('rejects bad coverage settings', () => {
    expect(() => new AckVector(100)).toThrow(RangeError);
    expect(() => new AckVector(8192)).toThrow(/power of two/);
  });
});

describe('decodeAckVector', () => {
  it('rejects bodies that are too short, use states 1 or 2, or cover too much', () => {
    expect(decodeAckVector(new Uint8Array([0, 0, 0, 1]))).toBeUndefined();
    expect(decodeAckVector(new Uint8Array([0, 0, 0, 1, 0x40]))).toBeUndefined();
    expect(decodeAckVector(new Uint8Array([0, 0, 0, 1, 0x80]))).toBeUndefined();
    expect(decodeAckVector(new Uint8Array([0, 0, 0, 1, ...new Array(65).fill(0x3f)]))).toBeUndefined();
    expect(decodeAckVector(new Uint8Array([0, 0, 0, 1, ...new Array(64).fill(0x3f)]))).toBeDefined();
  });

  it('reads a body inside a larger buffer', () => {
    const datagram = new Uint8Array([9, 9, 0, 0, 0, 7, 0x01, 9]);
    expect(receivedSeqs(datagram.subarray(2, 7))).toEqual([6, 7]);
  });

  it('never throws on random bytes', () => {
    const random = new SeededRandom(7);
    for (let i = 0; i < 2000; i++) {
      const body = new Uint8Array(Math.floor(random.next() * 40));
      for (let j = 0; j < body.length; j++) body[j] = Math.floor(random.next() * 256);
      const view = decodeAckVector(body);
      if (view !== undefined) forEachReceivedRun(view, () => {});
    }
  });
});
