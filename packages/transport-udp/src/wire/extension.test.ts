import { InvalidArgumentError } from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../congestion/simulated-link.js';
import type { CongestionMode } from '../congestion/controller.js';
import type { DeliveryMode } from '../options.js';
import {
  congestionFromId,
  congestionId,
  DATA_HEADER,
  DatagramType,
  decodeExtension,
  deliveryFromId,
  deliveryId,
  encodeData,
  encodeFeedback,
  encodeHello,
  encodeWelcome,
  FEEDBACK_HEADER,
  HANDSHAKE_SIZE,
  isExtension,
  stampData,
  writeDataHeader,
  type ExtensionDatagram,
  type ExtensionFault,
} from './extension.js';

const bytes = (...values: number[]) => new Uint8Array(values);
const magic = [0x20, 0x5a, 0x4d, 0x55];

function decoded(datagram: Uint8Array): ExtensionDatagram {
  const value = decodeExtension(datagram);
  if (typeof value === 'string') throw new Error(`decoded as ${value}`);
  return value;
}

// Written out by hand from PROTOCOL.md's tables.
const golden = {
  hello: bytes(...magic, 1, 1, 0x01, 0x02, 0x03, 0x04, 3, 2, 0x05, 0x78, 0, 0),
  helloDishChoice: bytes(...magic, 1, 1, 0, 0, 0, 0x2a, 2, 0, 0x00, 0x40, 0, 0),
  welcome: bytes(...magic, 1, 2, 0xde, 0xad, 0xbe, 0xef, 0, 1, 0x20, 0x00, 0, 0),
  data: bytes(
    ...magic, 1, 3, 0xca, 0xfe, 0xba, 0xbe,
    0xff, 0xff, 0xff, 0xfe, // seq
    0x00, 0x01, // index
    0x00, 0x03, // count
    0x11, 0x22, 0x33, 0x44, // send time
    0x00, 0x00, 0x0b, 0xb8, // rtt 3000 us
    0xaa, 0xbb,
  ),
  feedback: bytes(
    ...magic, 1, 4, 0, 0, 0, 1,
    0x01, 0x00, 0x00, 0x00, // echoed send time
    0x00, 0x00, 0x00, 0xfa, // delay 250 us
    0x80, 0x00, 0x00, 0x01, // greatest seq
    0x00, 0x00, 0x00, 0x0a, // received
    0x00, 0x00, 0x00, 0x02, // lost
    2, // ccid2
    1, 2, 3,
  ),
};

describe('extension datagrams: golden bytes', () => {
  it('HELLO', () => {
    const fields = { session: 0x01020304, congestion: 'tfrc', delivery: 'newest-only', segmentSize: 1400 } as const;
    expect(encodeHello(fields)).toEqual(golden.hello);
    expect(decodeExtension(golden.hello)).toEqual({ kind: 'hello', ...fields });
  });

  it("HELLO leaving delivery to the Dish's choice", () => {
    const fields = { session: 42, congestion: 'ccid2', segmentSize: 64 } as const;
    expect(encodeHello(fields)).toEqual(golden.helloDishChoice);
    const value = decoded(golden.helloDishChoice);
    expect(value).toEqual({ kind: 'hello', ...fields });
    expect('delivery' in value).toBe(false);
  });

  it('WELCOME', () => {
    const fields = { session: 0xdeadbeef, congestion: 'none', delivery: 'arrival', segmentSize: 8192 } as const;
    expect(encodeWelcome(fields)).toEqual(golden.welcome);
    expect(decodeExtension(golden.welcome)).toEqual({ kind: 'welcome', ...fields });
  });

  it('DATA, with its message sequence number across the wrap', () => {
    const header = { session: 0xcafebabe, seq: 0xfffffffe, index: 1, count: 3, sendTime: 0x11223344, rtt: 3000 };
    expect(encodeData(header, bytes(0xaa, 0xbb))).toEqual(golden.data);
    expect(encodeData(header, [bytes(0xaa), bytes(), bytes(0xbb)])).toEqual(golden.data);
    const value = decoded(golden.data);
    expect(value).toEqual({ kind: 'data', bundle: false, ...header, messageSeq: 0xfffffffd, payload: bytes(0xaa, 0xbb) });
  });

  it('FEEDBACK', () => {
    const fields = {
      session: 1,
      echoTime: 0x01000000,
      echoDelay: 250,
      greatestSeq: 0x80000001,
      received: 10,
      lost: 2,
      congestion: 'ccid2',
    } as const;
    expect(encodeFeedback(fields, bytes(1, 2, 3))).toEqual(golden.feedback);
    expect(decodeExtension(golden.feedback)).toEqual({ kind: 'feedback', ...fields, body: bytes(1, 2, 3) });
  });

  it('sizes match the protocol', () => {
    expect(golden.hello.length).toBe(HANDSHAKE_SIZE);
    expect(golden.data.length - 2).toBe(DATA_HEADER);
    expect(golden.feedback.length - 3).toBe(FEEDBACK_HEADER);
  });
});

