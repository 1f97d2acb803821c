import { InvalidArgumentError } from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { encodeDatagram } from '../datagram.js';
import { DATA_HEADER, decodeExtension, type DataDatagram } from './extension.js';
import { encodeFragments, fragmentCount, fragmentPayloadSize, messageSize, splitMessage } from './fragments.js';

const text = (s: string) => new TextEncoder().encode(s);
const stamp = { session: 0x0a0b0c0d, seq: 100, sendTime: 5, rtt: 7 };

function decodeAll(datagrams: Uint8Array[]): DataDatagram[] {
  return datagrams.map((datagram) => {
    const value = decodeExtension(datagram);
    if (typeof value === 'string' || value.kind !== 'data') throw new Error(`decoded as ${String(value)}`);
    return value;
  });
}

function concat(parts: Uint8Array[]): Uint8Array {
  const whole = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    whole.set(part, offset);
    offset += part.length;
  }
  return whole;
}

describe('fragments', () => {
  it('sizes', () => {
    expect(fragmentPayloadSize(1400)).toBe(1374);
    expect(fragmentPayloadSize(27)).toBe(1);
    expect(messageSize(text('ab'), text('xyz'))).toBe(6);
    expect(fragmentCount(1, 1400)).toBe(1);
    expect(fragmentCount(1374, 1400)).toBe(1);
    expect(fragmentCount(1375, 1400)).toBe(2);
    expect(() => fragmentPayloadSize(26)).toThrow(InvalidArgumentError);
    expect(() => fragmentPayloadSize(65536)).toThrow(InvalidArgumentError);
  });

  it("a small message is one DATA datagram: header, then libzmq's own datagram", () => {
    const group = text('g1');
    const body = text('hello');
    const [datagram, ...rest] = encodeFragments(group, body, 1400, stamp);
    expect(rest).toEqual([]);
    expect(datagram.subarray(DATA_HEADER)).toEqual(encodeDatagram(group, body));
    expect(decodeAll([datagram])[0]).toMatchObject({ ...stamp, index: 0, count: 1, messageSeq: 100 });
  });

  it('an empty group and body still carry the length byte', () => {
    const [datagram] = encodeFragments(new Uint8Array(0), new Uint8Array(0), 64, stamp);
    expect(datagram.length).toBe(DATA_HEADER + 1);
    expect(datagram[DATA_HEADER]).toBe(0);
  });

  it('a large message takes consecutive sequence numbers across the wrap, sharing one message number', () => {
    const group = text('abc');
    const body = text('0123456789');
    const datagrams = encodeFragments(group, body, DATA_HEADER + 4, { ...stamp, seq: 0xfffffffe });
    const fragments = decodeAll(datagrams);
    expect(fragments.map((f) => f.payload.length)).toEqual([4, 4, 4, 2]);
    expect(fragments.map((f) => f.seq)).toEqual([0xfffffffe, 0xffffffff, 0, 1]);
    expect(fragments.map((f) => f.index)).toEqual([0, 1, 2, 3]);
    expect(new Set(fragments.map((f) => f.count))).toEqual(new Set([4]));
    expect(new Set(fragments.map((f) => f.messageSeq))).toEqual(new Set([0xfffffffe]));
    expect(concat(fragments.map((f) => f.payload))).toEqual(encodeDatagram(group, body));
  });

  it('every split of small messages joins back to the libzmq layout', () => {
    for (let groupLength = 0; groupLength <= 5; groupLength++) {
      for (let bodyLength = 0; bodyLength <= 12; bodyLength++) {
        const group = Uint8Array.from({ length: groupLength }, (_, i) => 0x41 + i);
        const body = Uint8Array.from({ length: bodyLength }, (_, i) => 0x61 + i);
        for (let segmentSize = DATA_HEADER + 1; segmentSize <= DATA_HEADER + 6; segmentSize++) {
          const fragments = decodeAll(encodeFragments(group, body, segmentSize, stamp));
          const payloadSize = fragmentPayloadSize(segmentSize);
          expect(fragments.length).toBe(fragmentCount(messageSize(group, body), segmentSize));
          for (const fragment of fragments) {
            expect(fragment.payload.length).toBeGreaterThan(0);
            expect(fragment.payload.length).toBeLessThanOrEqual(payloadSize);
          }
          expect(concat(fragments.map((f) => f.payload))).toEqual(encodeDatagram(group, body));
        }
      }
    }
  });

  it('each fragment is its own buffer, and the source is not kept', () => {
    const body = new Uint8Array(3000).fill(7);
    const datagrams = encodeFragments(text('g'), body, 1400, stamp);
    expect(datagrams).toHaveLength(3);
    expect(new Set(datagrams.map((d) => d.buffer)).size).toBe(3);
    body.fill(0);
    expect(decodeAll(datagrams)[1].payload.every((byte) => byte === 7)).toBe(true);
  });

  it('refuses a group over 255 bytes and a message needing over 65535 fragments', () => {
    expect(() => encodeFragments(new Uint8Array(256), new Uint8Array(0), 1400, stamp)).toThrow(InvalidArgumentError);
    // 1 byte per fragment: 1 + 0 + 65534 bytes fit exactly, one more does not.
    expect(encodeFragments(new Uint8Array(0), new Uint8Array(65534), DATA_HEADER + 1, stamp)).toHaveLength(65535);
    expect(() => encodeFragments(new Uint8Array(0), new Uint8Array(65535), DATA_HEADER + 1, stamp)).toThrow(/65535/);
  });

  it('splitMessage reads a whole message back, or says why it cannot', () => {
    const whole = encodeDatagram(text('grp'), text('body'))!;
    const split = splitMessage(whole);
    if (typeof split === 'string') throw new Error(split);
    expect(split.group).toEqual(text('grp'));
    expect(split.body).toEqual(text('body'));
    expect(split.body.buffer).toBe(whole.buffer);
    // No 8192-byte limit here: reassembled messages may be larger than one datagram.
    const big = new Uint8Array(20_000);
    big[0] = 1;
    expect(splitMessage(big)).toMatchObject({ group: new Uint8Array(1) });
    expect(splitMessage(new Uint8Array(0))).toBe('empty');
    expect(splitMessage(new Uint8Array([5, 1, 2]))).toBe('truncated');
  });
});
