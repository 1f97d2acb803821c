/**
 * CURVE between two of our sockets with the bytes tapped below the engine: libzmq's
 * exact size checks on each handshake command, MESSAGE nonce rules, and no payload
 * in clear. (test/curve-interop.test.ts runs the same mechanism against libzmq.)
 */
import * as zmq from '@zmtp/core';
import { afterEach, describe, expect, it } from 'vitest';
import { crypt, curveKeyPair } from '../src/index.js';
import { Cleanup, nextEvent, text, within } from './support/helpers.js';
import { type FrameEdit, tapping } from './support/tap.js';

const cleanup = new Cleanup();
afterEach(cleanup.run);
let names = 0;

/** A CURVE server PULL on tap:// and a client PUSH; edits apply to the first connection. */
async function curvePair(edits: { toListener?: FrameEdit; toDialer?: FrameEdit } = {}) {
  const tap = tapping();
  Object.assign(tap.edits, edits);
  const context = new zmq.Context().use(crypt()).use(tap.plugin);
  const server = curveKeyPair();
  const client = curveKeyPair();
  const pull = cleanup.add(
    new zmq.Pull({ context, linger: 0, curveServer: true, curveSecretKey: server.secretKey, curvePublicKey: server.publicKey }),
  );
  const push = cleanup.add(
    new zmq.Push({
      context,
      linger: 0,
      reconnectInterval: -1,
      curveServerKey: server.publicKey,
      curvePublicKey: client.publicKey,
      curveSecretKey: client.secretKey,
    }),
  );
  const endpoint = `tap://curve-${++names}`;
  await pull.bind(endpoint);
  push.connect(endpoint);
  return { push, pull, tap };
}

const frame = (flags: number, body: Uint8Array) => {
  const long = body.length > 255;
  const header = long ? [flags | 0x02, 0, 0, 0, 0, 0, 0, body.length >> 8, body.length & 0xff] : [flags, body.length];
  return Uint8Array.from([...header, ...body]);
};
const resize = (size: number): FrameEdit => (f) => {
  const body = new Uint8Array(size);
  body.set(f.body.subarray(0, size));
  return [frame(f.flags, body)];
};
const at = (index: number, edit: FrameEdit): FrameEdit => (f) => (f.index === index ? edit(f) : undefined);

async function protocolError(socket: zmq.Socket, who: string): Promise<zmq.ProtocolError> {
  const event = await nextEvent(socket, 'handshake:error:protocol', who);
  if (event.type !== 'handshake:error:protocol') throw new Error(`unexpected ${event.type}`);
  return event.error;
}

