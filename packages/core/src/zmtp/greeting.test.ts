import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../errors.js';
import { ByteQueue } from './byte-queue.js';
import { bytes, concat, hex } from './connection-pair.test-helper.js';
import { GreetingExchange, encodeGreeting } from './greeting.js';

/** libzmq 4.3.4's greeting for a NULL DEALER, as observed (notes §1.1). */
const LIBZMQ_NULL_GREETING = bytes([0xff, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x7f, 0x03, 0x01], 'NULL', new Uint8Array(16), [0x00], new Uint8Array(31));

function exchange(mechanism = 'NULL', asServer = false) {
  const sent: Uint8Array[] = [];
  const greeting = new GreetingExchange(mechanism, asServer, (b) => sent.push(b));
  return { greeting, sent, queue: new ByteQueue() };
}

function readError(run: () => unknown): ProtocolError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    return error as ProtocolError;
  }
  throw new Error('expected a ProtocolError');
}

describe('greeting', () => {
  it('encodes the golden NULL greeting byte for byte', () => {
    expect(hex(encodeGreeting('NULL', false))).toBe(hex(LIBZMQ_NULL_GREETING));
  });

  it('encodes PLAIN with as-server', () => {
    const greeting = encodeGreeting('PLAIN', true);
    expect(new TextDecoder().decode(greeting.subarray(12, 17))).toBe('PLAIN');
    expect(greeting[17]).toBe(0);
    expect(greeting[32]).toBe(1);
    expect(greeting.length).toBe(64);
  });

  it('sends in libzmq stages: signature, then major after the peer signature, then the rest after the peer major', () => {
    const { greeting, sent, queue } = exchange();
    greeting.start();
    expect(sent.map(hex)).toEqual(['ff 00 00 00 00 00 00 00 01 7f']);

    queue.push(LIBZMQ_NULL_GREETING.subarray(0, 9));
    expect(greeting.read(queue)).toBeUndefined();
    expect(sent).toHaveLength(1);

    queue.push(LIBZMQ_NULL_GREETING.subarray(9, 10));
    expect(greeting.read(queue)).toBeUndefined();
    expect(sent.map(hex)[1]).toBe('03');

    queue.push(LIBZMQ_NULL_GREETING.subarray(10, 11));
    expect(greeting.read(queue)).toBeUndefined();
    expect(sent).toHaveLength(3);
    expect(hex(concat(sent))).toBe(hex(LIBZMQ_NULL_GREETING));

    queue.push(LIBZMQ_NULL_GREETING.subarray(11, 63));
    expect(greeting.read(queue)).toBeUndefined();
    queue.push(bytes(LIBZMQ_NULL_GREETING.subarray(63), 'after'));
    const peer = greeting.read(queue);
    expect(peer).toMatchObject({ major: 3, minor: 1, mechanism: 'NULL', asServer: false, speaks31: true });
    // Bytes after the greeting stay for the frame decoder.
    expect(queue.length).toBe(5);
    expect(sent).toHaveLength(3);
  });

  it('does not check padding bytes 1..8 (libzmq puts the identity size there)', () => {
    const { greeting, queue } = exchange();
    greeting.start();
    const peerGreeting = LIBZMQ_NULL_GREETING.slice();
    peerGreeting.set([0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 0x04], 1);
    queue.push(peerGreeting);
    expect(greeting.read(queue)?.mechanism).toBe('NULL');
  });

  it('lets a negotiation fill our padding and pick the mechanism from the peer padding before naming it', () => {
    const sent: Uint8Array[] = [];
    const seen: string[] = [];
    const greeting = new GreetingExchange('X-OURS', false, (b) => sent.push(b), {
      padding: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8),
      choose: (peerPadding) => {
        seen.push(hex(peerPadding));
        // The choice comes before our major version and mechanism name leave.
        expect(sent).toHaveLength(1);
        return { name: 'NULL', asServer: false };
      },
    });
    const queue = new ByteQueue();
    greeting.start();
    expect(hex(sent[0])).toBe('ff 01 02 03 04 05 06 07 08 7f');
    queue.push(LIBZMQ_NULL_GREETING);
    expect(greeting.read(queue)?.mechanism).toBe('NULL');
    expect(seen).toEqual(['00 00 00 00 00 00 00 01']);
    expect(new TextDecoder().decode(concat(sent).subarray(12, 16))).toBe('NULL');
  });

  it('fails the greeting when the negotiation refuses the peer, before naming a mechanism', () => {
    const sent: Uint8Array[] = [];
    const greeting = new GreetingExchange('X-OURS', false, (b) => sent.push(b), {
      padding: new Uint8Array(8),
      choose: () => {
        throw new ProtocolError('ERR_ZMTP_MECHANISM_MISMATCH', 'refused');
      },
    });
    const queue = new ByteQueue();
    greeting.start();
    queue.push(LIBZMQ_NULL_GREETING);
    expect(readError(() => greeting.read(queue)).message).toBe('refused');
    expect(sent).toHaveLength(1);
  });

  it('treats minor 0 as ZMTP 3.0 and a major above 3 as 3.1', () => {
    for (const [major, minor, speaks31] of [
      [3, 0, false],
      [3, 1, true],
      [3, 7, true],
      [4, 0, true],
    ] as const) {
      const { greeting, queue } = exchange();
      greeting.start();
      const peerGreeting = LIBZMQ_NULL_GREETING.slice();
      peerGreeting[10] = major;
      peerGreeting[11] = minor;
      queue.push(peerGreeting);
      expect(greeting.read(queue)?.speaks31).toBe(speaks31);
    }
  });

  it('rejects a first byte other than 0xff at once', () => {
    const { greeting, queue } = exchange();
    greeting.start();
    queue.push(bytes('G'));
    const error = readError(() => greeting.read(queue));
    expect(error.code).toBe('ERR_ZMTP_BAD_GREETING');
    expect(error.message).toMatch(/first byte is 0x47/);
  });

  it('rejects a signature whose byte 9 has its low bit clear', () => {
    const { greeting, sent, queue } = exchange();
    greeting.start();
    queue.push(Uint8Array.of(0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7e));
    expect(readError(() => greeting.read(queue)).code).toBe('ERR_ZMTP_BAD_GREETING');
    expect(sent).toHaveLength(1);
  });

  it.each([0, 1, 2])('closes cleanly on revision %i without sending the rest', (major) => {
    const { greeting, sent, queue } = exchange();
    greeting.start();
    queue.push(bytes(LIBZMQ_NULL_GREETING.subarray(0, 10), [major]));
    const error = readError(() => greeting.read(queue));
    expect(error.code).toBe('ERR_ZMTP_UNSUPPORTED_VERSION');
    expect(error.message).toMatch(new RegExp(`revision ${major}`));
    expect(sent).toHaveLength(2);
  });

  it('rejects a different mechanism, naming both', () => {
    const { greeting, queue } = exchange('PLAIN');
    greeting.start();
    queue.push(LIBZMQ_NULL_GREETING);
    const error = readError(() => greeting.read(queue));
    expect(error.code).toBe('ERR_ZMTP_MECHANISM_MISMATCH');
    expect(error.message).toMatch(/"NULL".*"PLAIN"/);
  });

  it('rejects a mechanism that only shares a prefix with ours', () => {
    const { greeting, queue } = exchange('NULL');
    greeting.start();
    const peerGreeting = LIBZMQ_NULL_GREETING.slice();
    peerGreeting.set(bytes('NULLX'), 12);
    queue.push(peerGreeting);
    expect(readError(() => greeting.read(queue)).code).toBe('ERR_ZMTP_MECHANISM_MISMATCH');
  });
});
