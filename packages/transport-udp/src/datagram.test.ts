import { describe, expect, it } from 'vitest';
import { decodeDatagram, encodeDatagram, MAX_DATAGRAM } from './datagram.js';

const text = new TextEncoder();

describe('libzmq UDP datagram layout', () => {
  it('encodes group "wx", body "hi" as 02 77 78 68 69 and decodes it back', () => {
    const datagram = encodeDatagram(text.encode('wx'), text.encode('hi'))!;
    expect([...datagram]).toEqual([0x02, 0x77, 0x78, 0x68, 0x69]);
    const decoded = decodeDatagram(datagram);
    if (typeof decoded === 'string') throw new Error(`decoded as ${decoded}`);
    expect([...decoded.group]).toEqual([0x77, 0x78]);
    expect([...decoded.body]).toEqual([0x68, 0x69]);
  });

  it('names the fault of bad datagrams', () => {
    expect(decodeDatagram(new Uint8Array(0))).toBe('empty');
    expect(decodeDatagram(Uint8Array.of(3, 0x61, 0x62))).toBe('truncated');
    expect(decodeDatagram(new Uint8Array(MAX_DATAGRAM + 1))).toBe('oversize');
    expect(typeof decodeDatagram(Uint8Array.of(0))).toBe('object'); // empty group, empty body
  });

  it('refuses messages that do not fit one datagram', () => {
    expect(encodeDatagram(new Uint8Array(1), new Uint8Array(MAX_DATAGRAM - 2))).toBeDefined();
    expect(encodeDatagram(new Uint8Array(1), new Uint8Array(MAX_DATAGRAM - 1))).toBeUndefined();
  });
});
