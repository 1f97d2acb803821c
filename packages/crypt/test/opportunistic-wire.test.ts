/**
 * The opportunistic mechanism between two of our sockets, with every byte tapped
 * below the engine: the payload never crosses in clear, both ends agree on a session
 * id, and a record that was altered, replayed, dropped, reordered, cut short or
 * injected closes the connection with an event that names what happened.
 */
import { randomBytes } from 'node:crypto';
import * as zmq from '@zmtp/core';
import { afterEach, describe, expect, it } from 'vitest';
import { crypt } from '../src/index.js';
import { Cleanup, nextEvent, text, within } from './support/helpers.js';
import { type FrameEdit, tapping } from './support/tap.js';

const cleanup = new Cleanup();
afterEach(cleanup.run);

let names = 0;

/** A PULL bound on tap:// and a PUSH connected to it, in a context with crypt and the tap. */
async function tappedPair(
  options: { push?: Record<string, unknown>; pull?: Record<string, unknown>; toListener?: FrameEdit } = {},
) {
  const tap = tapping();
  if (options.toListener) tap.edits.toListener = options.toListener;
  const context = new zmq.Context().use(crypt()).use(tap.plugin);
  const pull = cleanup.add(new zmq.Pull({ context, linger: 0, ...options.pull }));
  const push = cleanup.add(new zmq.Push({ context, linger: 0, reconnectInterval: -1, ...options.push }));
  const endpoint = `tap://crypt-${++names}`;
  await pull.bind(endpoint);
  const handshakes = Promise.all([nextEvent(pull, 'handshake', 'pull'), nextEvent(push, 'handshake', 'push')]);
  push.connect(endpoint);
  return { push, pull, tap, handshakes };
}

/** A short ZMTP frame with these flags and body. */
function frame(flags: number, body: Uint8Array): Uint8Array {
  return Uint8Array.from([flags, body.length, ...body]);
}

describe('opportunistic encryption between our peers', () => {
  it('encrypts: the payload never appears in the bytes either way, and both ends share a session id', async () => {
    const { push, pull, tap, handshakes } = await tappedPair();
    const payload = `SECRET-${randomBytes(16).toString('hex')}`;
    for (let i = 0; i < 20; i++) await push.send([payload, `${i}`, payload.repeat(i)]);
    for (let i = 0; i < 20; i++) expect(text(await within(pull.receive(), `message ${i}`))).toEqual([payload, `${i}`, payload.repeat(i)]);
    const [pulled, pushed] = await handshakes;
    const a = pulled.type === 'handshake' ? pulled.peer : undefined;
    const b = pushed.type === 'handshake' ? pushed.peer : undefined;
    expect(a?.mechanism).toBe('ZCRYPT');
    expect(b?.mechanism).toBe('ZCRYPT');
    expect(a?.sessionId).toHaveLength(32);
    expect(Buffer.from(a!.sessionId!).equals(Buffer.from(b!.sessionId!))).toBe(true);

    const [connection] = tap.connections;
    const wire = Buffer.concat([connection.toListener.bytes, connection.toDialer.bytes]);
    // Not the payload, nor any 8-byte piece of it, nor the socket types of the metadata.
    for (let at = 0; at + 8 <= payload.length; at++) expect(wire.includes(payload.slice(at, at + 8))).toBe(false);
    expect(wire.includes('Socket-Type')).toBe(false);
    expect(connection.toListener.bytes.subarray(12, 18).toString()).toBe('ZCRYPT');
  });

  it("sends the payload in clear with encryption 'off' (the tap does see plaintext)", async () => {
    const { push, pull, tap } = await tappedPair({ push: { encryption: 'off' }, pull: { encryption: 'off' } });
    await push.send('visible-payload');
    expect(text(await within(pull.receive(), 'message'))).toEqual(['visible-payload']);
    expect(tap.connections[0].toListener.bytes.includes('visible-payload')).toBe(true);
  });

  it('gives each connection its own session id', async () => {
    const first = await tappedPair();
    const second = await tappedPair();
    const [x] = await first.handshakes;
    const [y] = await second.handshakes;
    const idOf = (event: zmq.SocketEvent) => (event.type === 'handshake' ? Buffer.from(event.peer!.sessionId!) : undefined);
    expect(idOf(x)!.equals(idOf(y)!)).toBe(false);
  });
});