describe('extension datagrams: decoding', () => {
  it('returns views into the datagram, not copies', () => {
    const data = decoded(golden.data);
    if (data.kind !== 'data') throw new Error(data.kind);
    expect(data.payload.buffer).toBe(golden.data.buffer);
    expect(data.payload.byteOffset).toBe(DATA_HEADER);
    const feedback = decoded(golden.feedback);
    if (feedback.kind !== 'feedback') throw new Error(feedback.kind);
    expect(feedback.body.buffer).toBe(golden.feedback.buffer);
  });

  it('reads the magic only', () => {
    expect(isExtension(golden.hello)).toBe(true);
    expect(isExtension(bytes(...magic))).toBe(true);
    expect(isExtension(bytes(0x20, 0x5a, 0x4d))).toBe(false);
    expect(isExtension(bytes(0x20, 0x5a, 0x4d, 0x56))).toBe(false);
    expect(isExtension(bytes(3, 0x61, 0x62, 0x63))).toBe(false); // a plain libzmq datagram
  });

  it('ignores reserved bytes and anything after a handshake', () => {
    const hello = new Uint8Array([...golden.hello, 9, 9, 9]);
    hello[14] = 0xff;
    hello[15] = 0x01;
    expect(decodeExtension(hello)).toEqual(decodeExtension(golden.hello));
  });

  it('accepts the smallest DATA (one payload byte) and an empty FEEDBACK body', () => {
    const data = golden.data.slice(0, DATA_HEADER + 1);
    expect(decoded(data)).toMatchObject({ kind: 'data', payload: bytes(0xaa) });
    expect(decoded(golden.feedback.slice(0, FEEDBACK_HEADER))).toMatchObject({ kind: 'feedback', body: bytes() });
  });

  const faults: [string, Uint8Array, ExtensionFault][] = [
    ['empty', bytes(), 'notExtension'],
    ['a plain libzmq datagram', bytes(1, 0x67, 0x68, 0x69), 'notExtension'],
    ['three magic bytes', bytes(0x20, 0x5a, 0x4d), 'notExtension'],
    ['a common header cut short', golden.hello.slice(0, 9), 'truncated'],
    ['a HELLO cut short', golden.hello.slice(0, 15), 'truncated'],
    ['a WELCOME cut short', golden.welcome.slice(0, 10), 'truncated'],
    ['a DATA header cut short', golden.data.slice(0, 25), 'truncated'],
    ['a FEEDBACK header cut short', golden.feedback.slice(0, 30), 'truncated'],
    ['version 0', patch(golden.hello, 4, 0), 'badVersion'],
    ['version 2', patch(golden.data, 4, 2), 'badVersion'],
    ['version 2, even when short', bytes(...magic, 2), 'truncated'],
    ['type 0', patch(golden.hello, 5, 0), 'badType'],
    ['type 6', patch(golden.hello, 5, 6), 'badType'],
    ['type 255', patch(golden.hello, 5, 255), 'badType'],
    ['fragment count 0', patch(patch(golden.data, 17, 0), 15, 0), 'badFragment'],
    ['fragment index equal to the count', patch(golden.data, 15, 3), 'badFragment'],
    ['fragment index above the count', patch(golden.data, 14, 1), 'badFragment'],
    ['DATA without payload', golden.data.slice(0, DATA_HEADER), 'badFragment'],
    ['HELLO asking congestion control 1', patch(golden.hello, 10, 1), 'badCongestion'],
    ['WELCOME with congestion control 4', patch(golden.welcome, 10, 4), 'badCongestion'],
    ['FEEDBACK body of congestion control 255', patch(golden.feedback, 30, 255), 'badCongestion'],
    ['HELLO asking delivery 3', patch(golden.hello, 11, 3), 'badDelivery'],
    ["WELCOME leaving delivery to the Dish's choice", patch(golden.welcome, 11, 0), 'badDelivery'],
    ['segment size 26', patch(patch(golden.hello, 12, 0), 13, 26), 'badSegmentSize'],
    ['segment size 0', patch(patch(golden.welcome, 12, 0), 13, 0), 'badSegmentSize'],
  ];
  for (const [what, datagram, fault] of faults) {
    it(`drops ${what} as ${fault}`, () => expect(decodeExtension(datagram)).toBe(fault));
  }

  it('accepts segment size 27, the smallest that carries a payload byte', () => {
    expect(decoded(patch(patch(golden.hello, 12, 0), 13, 27))).toMatchObject({ segmentSize: 27 });
  });
});

