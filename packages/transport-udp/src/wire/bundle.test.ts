import { describe, expect, it } from 'vitest';
import { BUNDLE_HEADER, bundledSize, encodeBundle, splitBundle } from './bundle.js';
import { decodeExtension } from './extension.js';

const text = new TextEncoder();
const message = (group: string, body: string) => [text.encode(group), text.encode(body)];

describe('BUNDLE datagrams', () => {
  it('carry several messages in libzmq layout behind a DATA-like header (type 5)', () => {
    const messages = [message('wx', 'hi'), message('', 'x')];
    const datagram = encodeBundle({ session: 1, seq: 9, index: 0, count: 1, sendTime: 0, rtt: 0 }, messages);
    expect(datagram[5]).toBe(5);
    expect(datagram.length).toBe(BUNDLE_HEADER + bundledSize(messages[0][0], messages[0][1]) + bundledSize(messages[1][0], messages[1][1]));
    expect([...datagram.subarray(BUNDLE_HEADER)]).toEqual([0, 5, 2, 0x77, 0x78, 0x68, 0x69, 0, 2, 0, 0x78]);
    const decoded = decodeExtension(datagram);
    if (typeof decoded === 'string' || decoded.kind !== 'data') throw new Error(`decoded as ${String(decoded)}`);
    expect(decoded.bundle).toBe(true);
    expect(splitBundle(decoded.payload)!.map((m) => [...m])).toEqual([
      [2, 0x77, 0x78, 0x68, 0x69],
      [0, 0x78],
    ]);
  });

  it('refuses payloads whose lengths do not add up, and bundles that claim fragments', () => {
    expect(splitBundle(Uint8Array.of(0))).toBeUndefined();
    expect(splitBundle(Uint8Array.of(0, 3, 1, 2))).toBeUndefined();
    expect(splitBundle(Uint8Array.of(0, 0))).toBeUndefined();
    const datagram = encodeBundle({ session: 1, seq: 9, index: 0, count: 1, sendTime: 0, rtt: 0 }, [message('a', 'b')]);
    datagram[17] = 2; // fragment count 2
    expect(decodeExtension(datagram)).toBe('badFragment');
  });
});