describe('opportunistic encryption: damaged records close the connection and say why', () => {
  /** Frames to the listener: 0 HELLO, 1 READY, 2 the record of message 'm0', 3 of 'm1', ... */
  async function damage(edit: FrameEdit, expected: { code: string; message: RegExp; delivered: string[] }) {
    const { push, pull } = await tappedPair({ toListener: edit });
    const failed = nextEvent(pull, 'disconnect', 'pull');
    for (let i = 0; i < 4; i++) await push.send(`m${i}`);
    const event = await failed;
    const error = event.type === 'disconnect' ? (event.error as zmq.ProtocolError | undefined) : undefined;
    expect(error?.code).toBe(expected.code);
    expect(error?.message).toMatch(expected.message);
    const delivered: string[] = [];
    pull.receiveTimeout = 0;
    for (;;) {
      try {
        delivered.push(...text(await pull.receive()));
      } catch {
        break;
      }
    }
    expect(delivered).toEqual(expected.delivered);
  }

  it('a tampered record', async () => {
    await damage(
      (f) => {
        if (f.index !== 3) return undefined;
        const raw = Uint8Array.from(f.raw);
        raw[raw.length - 17] ^= 0x40; // the last ciphertext byte, before the 16-byte tag
        return [raw];
      },
      { code: 'ERR_ZMTP_CRYPTOGRAPHIC', message: /failed authentication/, delivered: ['m0'] },
    );
  });

  it('a replayed record', async () => {
    await damage((f) => (f.index === 3 ? [f.raw, f.raw] : undefined), {
      code: 'ERR_ZMTP_INVALID_SEQUENCE',
      message: /replayed/,
      delivered: ['m0', 'm1'],
    });
  });

  it('a dropped record', async () => {
    await damage((f) => (f.index === 3 ? [] : undefined), {
      code: 'ERR_ZMTP_INVALID_SEQUENCE',
      message: /dropped or reordered/,
      delivered: ['m0'],
    });
  });

  it('two records swapped', async () => {
    let held: Uint8Array | undefined;
    await damage(
      (f) => {
        if (f.index === 3) {
          held = f.raw;
          return [];
        }
        return f.index === 4 ? [f.raw, held!] : undefined;
      },
      { code: 'ERR_ZMTP_INVALID_SEQUENCE', message: /dropped or reordered/, delivered: ['m0'] },
    );
  });

  it('a record cut short inside a well-formed frame', async () => {
    await damage((f) => (f.index === 3 ? [frame(f.flags, f.body.subarray(0, 20))] : undefined), {
      code: 'ERR_ZMTP_MALFORMED_COMMAND_MESSAGE',
      message: /truncated/,
      delivered: ['m0'],
    });
    await damage((f) => (f.index === 3 ? [frame(f.flags, f.body.subarray(0, f.body.length - 1))] : undefined), {
      code: 'ERR_ZMTP_CRYPTOGRAPHIC',
      message: /cut short/,
      delivered: ['m0'],
    });
  });

  it('a stream that ends in the middle of a record', async () => {
    await damage((f) => (f.index === 3 ? { cut: f.raw.subarray(0, 12) } : undefined), {
      code: 'ERR_ZMTP_MALFORMED_FRAME',
      message: /in the middle of a frame/,
      delivered: ['m0'],
    });
  });

  it('a plaintext frame slipped in', async () => {
    await damage((f) => (f.index === 3 ? [frame(0x00, Buffer.from('forged')), f.raw] : undefined), {
      code: 'ERR_ZMTP_UNEXPECTED_COMMAND',
      message: /encrypted MESSAGE record was expected/,
      delivered: ['m0'],
    });
  });
});