describe('extension datagrams: encoding', () => {
  it('maps congestion and delivery ids both ways', () => {
    const modes: [CongestionMode, number][] = [['none', 0], ['ccid2', 2], ['tfrc', 3]];
    for (const [mode, id] of modes) {
      expect(congestionId(mode)).toBe(id);
      expect(congestionFromId(id)).toBe(mode);
    }
    expect(congestionFromId(1)).toBeUndefined();
    expect(congestionFromId(4)).toBeUndefined();
    const deliveries: [DeliveryMode, number][] = [['arrival', 1], ['newest-only', 2]];
    for (const [mode, id] of deliveries) {
      expect(deliveryId(mode)).toBe(id);
      expect(deliveryFromId(id)).toBe(mode);
    }
    expect(deliveryFromId(0)).toBeUndefined();
    expect(deliveryFromId(3)).toBeUndefined();
  });

  it('wraps 32-bit fields, as they wrap on the wire', () => {
    const header = { session: 2 ** 32 + 5, seq: -1, index: 0, count: 1, sendTime: 2 ** 32 + 7, rtt: 0 };
    expect(decoded(encodeData(header, bytes(0)))).toMatchObject({ session: 5, seq: 0xffffffff, sendTime: 7 });
  });

  it('stampData rewrites sequence number, send time and RTT only', () => {
    const datagram = encodeData({ session: 9, seq: 0, index: 2, count: 5, sendTime: 0, rtt: 0 }, bytes(1, 2, 3));
    stampData(datagram, 0x01020304, 0xfffffff0, 12_345);
    expect(decoded(datagram)).toEqual({
      kind: 'data',
      bundle: false,
      session: 9,
      seq: 0x01020304,
      index: 2,
      count: 5,
      sendTime: 0xfffffff0,
      rtt: 12_345,
      messageSeq: 0x01020302,
      payload: bytes(1, 2, 3),
    });
  });

  it('writeDataHeader fills the front of a caller-provided buffer', () => {
    const datagram = new Uint8Array(DATA_HEADER + 2);
    datagram.set([0xaa, 0xbb], DATA_HEADER);
    writeDataHeader(datagram, { session: 0xcafebabe, seq: 0xfffffffe, index: 1, count: 3, sendTime: 0x11223344, rtt: 3000 });
    expect(datagram).toEqual(golden.data);
  });

  const badArguments: [string, () => unknown][] = [
    ['a segment size of 26', () => encodeHello({ session: 1, congestion: 'none', segmentSize: 26 })],
    ['a segment size of 65536', () => encodeWelcome({ session: 1, congestion: 'none', delivery: 'arrival', segmentSize: 65536 })],
    ['a fractional segment size', () => encodeHello({ session: 1, congestion: 'none', segmentSize: 100.5 })],
    ['an unknown congestion mode', () => encodeHello({ session: 1, congestion: 'cubic' as CongestionMode, segmentSize: 100 })],
    ['an inherited property as congestion mode', () => congestionId('toString' as CongestionMode)],
    ['an unknown delivery mode', () => encodeWelcome({ session: 1, congestion: 'none', delivery: 'fifo' as DeliveryMode, segmentSize: 100 })],
    ['an unknown FEEDBACK congestion mode', () => encodeFeedback({ session: 1, echoTime: 0, echoDelay: 0, greatestSeq: 0, received: 0, lost: 0, congestion: 'x' as CongestionMode }, bytes())],
    ['fragment count 0', () => encodeData({ session: 1, seq: 0, index: 0, count: 0, sendTime: 0, rtt: 0 }, bytes(1))],
    ['fragment count 65536', () => encodeData({ session: 1, seq: 0, index: 0, count: 65536, sendTime: 0, rtt: 0 }, bytes(1))],
    ['fragment index = count', () => encodeData({ session: 1, seq: 0, index: 2, count: 2, sendTime: 0, rtt: 0 }, bytes(1))],
    ['a negative fragment index', () => encodeData({ session: 1, seq: 0, index: -1, count: 2, sendTime: 0, rtt: 0 }, bytes(1))],
    ['a buffer too small for the header', () => writeDataHeader(new Uint8Array(25), { session: 1, seq: 0, index: 0, count: 1, sendTime: 0, rtt: 0 })],
  ];
  for (const [what, call] of badArguments) {
    it(`throws InvalidArgumentError for ${what}`, () => expect(call).toThrow(InvalidArgumentError));
  }
});

