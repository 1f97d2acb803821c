/**
 * Raw-socket checks with node:net against our bound sockets. They pin the bytes on the
 * wire to what libzmq 4.3 sends (notes §0, §1.1, §1.4, §1.7), so a raw peer, not just
 * a cooperative libzmq, sees the right thing.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Subscribing,
  bindFresh,
  Cleanup,
  openSocket,
  patternBytes,
  receiveWithin,
  sendWithin,
  texts,
  transports,
  WAIT_MS,
  within,
} from './helpers.js';

/** A raw stream to an endpoint, read in exact byte counts. */
class RawPeer {
  private buffered = Buffer.alloc(0);
  private wake: (() => void) | undefined;
  private ended = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.wake?.();
    });
    socket.on('close', () => {
      this.ended = true;
      this.wake?.();
    });
    socket.on('error', () => undefined); // surfaces as 'close'; the reads then fail with context
  }

  static async open(endpoint: string): Promise<RawPeer> {
    const url = new URL(endpoint);
    const socket =
      url.protocol === 'ipc:'
        ? connect({ path: endpoint.slice('ipc://'.length) })
        : connect({ host: url.hostname, port: Number(url.port) });
    const connected = new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    await within(connected, `raw connect to ${endpoint}`);
    return new RawPeer(socket);
  }

  /** Resolves with exactly `count` bytes, or fails after `ms` saying what was awaited. */
  read(count: number, what: string, ms = WAIT_MS): Promise<Buffer> {
    const take = async () => {
      while (this.buffered.length < count) {
        if (this.ended) throw new Error(`connection closed before ${what} (${this.buffered.length}/${count} bytes)`);
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
      const bytes = this.buffered.subarray(0, count);
      this.buffered = this.buffered.subarray(count);
      return bytes;
    };
    return within(take(), `${what} (${count} bytes)`, ms);
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  close(): void {
    this.socket.destroy();
  }
}

const ascii = (s: string) => Buffer.from(s, 'latin1');

/** A NULL greeting as libzmq 4.3 sends it, with the given minor version. */
function nullGreeting(minor: 0 | 1): Buffer {
  const greeting = Buffer.alloc(64);
  greeting[0] = 0xff;
  greeting[8] = 0x01; // libzmq's padding: routing-id size + 1
  greeting[9] = 0x7f;
  greeting[10] = 0x03;
  greeting[11] = minor;
  ascii('NULL').copy(greeting, 12);
  return greeting;
}

/** A NULL READY command carrying Socket-Type (and Identity when given). */
function ready(socketType: string, identity?: string): Buffer {
  const property = (name: string, value: string) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(value.length);
    return Buffer.concat([Buffer.from([name.length]), ascii(name), length, ascii(value)]);
  };
  const body = Buffer.concat([
    Buffer.from([5]),
    ascii('READY'),
    property('Socket-Type', socketType),
    ...(identity === undefined ? [] : [property('Identity', identity)]),
  ]);
  return Buffer.concat([Buffer.from([0x04, body.length]), body]);
}

// libzmq tests/testutil.hpp `zmtp_ready_dealer` and `zmtp_ready_sub` (notes §1.4).
const LIBZMQ_READY_DEALER = Buffer.concat([
  Buffer.from([0x04, 0x29, 0x05]),
  ascii('READY'),
  Buffer.from([0x0b]),
  ascii('Socket-Type'),
  Buffer.from([0, 0, 0, 6]),
  ascii('DEALER'),
  Buffer.from([0x08]),
  ascii('Identity'),
  Buffer.from([0, 0, 0, 0]),
]);
const LIBZMQ_READY_SUB = Buffer.concat([
  Buffer.from([0x04, 0x19, 0x05]),
  ascii('READY'),
  Buffer.from([0x0b]),
  ascii('Socket-Type'),
  Buffer.from([0, 0, 0, 3]),
  ascii('SUB'),
]);