describe('CURVE on the wire', () => {
  it('carries messages in MESSAGE data frames, never in clear', async () => {
    const { push, pull, tap } = await curvePair();
    await push.send(['secret part one', 'secret part two']);
    expect(text(await within(pull.receive(), 'message'))).toEqual(['secret part one', 'secret part two']);
    const [connection] = tap.connections;
    expect(connection.toListener.bytes.includes('secret')).toBe(false);
    expect(connection.toListener.bytes.includes('Socket-Type')).toBe(false);
    const names = connection.toListener.frames.map((f) => Buffer.from(f.body.subarray(1, 1 + f.body[0])).toString());
    expect(names).toEqual(['HELLO', 'INITIATE', 'MESSAGE', 'MESSAGE']);
    // As libzmq: MESSAGE travels as a final message frame (flags 0), MORE inside the box.
    expect(connection.toListener.frames.slice(2).map((f) => f.flags)).toEqual([0, 0]);
    expect(connection.toListener.frames.map((f) => f.body.length).slice(0, 1)).toEqual([200]);
    expect(connection.toDialer.frames[0].body.length).toBe(168);
  });

  it.each([
    ['HELLO of 199 bytes', { toListener: at(0, resize(199)) }, 'server', 'ERR_ZMTP_MALFORMED_COMMAND_HELLO', /exactly 200/],
    ['HELLO of 201 bytes', { toListener: at(0, resize(201)) }, 'server', 'ERR_ZMTP_MALFORMED_COMMAND_HELLO', /exactly 200/],
    [
      'HELLO for version 2.0',
      { toListener: at(0, (f) => [frame(f.flags, Uint8Array.from(f.body, (b, i) => (i === 6 ? 2 : b)))]) },
      'server',
      'ERR_ZMTP_MALFORMED_COMMAND_HELLO',
      /version 2\.0/,
    ],
    ['WELCOME of 167 bytes', { toDialer: at(0, resize(167)) }, 'client', 'ERR_ZMTP_MALFORMED_COMMAND_WELCOME', /exactly 168/],
    ['INITIATE of 256 bytes', { toListener: at(1, resize(256)) }, 'server', 'ERR_ZMTP_MALFORMED_COMMAND_INITIATE', /at least 257/],
    ['READY of 29 bytes', { toDialer: at(1, resize(29)) }, 'client', 'ERR_ZMTP_MALFORMED_COMMAND_READY', /at least 30/],
    [
      'a tampered cookie',
      { toListener: at(1, (f) => [frame(f.flags, Uint8Array.from(f.body, (b, i) => (i === 40 ? b ^ 1 : b)))]) },
      'server',
      'ERR_ZMTP_CRYPTOGRAPHIC',
      /cookie/,
    ],
  ] as const)('refuses %s as libzmq does', async (_, edits, who, code, message) => {
    const tap = { ...edits } as { toListener?: FrameEdit; toDialer?: FrameEdit };
    const { push, pull } = await curvePair(tap);
    const error = await protocolError(who === 'server' ? pull : push, who);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('refuses a MESSAGE whose nonce does not increase, and a tampered one', async () => {
    for (const [edit, code, message] of [
      [at(3, (f) => [f.raw, f.raw]), 'ERR_ZMTP_INVALID_SEQUENCE', /replayed or reordered/],
      [at(3, (f) => [Uint8Array.from(f.raw, (b, i) => (i === f.raw.length - 1 ? b ^ 1 : b))]), 'ERR_ZMTP_CRYPTOGRAPHIC', /failed authentication/],
      [at(3, (f) => [frame(0, f.body.subarray(0, 32))]), 'ERR_ZMTP_MALFORMED_COMMAND_MESSAGE', /at least 33/],
    ] as const) {
      const { push, pull } = await curvePair({ toListener: edit });
      const closed = nextEvent(pull, 'disconnect', 'server');
      for (let i = 0; i < 3; i++) await push.send(`m${i}`);
      const event = await closed;
      const error = event.type === 'disconnect' ? (event.error as zmq.ProtocolError) : undefined;
      expect(error?.code).toBe(code);
      expect(error?.message).toMatch(message);
    }
  });

  it('fails the handshake with a message that says what to set when keys are missing', async () => {
    const context = new zmq.Context().use(crypt());
    const server = cleanup.add(new zmq.Pull({ context, linger: 0, curveServer: true }));
    const client = cleanup.add(new zmq.Push({ context, linger: 0, curveServerKey: curveKeyPair().publicKey }));
    const serverError = protocolError(server, 'server');
    const clientError = protocolError(client, 'client');
    await server.bind(`memory://keys-${++names}`);
    client.connect(server.lastEndpoint!);
    expect((await clientError).message).toMatch(/no curveSecretKey.*curveKeyPair\(\)/);
    void serverError.catch(() => undefined);
  });

  it('refuses option values that are not Z85 keys, at once', () => {
    const context = new zmq.Context().use(crypt());
    expect(() => new zmq.Dealer({ context, curveServerKey: 'too short' })).toThrow(/40-character Z85 key/);
    const dealer = cleanup.add(new zmq.Dealer({ context }));
    expect(() => {
      dealer.curvePublicKey = 'x'.repeat(39) + ' ';
    }).toThrow(expect.objectContaining({ code: 'EINVAL' }));
    expect(() => {
      dealer.encryption = 'sometimes' as never;
    }).toThrow(/'opportunistic', 'required', 'off'/);
  });
});