describe('extension datagrams: decoding any bytes', () => {
  const faultSet = new Set<string>(['notExtension', 'truncated', 'badVersion', 'badType', 'badFragment', 'badCongestion', 'badDelivery', 'badSegmentSize']);
  const isU32 = (n: number) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff;

  /** Checks a decoded value is well formed by re-encoding it: the same bytes must come out. */
  function wellFormed(datagram: Uint8Array, value: ExtensionDatagram): void {
    expect(isU32(value.session)).toBe(true);
    switch (value.kind) {
      case 'hello':
      case 'welcome': {
        const expected = datagram.slice(0, HANDSHAKE_SIZE);
        expected.fill(0, 14); // reserved
        expect(value.kind === 'hello' ? encodeHello(value) : encodeWelcome(value)).toEqual(expected);
        break;
      }
      case 'data':
        expect(value.index).toBeLessThan(value.count);
        expect(value.payload.length).toBeGreaterThan(0);
        expect(value.messageSeq).toBe((value.seq - value.index) >>> 0);
        expect(encodeData(value, value.payload, value.bundle ? DatagramType.bundle : DatagramType.data)).toEqual(datagram);
        break;
      case 'feedback':
        expect(encodeFeedback(value, value.body)).toEqual(datagram);
        break;
      default:
        throw new Error(`unknown kind ${(value as { kind: string }).kind}`);
    }
  }

  it('never throws, and returns a fault or a value that re-encodes to the same bytes', () => {
    const random = seededRandom(0x5eed);
    const seeds = Object.values(golden);
    const kinds = new Map<string, number>();
    for (let round = 0; round < 60_000; round++) {
      const datagram = candidate(random, seeds);
      let value: ExtensionDatagram | ExtensionFault;
      try {
        value = decodeExtension(datagram);
      } catch (error) {
        throw new Error(`threw on ${Array.from(datagram).join(',')}: ${String(error)}`);
      }
      const kind = typeof value === 'string' ? value : value.kind;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      if (typeof value === 'string') expect(faultSet.has(value)).toBe(true);
      else wellFormed(datagram, value);
    }
    // The generator reached every outcome, so the checks above were exercised.
    for (const kind of [...faultSet, 'hello', 'welcome', 'data', 'feedback']) expect(kinds.get(kind) ?? 0).toBeGreaterThan(0);
  });
});

function patch(datagram: Uint8Array, offset: number, value: number): Uint8Array {
  const copy = datagram.slice();
  copy[offset] = value;
  return copy;
}

/** Random bytes, magic plus random bytes, or a golden datagram mutated, cut or extended. */
function candidate(random: () => number, seeds: Uint8Array[]): Uint8Array {
  const pick = random();
  const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
  if (pick < 0.15) return randomBytes(Math.floor(random() * 64));
  if (pick < 0.4) {
    const datagram = randomBytes(4 + Math.floor(random() * 48));
    datagram.set(magic);
    if (random() < 0.8) datagram[4] = 1;
    if (datagram.length > 5 && random() < 0.8) datagram[5] = 1 + Math.floor(random() * 5);
    return datagram;
  }
  const seed = seeds[Math.floor(random() * seeds.length)];
  let datagram = seed.slice(0, Math.floor(random() * (seed.length + 8)));
  if (datagram.length < seed.length && random() < 0.5) datagram = seed.slice();
  if (random() < 0.3) datagram = new Uint8Array([...datagram, ...randomBytes(Math.floor(random() * 8))]);
  const flips = Math.floor(random() * 3);
  for (let i = 0; i < flips && datagram.length > 0; i++) {
    datagram[Math.floor(random() * datagram.length)] = Math.floor(random() * 256);
  }
  return datagram;
}
