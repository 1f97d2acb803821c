/**
 * Message shapes that stress the framing code, sent both ways between our DEALER and a
 * libzmq DEALER: empty frames inside multipart messages, a 0-byte message, frames on
 * both sides of the short/LONG size boundary (255/256 bytes), 300-byte frames and a
 * 1 MiB message.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AnySocket,
  type Side,
  bindFresh,
  Cleanup,
  openSocket,
  patternBytes,
  receiveWithin,
  sendWithin,
  transports,
} from './helpers.js';

const messageCases: { name: string; frames: Buffer[] }[] = [
  { name: 'multipart with empty frames', frames: ['', 'a', '', '', 'b', ''].map((s) => Buffer.from(s)) },
  { name: '0-byte message', frames: [Buffer.alloc(0)] },
  {
    name: '300-byte frames (LONG size form)',
    frames: [patternBytes(300, 2), Buffer.from('short'), patternBytes(300, 3)],
  },
  {
    name: 'frames at the 255/256 size boundary',
    frames: [patternBytes(255, 4), patternBytes(256, 5), patternBytes(257, 6)],
  },
  { name: '1 MiB message', frames: [patternBytes(1 << 20, 7)] },
];

/** Length and digest per frame: exact, and readable when a 1 MiB frame differs. */
const fingerprint = (frames: readonly Uint8Array[]) =>
  frames.map((frame) => {
    const digest = createHash('sha256').update(frame).digest('hex').slice(0, 16);
    return `${frame.byteLength} bytes, sha256 ${digest}`;
  });

describe.each(transports)('message framing over %s', (kind) => {
  const cleanup = new Cleanup();
  afterEach(cleanup.run);

  async function connectedDealers(binder: Side): Promise<Record<Side, AnySocket>> {
    const dealers: Record<Side, AnySocket> = {
      ours: cleanup.socket(openSocket('ours', 'Dealer')),
      libzmq: cleanup.socket(openSocket('libzmq', 'Dealer')),
    };
    const endpoint = await bindFresh(dealers[binder], kind, cleanup);
    dealers[binder === 'ours' ? 'libzmq' : 'ours'].connect(endpoint);
    return dealers;
  }

  describe.each(['ours', 'libzmq'] as const)('%s binds', (binder) => {
    it.each(messageCases.map((c) => [c.name, c.frames] as const))('%s, both directions', async (name, frames) => {
      const dealers = await connectedDealers(binder);

      await sendWithin(dealers.ours, frames);
      expect(fingerprint(await receiveWithin(dealers.libzmq, `${name} at libzmq`))).toEqual(fingerprint(frames));

      await sendWithin(dealers.libzmq, frames);
      expect(fingerprint(await receiveWithin(dealers.ours, `${name} at ours`))).toEqual(fingerprint(frames));
    });
  });

  it('keeps a stream of mixed sizes in order, both directions', async () => {
    const dealers = await connectedDealers('ours');
    const sizes = [0, 1, 255, 256, 300, 70_000, 3];
    const stream = sizes.map((size, i) => [Buffer.from(`#${i}`), patternBytes(size, 10 + i)]);
    for (const [from, to] of [
      ['ours', 'libzmq'],
      ['libzmq', 'ours'],
    ] as const) {
      for (const message of stream) await sendWithin(dealers[from], message);
      for (const message of stream) {
        expect(fingerprint(await receiveWithin(dealers[to], `message ${message[0]} at ${to}`))).toEqual(
          fingerprint(message),
        );
      }
    }
  });
});