describe.each(transports)('wire format of our bound sockets over %s', (kind) => {
  const cleanup = new Cleanup();
  afterEach(cleanup.run);

  async function rawPeerOf(endpoint: string): Promise<RawPeer> {
    const raw = await RawPeer.open(endpoint);
    cleanup.add(() => raw.close());
    return raw;
  }

  /** Reads the rest of our greeting after its first 10 bytes and checks it. */
  async function expectGreetingTail(raw: RawPeer, minor: number): Promise<void> {
    const tail = await raw.read(54, 'greeting bytes 10..63');
    expect(tail[0]).toBe(0x03);
    // We announce 3.1 whatever the peer announced (libzmq 4.3.3+ does the same).
    expect(tail[1]).toBe(minor);
    expect(tail.subarray(2, 22)).toEqual(Buffer.concat([ascii('NULL'), Buffer.alloc(16)]));
    expect(tail[22]).toBe(0); // as-server: always 0 for NULL
    expect(tail.subarray(23)).toEqual(Buffer.alloc(31));
  }

  it('sends the first 10 greeting bytes before the peer sends anything', async () => {
    const dealer = cleanup.socket(openSocket('ours', 'Dealer'));
    const raw = await rawPeerOf(await bindFresh(dealer, kind, cleanup));
    // Nothing written yet: waiting for the peer first would deadlock against libzmq.
    const signature = await raw.read(10, 'the greeting signature, unprompted');
    expect(signature[0]).toBe(0xff);
    expect(signature[9]).toBe(0x7f); // LSB set: a versioned (ZMTP 2.0+) peer
    // Padding bytes 1..8 are not significant and libzmq does not send zeros: unchecked.
  });

  it("DEALER: greeting and READY match libzmq's bytes, then frames flow in both forms", async () => {
    const dealer = cleanup.socket(openSocket('ours', 'Dealer'));
    const raw = await rawPeerOf(await bindFresh(dealer, kind, cleanup));
    await raw.read(10, 'greeting signature');
    raw.write(nullGreeting(1));
    await expectGreetingTail(raw, 1);
    expect(await raw.read(LIBZMQ_READY_DEALER.length, 'READY from DEALER')).toEqual(LIBZMQ_READY_DEALER);

    raw.write(ready('ROUTER'));
    // Raw peer to DEALER: a short frame with MORE, then a LONG-form 300-byte last frame.
    const long = patternBytes(300, 9);
    const longHeader = Buffer.from([0x02, 0, 0, 0, 0, 0, 0, 0x01, 0x2c]);
    raw.write(Buffer.concat([Buffer.from([0x01, 0x02]), ascii('hi'), longHeader, long]));
    const received = await receiveWithin(dealer, 'raw frames at our DEALER');
    expect(received).toEqual([ascii('hi'), long]);

    // DEALER to raw peer: short form up to 255 bytes, LONG form (8-byte size) above.
    await sendWithin(dealer, ['hello', long]);
    const shortFrame = Buffer.concat([Buffer.from([0x01, 0x05]), ascii('hello')]);
    expect(await raw.read(2 + 5, 'short frame with MORE')).toEqual(shortFrame);
    expect(await raw.read(9 + 300, 'LONG last frame')).toEqual(Buffer.concat([longHeader, long]));
    await sendWithin(dealer, Buffer.alloc(0));
    expect(await raw.read(2, 'empty last frame')).toEqual(Buffer.from([0x00, 0x00]));
  });

  it.each([
    [1, 'a SUBSCRIBE command', Buffer.concat([Buffer.from([0x04, 0x0c, 0x09]), ascii('SUBSCRIBE'), ascii('AB')])],
    [0, 'a legacy 0x01-prefixed message', Buffer.from([0x00, 0x03, 0x01, 0x41, 0x42])],
  ] as const)('SUB: a peer announcing 3.%i gets READY as libzmq sends it, then %s', async (minor, _form, expected) => {
    const sub = cleanup.socket(openSocket('ours', 'Subscriber')) as Subscribing;
    sub.subscribe('AB');
    // Keep a receive pending: under ZMTP_IMPL=zeromq a bound libzmq SUB attaches its
    // peer (and sends its subscriptions) only while the application calls into it.
    const publication = receiveWithin(sub, 'publication from the raw peer');
    const raw = await rawPeerOf(await bindFresh(sub, kind, cleanup));
    await raw.read(10, 'greeting signature');
    raw.write(nullGreeting(minor));
    await expectGreetingTail(raw, 1);
    expect(await raw.read(LIBZMQ_READY_SUB.length, 'READY from SUB')).toEqual(LIBZMQ_READY_SUB);
    raw.write(ready('PUB'));
    expect(await raw.read(expected.length, 'the subscription')).toEqual(expected);

    raw.write(Buffer.concat([Buffer.from([0x01, 0x03]), ascii('ABC'), Buffer.from([0x00, 0x01]), ascii('!')]));
    expect(texts(await publication)).toEqual(['ABC', '!']);
  });
});
