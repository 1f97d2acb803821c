import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineCloseReason, Engine } from '../contracts/engine.js';
import type { AuthRequest, Authenticator, FrameCipher, Mechanism } from '../contracts/mechanism.js';
import { AuthenticationError, ProtocolError, ZmqError } from '../errors.js';
import { nullMechanism } from '../mechanisms/null.js';
import { plainMechanism } from '../mechanisms/plain.js';
import { encodeCommand, parseCommand } from './command.js';
import { decodeMetadataCommand, encodePing, encodeReady } from './commands.js';
import {
  MemoryConnection,
  RawPeer,
  RecordingHost,
  bytes,
  createConnectionPair,
  hex,
  settle,
} from './connection-pair.test-helper.js';
import { createZmtpEngine, type ZmtpEngineOptions } from './engine.js';
import { FrameDecoder } from './frame-decoder.js';
import { FLAG_COMMAND } from './frame.js';
import { encodeGreeting } from './greeting.js';
import { buildLocalMetadata } from './local-metadata.js';

type Options = Partial<ZmtpEngineOptions>;

function options(overrides: Options = {}): ZmtpEngineOptions {
  const socketType = overrides.socketType ?? 'DEALER';
  return {
    socketType,
    localMetadata: buildLocalMetadata(socketType),
    mechanism: nullMechanism,
    socketOptions: {},
    zapDomain: '',
    handshakeInterval: 30_000,
    heartbeatInterval: 0,
    heartbeatTimeToLive: 0,
    heartbeatTimeout: 0,
    maxMessageSize: -1,
    ...overrides,
  };
}

interface Side {
  engine: Engine;
  host: RecordingHost;
  connection: MemoryConnection;
}

function startEngine(connection: MemoryConnection, overrides: Options = {}): Side {
  const host = new RecordingHost();
  const engine = createZmtpEngine(connection, options(overrides));
  engine.start(host);
  return { engine, host, connection };
}

function enginePair(a: Options = {}, b: Options = {}): [Side, Side] {
  const [connectionA, connectionB] = createConnectionPair();
  return [startEngine(connectionA, a), startEngine(connectionB, b)];
}

/** An engine facing a hand-driven raw peer. */
function engineWithRawPeer(overrides: Options = {}): Side & { raw: RawPeer } {
  const [connection, rawEnd] = createConnectionPair();
  const raw = new RawPeer(rawEnd);
  return { ...startEngine(connection, overrides), raw };
}

function commandFrame(body: Uint8Array): Uint8Array {
  if (body.length > 255) throw new Error('test helper: short commands only');
  return bytes([0x04, body.length], body);
}

function messageFrame(text: string, more = false): Uint8Array {
  const body = bytes(text);
  return bytes([more ? 0x01 : 0x00, body.length], body);
}

function peerGreeting(mechanism = 'NULL', minor = 1): Uint8Array {
  const greeting = encodeGreeting(mechanism, false);
  greeting[11] = minor;
  return greeting;
}

function peerReady(socketType: string, routingId?: string): Uint8Array {
  return commandFrame(encodeReady(buildLocalMetadata(socketType, routingId)));
}

/** Frames the raw peer received after the 64-byte greeting. */
function framesAfterGreeting(raw: RawPeer): { flags: number; body: Uint8Array }[] {
  const decoder = new FrameDecoder({ maxFrameSize: -1 });
  decoder.push(raw.received().subarray(64));
  const frames = [];
  for (let body = decoder.next(); body !== undefined; body = decoder.next()) frames.push({ flags: decoder.flags, body });
  return frames;
}

function commandNames(raw: RawPeer): string[] {
  return framesAfterGreeting(raw)
    .filter((frame) => frame.flags & FLAG_COMMAND)
    .map((frame) => parseCommand(frame.body).name);
}

function protocolCode(reason: EngineCloseReason | undefined): string | undefined {
  if (reason?.kind !== 'protocol' && reason?.kind !== 'auth') return undefined;
  return (reason.error as ProtocolError).code;
}

/** Brings a raw peer (as `peerType`) through the NULL handshake with the engine. */
async function handshakeRaw(side: Side & { raw: RawPeer }, peerType = 'ROUTER', minor = 1): Promise<void> {
  side.raw.send(peerGreeting('NULL', minor), peerReady(peerType));
  await settle();
  expect(side.host.peer?.socketType).toBe(peerType);
}

const useFakeTimers = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });

afterEach(() => {
  vi.useRealTimers();
});

describe('ZMTP engine: NULL handshake between two engines', () => {
  it('completes, reports the peer and moves whole multipart messages both ways', async () => {
    const [a, b] = enginePair(
      { socketType: 'DEALER', localMetadata: buildLocalMetadata('DEALER', 'dealer-1') },
      { socketType: 'ROUTER' },
    );
    await settle();
    expect(a.host.peer).toMatchObject({ socketType: 'ROUTER', mechanism: 'NULL', zmtpMinor: 1, address: 'mem://b' });
    expect(b.host.peer?.socketType).toBe('DEALER');
    expect(new TextDecoder().decode(b.host.peer?.identity)).toBe('dealer-1');
    expect([...b.host.peer!.metadata.keys()]).toEqual(['Socket-Type', 'Identity']);

    expect(a.engine.write([bytes('hello'), bytes(''), bytes('world')])).toBe(true);
    b.engine.write([bytes('x'.repeat(300))]);
    await settle();
    expect(b.host.texts()).toEqual([['hello', '', 'world']]);
    expect(a.host.texts()).toEqual([['x'.repeat(300)]]);
    expect(a.host.closeReasons).toEqual([]);
  });

  it('holds messages written before the handshake and sends them after, then signals drain', async () => {
    const [a, b] = enginePair({ socketType: 'PUSH' }, { socketType: 'PULL' });
    expect(a.engine.write([bytes('early')])).toBe(false);
    await settle();
    expect(b.host.texts()).toEqual([['early']]);
    expect(a.host.drains).toBe(1);
  });

  it('batches many small messages of one tick into few writes', async () => {
    const [a, b] = enginePair({ socketType: 'PUSH' }, { socketType: 'PULL' });
    await settle();
    const callsBefore = a.connection.writeCalls + a.connection.writevCalls;
    for (let i = 0; i < 500; i++) a.engine.write([bytes(`m${i}`)]);
    await settle();
    expect(a.connection.writeCalls + a.connection.writevCalls - callsBefore).toBe(1);
    expect(b.host.messages).toHaveLength(500);
    expect(b.host.texts()[499]).toEqual(['m499']);
  });

  it('closes an incompatible pair without sending ERROR', async () => {
    const [a, b] = enginePair({ socketType: 'PUSH' }, { socketType: 'PUSH' });
    await settle();
    for (const side of [a, b]) {
      expect(side.host.peer).toBeUndefined();
      const reason = side.host.closeReason;
      expect(reason).toMatchObject({ kind: 'protocol', handshake: true });
      expect(protocolCode(reason)).toBe('ERR_ZMTP_INCOMPATIBLE_SOCKET_TYPE');
      expect((reason as { error: Error }).error.message).toMatch(/PUSH socket cannot talk to a PUSH socket; connect it to PULL/);
      expect(hex(side.connection.bytesWritten())).not.toContain(hex(bytes('ERROR')));
    }
  });

  it('closes on a mechanism mismatch, naming both mechanisms', async () => {
    const [a, b] = enginePair(
      { socketType: 'DEALER' },
      { socketType: 'ROUTER', mechanism: plainMechanism, socketOptions: { plainServer: true } },
    );
    await settle();
    for (const side of [a, b]) {
      expect(protocolCode(side.host.closeReason)).toBe('ERR_ZMTP_MECHANISM_MISMATCH');
    }
    expect((a.host.closeReason as { error: Error }).error.message).toMatch(/"PLAIN" but this socket uses "NULL"/);
  });

  it('checks the authenticator for NULL when one is set', async () => {
    const requests: AuthRequest[] = [];
    const accept: Authenticator = (request) => {
      requests.push(request);
      return { status: 200, userId: 'anonymous' };
    };
    const [a, b] = enginePair(
      { socketType: 'REQ', localMetadata: buildLocalMetadata('REQ', 'me') },
      { socketType: 'REP', authenticate: accept, zapDomain: 'global' },
    );
    await settle();
    expect(a.host.peer?.socketType).toBe('REP');
    expect(b.host.peer?.userId).toBe('anonymous');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ domain: 'global', address: 'mem://a', mechanism: 'NULL', credentials: [] });
    expect(new TextDecoder().decode(requests[0].identity)).toBe('me');
  });

  it('sends ERROR 400 and fails with an AuthenticationError when NULL authentication refuses', async () => {
    const [a, b] = enginePair({ socketType: 'REQ' }, { socketType: 'REP', authenticate: async () => ({ status: 400 }) });
    await settle();
    const server = b.host.closeReason;
    expect(server?.kind).toBe('auth');
    expect((server as { error: AuthenticationError }).error).toBeInstanceOf(AuthenticationError);
    expect((server as { error: AuthenticationError }).error.status).toBe(400);
    expect(hex(b.connection.bytesWritten())).toContain(hex(bytes([0x04, 0x0a, 0x05], 'ERROR', [0x03], '400')));
    expect(b.host.peer).toBeUndefined();
    // The client saw our READY first (NULL sends it at once), then the ERROR and the close.
    expect(a.host.closeReasons).toHaveLength(1);
  });
});

describe('ZMTP engine: PLAIN', () => {
  const client = (username: string, password: string): Options => ({
    socketType: 'DEALER',
    mechanism: plainMechanism,
    socketOptions: { plainUsername: username, plainPassword: password },
  });
  const server = (authenticate?: Authenticator): Options => ({
    socketType: 'ROUTER',
    mechanism: plainMechanism,
    socketOptions: { plainServer: true },
    zapDomain: 'test',
    ...(authenticate ? { authenticate } : {}),
  });

  it('authenticates a client the authenticator accepts and reports its user id', async () => {
    const requests: AuthRequest[] = [];
    const [a, b] = enginePair(
      client('admin', 'secret'),
      server(async (request) => {
        requests.push(request);
        const [user, password] = request.credentials.map((c) => new TextDecoder().decode(c));
        return user === 'admin' && password === 'secret' ? { status: 200, userId: 'root' } : { status: 400 };
      }),
    );
    await settle();
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ domain: 'test', address: 'mem://a', mechanism: 'PLAIN' });
    expect(requests[0].identity.length).toBe(0);
    expect(a.host.peer).toMatchObject({ socketType: 'ROUTER', mechanism: 'PLAIN' });
    expect(b.host.peer).toMatchObject({ socketType: 'DEALER', mechanism: 'PLAIN', userId: 'root' });
    a.engine.write([bytes('over plain')]);
    await settle();
    expect(b.host.texts()).toEqual([['over plain']]);
  });

  it('uses the username as user id when the authenticator gives none', async () => {
    const [, b] = enginePair(client('alice', ''), server(() => ({ status: 200 })));
    await settle();
    expect(b.host.peer?.userId).toBe('alice');
  });

  it('refuses a client the authenticator rejects: ERROR "400" to the client, auth closes on both sides', async () => {
    const [a, b] = enginePair(client('admin', 'wrong'), server(() => ({ status: 400, statusText: 'bad password' })));
    await settle();
    expect(a.host.peer).toBeUndefined();
    expect(b.host.peer).toBeUndefined();
    const serverReason = b.host.closeReason as { kind: string; error: AuthenticationError };
    expect(serverReason.kind).toBe('auth');
    expect(serverReason.error.status).toBe(400);
    expect(serverReason.error.message).toMatch(/bad password/);
    const clientReason = a.host.closeReason as { kind: string; error: AuthenticationError };
    expect(clientReason.kind).toBe('auth');
    expect(clientReason.error).toBeInstanceOf(AuthenticationError);
    expect(clientReason.error.status).toBe(400);
  });

  it('refuses every client when the server has no authenticator, saying which option to set', async () => {
    const [a, b] = enginePair(client('admin', 'secret'), server());
    await settle();
    const reason = b.host.closeReason as { kind: string; error: Error };
    expect(reason.kind).toBe('auth');
    expect(reason.error.message).toMatch(/authenticator/);
    expect(a.host.peer).toBeUndefined();
    expect(a.host.closeReasons).toHaveLength(1);
  });

  it('treats an authenticator that throws as an internal error (500)', async () => {
    const [, b] = enginePair(
      client('admin', 'secret'),
      server(() => {
        throw new Error('database down');
      }),
    );
    await settle();
    const reason = b.host.closeReason as { kind: string; error: AuthenticationError };
    expect(reason.kind).toBe('auth');
    expect(reason.error.status).toBe(500);
    expect(reason.error.message).toMatch(/database down/);
  });

  it('stops reading from the connection while the authenticator runs', async () => {
    let release: (() => void) | undefined;
    const [, b] = enginePair(
      client('admin', 'secret'),
      server(() => new Promise((resolve) => (release = () => resolve({ status: 200 })))),
    );
    await settle();
    expect(release).toBeDefined();
    expect(b.connection.pauseCalls).toBe(1);
    release!();
    await settle();
    expect(b.host.peer?.userId).toBe('admin');
  });

  it('does not depend on the peer as-server bit (libzmq always sends 0)', async () => {
    const side = engineWithRawPeer(server(() => ({ status: 200 })));
    const hello = encodeCommand('HELLO', bytes([1], 'u', [1], 'p'));
    side.raw.send(encodeGreeting('PLAIN', false), commandFrame(hello));
    await settle();
    expect(commandNames(side.raw)).toEqual(['WELCOME']);
    side.raw.send(commandFrame(encodeCommand('INITIATE', decodeAsMetadata('DEALER'))));
    await settle();
    expect(commandNames(side.raw)).toEqual(['WELCOME', 'READY']);
    expect(side.host.peer?.socketType).toBe('DEALER');
  });
});

/** The property bytes of a READY for `socketType` (what follows the name). */
function decodeAsMetadata(socketType: string): Uint8Array {
  return parseCommand(encodeReady(buildLocalMetadata(socketType))).data;
}

describe('ZMTP engine: staged greeting with a raw peer', () => {
  it('sends the signature before receiving anything, and the rest only as the peer bytes arrive', async () => {
    const side = engineWithRawPeer({ socketType: 'DEALER' });
    await settle();
    expect(hex(side.raw.received())).toBe('ff 00 00 00 00 00 00 00 01 7f');

    const greeting = peerGreeting();
    side.raw.send(greeting.subarray(0, 10));
    await settle();
    expect(side.raw.received().length).toBe(11);
    expect(side.raw.received()[10]).toBe(3);

    side.raw.send(greeting.subarray(10, 11));
    await settle();
    expect(hex(side.raw.received())).toBe(hex(encodeGreeting('NULL', false)));

    side.raw.send(greeting.subarray(11));
    await settle();
    // Our READY follows the peer's full greeting at once (libzmq's NULL does not wait).
    expect(commandNames(side.raw)).toEqual(['READY']);
    const ready = framesAfterGreeting(side.raw)[0].body;
    expect(hex(bytes([0x04, 0x29], ready))).toBe(
      hex(bytes([0x04, 0x29, 0x05], 'READY', [0x0b], 'Socket-Type', [0, 0, 0, 6], 'DEALER', [0x08], 'Identity', [0, 0, 0, 0])),
    );
    expect(side.host.peer).toBeUndefined();

    side.raw.send(peerReady('ROUTER'));
    await settle();
    expect(side.host.peer?.socketType).toBe('ROUTER');
  });

  it('keeps bytes that arrive in the same chunk right after the peer READY', async () => {
    const side = engineWithRawPeer({ socketType: 'PULL' });
    side.raw.send(peerGreeting(), peerReady('PUSH'), messageFrame('one', true), messageFrame('two'), messageFrame('three'));
    await settle();
    expect(side.host.texts()).toEqual([['one', 'two'], ['three']]);
  });

  it('completes when a valid greeting and READY arrive one byte at a time', async () => {
    const side = engineWithRawPeer({ socketType: 'PULL' });
    const wire = bytes(peerGreeting(), peerReady('PUSH'), messageFrame('dripped'));
    for (const byte of wire) {
      side.raw.send([byte]);
      await settle(3);
    }
    await settle();
    expect(side.host.peer?.socketType).toBe('PUSH');
    expect(side.host.texts()).toEqual([['dripped']]);
  });

  it('hits the handshake timeout when the dripped greeting never completes', async () => {
    useFakeTimers();
    const side = engineWithRawPeer({ socketType: 'PULL', handshakeInterval: 500 });
    const greeting = peerGreeting();
    for (let i = 0; i < 40; i++) {
      side.raw.send([greeting[i]]);
      await settle(3);
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(side.host.closeReasons).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    const reason = side.host.closeReason;
    expect(reason).toMatchObject({ kind: 'protocol', handshake: true });
    expect(protocolCode(reason)).toBe('ERR_ZMTP_HANDSHAKE_TIMEOUT');
    expect((reason as { error: Error }).error.message).toMatch(/handshakeInterval \(500 ms\)/);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('hits the handshake timeout when the peer greets but never sends READY', async () => {
    useFakeTimers();
    const side = engineWithRawPeer({ socketType: 'PULL', handshakeInterval: 300 });
    side.raw.send(peerGreeting());
    await settle();
    await vi.advanceTimersByTimeAsync(301);
    expect(protocolCode(side.host.closeReason)).toBe('ERR_ZMTP_HANDSHAKE_TIMEOUT');
  });
});

describe('ZMTP engine: subscriptions', () => {
  it('sends SUBSCRIBE and CANCEL commands to a 3.1 peer', async () => {
    const side = engineWithRawPeer({ socketType: 'SUB' });
    await handshakeRaw(side, 'PUB', 1);
    side.engine.write([bytes([1], 'AB')]);
    side.engine.write([bytes([0], 'AB')]);
    side.engine.write([bytes([2], 'AB')]);
    await settle();
    const frames = framesAfterGreeting(side.raw).slice(1);
    expect(frames.map((f) => hex(bytes([f.flags, f.body.length], f.body)))).toEqual([
      hex(bytes([0x04, 0x0c, 0x09], 'SUBSCRIBE', 'AB')),
      hex(bytes([0x04, 0x09, 0x06], 'CANCEL', 'AB')),
      hex(bytes([0x00, 0x03, 0x02], 'AB')),
    ]);
  });

  it('sends 0x01/0x00-prefixed messages to a 3.0 peer', async () => {
    const side = engineWithRawPeer({ socketType: 'XSUB' });
    await handshakeRaw(side, 'XPUB', 0);
    expect(side.host.peer?.zmtpMinor).toBe(0);
    side.engine.write([bytes([1], 'AB')]);
    side.engine.write([bytes([0], 'AB')]);
    await settle();
    const wire = side.raw.received();
    const afterReady = wire.subarray(wire.length - 10);
    expect(hex(afterReady)).toBe('00 03 01 41 42 00 03 00 41 42');
  });

  it('delivers both subscription forms to an XPUB alike, whatever minor the peer announced', async () => {
    const side = engineWithRawPeer({ socketType: 'XPUB' });
    await handshakeRaw(side, 'SUB', 0);
    side.raw.send(
      commandFrame(encodeCommand('SUBSCRIBE', bytes('AB'))),
      commandFrame(encodeCommand('CANCEL', bytes('AB'))),
      bytes([0x00, 0x03, 0x01], 'CD'),
      bytes([0x00, 0x03, 0x00], 'CD'),
    );
    await settle();
    expect(side.host.messages.map((m) => m.map(hex))).toEqual([
      [hex(bytes([1], 'AB'))],
      [hex(bytes([0], 'AB'))],
      [hex(bytes([1], 'CD'))],
      [hex(bytes([0], 'CD'))],
    ]);
  });

  it('carries subscriptions between two engines (SUB to XPUB)', async () => {
    const [sub, xpub] = enginePair({ socketType: 'SUB' }, { socketType: 'XPUB' });
    await settle();
    sub.engine.write([bytes([1], 'topic')]);
    await settle();
    expect(xpub.host.messages.map((m) => m.map(hex))).toEqual([[hex(bytes([1], 'topic'))]]);
    expect(hex(sub.connection.bytesWritten())).toContain(hex(bytes('SUBSCRIBE')));
  });
});

describe('ZMTP engine: heartbeats', () => {
  it('answers PING with PONG echoing the context, even from a 3.0 peer', async () => {
    const side = engineWithRawPeer({ socketType: 'DEALER' });
    await handshakeRaw(side, 'DEALER', 0);
    side.raw.send(commandFrame(encodePing(0, bytes('ctx'))));
    await settle();
    const frames = framesAfterGreeting(side.raw);
    const pong = frames[frames.length - 1];
    expect(hex(bytes([pong.flags, pong.body.length], pong.body))).toBe(hex(bytes([0x04, 0x08, 0x04], 'PONG', 'ctx')));
    expect(side.host.closeReasons).toEqual([]);
  });

  it('sends PING every interval with the TTL in deciseconds, and engines keep each other alive', async () => {
    useFakeTimers();
    const [a, b] = enginePair(
      { socketType: 'DEALER', heartbeatInterval: 100, heartbeatTimeToLive: 2000, heartbeatTimeout: 150 },
      { socketType: 'DEALER' },
    );
    await settle();
    for (let i = 0; i < 10; i++) await vi.advanceTimersByTimeAsync(100);
    expect(a.host.closeReasons).toEqual([]);
    expect(b.host.closeReasons).toEqual([]);
    const pings = hex(a.connection.bytesWritten()).split(hex(bytes([0x04, 0x07, 0x04], 'PING', [0x00, 0x14]))).length - 1;
    expect(pings).toBeGreaterThanOrEqual(9);
    a.engine.close();
    b.engine.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('closes with ETIMEDOUT when nothing arrives within heartbeatTimeout after a PING', async () => {
    useFakeTimers();
    const side = engineWithRawPeer({ socketType: 'DEALER', heartbeatInterval: 100, heartbeatTimeout: 50 });
    await handshakeRaw(side, 'DEALER');
    await vi.advanceTimersByTimeAsync(100);
    expect(commandNames(side.raw)).toContain('PING');
    expect(side.host.closeReasons).toEqual([]);
    await vi.advanceTimersByTimeAsync(50);
    const reason = side.host.closeReason as { kind: string; error: ZmqError };
    expect(reason.kind).toBe('disconnected');
    expect(reason.error).toBeInstanceOf(ZmqError);
    expect(reason.error.code).toBe('ETIMEDOUT');
    expect(reason.error.message).toMatch(/heartbeatTimeout \(50 ms\)/);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('any traffic after the PING counts as a sign of life', async () => {
    useFakeTimers();
    const side = engineWithRawPeer({ socketType: 'DEALER', heartbeatInterval: 100, heartbeatTimeout: 50 });
    await handshakeRaw(side, 'DEALER');
    await vi.advanceTimersByTimeAsync(100);
    side.raw.send(messageFrame('alive'));
    await vi.advanceTimersByTimeAsync(60);
    expect(side.host.closeReasons).toEqual([]);
    side.engine.destroy();
  });

  it('closes when the peer PING TTL passes with no traffic', async () => {
    useFakeTimers();
    const side = engineWithRawPeer({ socketType: 'DEALER' });
    await handshakeRaw(side, 'DEALER');
    side.raw.send(commandFrame(encodePing(5)));
    await settle();
    await vi.advanceTimersByTimeAsync(400);
    side.raw.send(messageFrame('still here'));
    await settle();
    await vi.advanceTimersByTimeAsync(400);
    expect(side.host.closeReasons).toEqual([]);
    side.raw.send(commandFrame(encodePing(5)));
    await settle();
    await vi.advanceTimersByTimeAsync(499);
    expect(side.host.closeReasons).toEqual([]);
    await vi.advanceTimersByTimeAsync(2);
    const reason = side.host.closeReason as { kind: string; error: ZmqError };
    expect(reason.kind).toBe('disconnected');
    expect(reason.error.code).toBe('ETIMEDOUT');
    expect(reason.error.message).toMatch(/500 ms/);
  });
});

describe('ZMTP engine: bad input closes with a reason', () => {
  it('garbage instead of a greeting', async () => {
    const side = engineWithRawPeer();
    side.raw.send('GET / HTTP/1.1\r\n\r\n');
    await settle();
    const reason = side.host.closeReason;
    expect(reason).toMatchObject({ kind: 'protocol', handshake: true });
    expect(protocolCode(reason)).toBe('ERR_ZMTP_BAD_GREETING');
    expect((reason as { error: Error }).error.message).toMatch(/first byte is 0x47/);
    expect(side.connection.destroyed).toBe(true);
  });

  it('a signature with byte 9 LSB clear', async () => {
    const side = engineWithRawPeer();
    side.raw.send([0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7e]);
    await settle();
    expect(protocolCode(side.host.closeReason)).toBe('ERR_ZMTP_BAD_GREETING');
  });

  it('a ZMTP 2.0 peer', async () => {
    const side = engineWithRawPeer();
    side.raw.send([0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f, 0x01, 0x05]);
    await settle();
    expect(protocolCode(side.host.closeReason)).toBe('ERR_ZMTP_UNSUPPORTED_VERSION');
  });

  it('a 2^63 frame size after the handshake', async () => {
    const side = engineWithRawPeer();
    await handshakeRaw(side);
    side.raw.send([0x02, 0x80, 0, 0, 0, 0, 0, 0, 0]);
    await settle();
    const reason = side.host.closeReason;
    expect(reason).toMatchObject({ kind: 'protocol', handshake: false });
    expect(protocolCode(reason)).toBe('ERR_ZMTP_FRAME_TOO_LARGE');
  });

  it('a huge frame during the handshake, before authentication', async () => {
    const side = engineWithRawPeer();
    side.raw.send(peerGreeting(), [0x06, 0, 0, 0, 0, 0x10, 0, 0, 0]);
    await settle();
    expect(protocolCode(side.host.closeReason)).toBe('ERR_ZMTP_FRAME_TOO_LARGE');
  });

  it('a frame over maxMessageSize', async () => {
    const side = engineWithRawPeer({ maxMessageSize: 4 });
    await handshakeRaw(side);
    side.raw.send(messageFrame('four'), messageFrame('fives'));
    await settle();
    expect(side.host.texts()).toEqual([['four']]);
    expect((side.host.closeReason as { error: Error }).error.message).toMatch(/maxMessageSize of 4 bytes/);
  });

  it('reserved flag bits', async () => {
    const side = engineWithRawPeer();
    await handshakeRaw(side);
    side.raw.send([0x08, 0x01, 0x41]);
    await settle();
    expect(protocolCode(side.host.closeReason)).toBe('ERR_ZMTP_RESERVED_FLAGS');
    expect(side.host.messages).toEqual([]);
  });

  it('a short PING', async () => {
    const side = engineWithRawPeer();
    await handshakeRaw(side);
    side.raw.send(commandFrame(bytes([4], 'PING')));
    await settle();
    const reason = side.host.closeReason;
    expect(protocolCode(reason)).toBe('ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED');
    expect((reason as { error: Error }).error.message).toMatch(/PING without its 2-byte TTL/);
    expect(commandNames(side.raw)).not.toContain('PONG');
  });

  it('a message frame during the handshake', async () => {
    const side = engineWithRawPeer();
    side.raw.send(peerGreeting(), messageFrame('too early'));
    await settle();
    expect(protocolCode(side.host.closeReason)).toBe('ERR_ZMTP_UNEXPECTED_COMMAND');
  });

  it('a malformed READY', async () => {
    const side = engineWithRawPeer();
    side.raw.send(peerGreeting(), commandFrame(bytes([5], 'READY', [3], 'Soc')));
    await settle();
    expect(protocolCode(side.host.closeReason)).toBe('ERR_ZMTP_INVALID_METADATA');
  });

  it('a READY without Socket-Type', async () => {
    const side = engineWithRawPeer();
    side.raw.send(peerGreeting(), commandFrame(encodeCommand('READY')));
    await settle();
    const reason = side.host.closeReason as { error: Error };
    expect(protocolCode(side.host.closeReason)).toBe('ERR_ZMTP_INVALID_METADATA');
    expect(reason.error.message).toMatch(/Socket-Type/);
  });

  it('an unexpected command during the NULL handshake', async () => {
    const side = engineWithRawPeer();
    side.raw.send(peerGreeting(), commandFrame(encodeCommand('HELLO')));
    await settle();
    expect(protocolCode(side.host.closeReason)).toBe('ERR_ZMTP_UNEXPECTED_COMMAND');
  });

  it('ERROR from the peer during the handshake closes with kind auth', async () => {
    const side = engineWithRawPeer();
    side.raw.send(peerGreeting(), commandFrame(encodeCommand('ERROR', bytes([3], '500'))));
    await settle();
    const reason = side.host.closeReason as { kind: string; error: AuthenticationError };
    expect(reason.kind).toBe('auth');
    expect(reason.error.status).toBe(500);
    expect(reason.error.message).toMatch(/ERROR "500"/);
  });

  it('ERROR after the handshake closes with kind protocol', async () => {
    const side = engineWithRawPeer();
    await handshakeRaw(side);
    side.raw.send(commandFrame(encodeCommand('ERROR', bytes([4], 'oops'))));
    await settle();
    const reason = side.host.closeReason;
    expect(reason).toMatchObject({ kind: 'protocol', handshake: false });
    expect((reason as { error: Error }).error.message).toMatch(/"oops"/);
  });

  it('ignores unknown commands after the handshake', async () => {
    const side = engineWithRawPeer();
    await handshakeRaw(side);
    side.raw.send(commandFrame(encodeCommand('JOIN', bytes('group'))), commandFrame(encodeCommand('X-FUTURE')), messageFrame('after'));
    await settle();
    expect(side.host.closeReasons).toEqual([]);
    expect(side.host.texts()).toEqual([['after']]);
  });

  it('an exception from the host while handling input becomes a protocol close, not a throw', async () => {
    const side = engineWithRawPeer();
    await handshakeRaw(side);
    side.host.onMessage = () => {
      throw new TypeError('bug in the session');
    };
    side.raw.send(messageFrame('boom'));
    await settle();
    const reason = side.host.closeReason as { kind: string; error: ProtocolError };
    expect(reason.kind).toBe('protocol');
    expect(reason.error.code).toBe('ERR_ZMTP_UNSPECIFIED');
    expect(reason.error.message).toMatch(/bug in the session/);
  });
});

describe('ZMTP engine: flow control and shutdown', () => {
  it('returns false while the connection is backpressured, then signals drain once', async () => {
    const [a, b] = enginePair({ socketType: 'PUSH' }, { socketType: 'PULL' });
    await settle();
    a.connection.setWritable(false);
    expect(a.engine.write([bytes('1')])).toBe(true);
    await settle();
    expect(a.engine.write([bytes('2')])).toBe(false);
    expect(a.engine.write([bytes('3')])).toBe(false);
    expect(a.host.drains).toBe(0);
    await settle();
    a.connection.setWritable(true);
    await settle();
    expect(a.host.drains).toBe(1);
    expect(a.engine.write([bytes('4')])).toBe(true);
    await settle();
    expect(b.host.texts()).toEqual([['1'], ['2'], ['3'], ['4']]);
  });

  it('flushes at once when a lot is written in one tick', () => {
    const [a] = enginePair({ socketType: 'PUSH' }, { socketType: 'PULL' });
    return settle().then(() => {
      const before = a.connection.written.length;
      a.engine.write([new Uint8Array(300 * 1024)]);
      expect(a.connection.written.length).toBeGreaterThan(before);
    });
  });

  it('pause holds messages and resume delivers them in order', async () => {
    const side = engineWithRawPeer({ socketType: 'PULL' });
    await handshakeRaw(side, 'PUSH');
    side.host.onMessage = () => side.engine.pause();
    side.raw.send(messageFrame('1'), messageFrame('2'), messageFrame('3'));
    await settle();
    expect(side.host.texts()).toEqual([['1']]);
    expect(side.connection.pauseCalls).toBe(1);
    side.host.onMessage = undefined;
    side.engine.resume();
    await settle();
    expect(side.host.texts()).toEqual([['1'], ['2'], ['3']]);
  });

  it('close flushes what was written, ends the connection and reports local once', async () => {
    const [a, b] = enginePair({ socketType: 'PUSH' }, { socketType: 'PULL' });
    await settle();
    a.engine.write([bytes('last words')]);
    a.engine.close();
    a.engine.close();
    await settle();
    expect(a.connection.ended).toBe(true);
    expect(a.host.closeReasons).toEqual([{ kind: 'local' }]);
    expect(b.host.texts()).toEqual([['last words']]);
    expect(b.host.closeReason?.kind).toBe('disconnected');
    expect(a.engine.write([bytes('after close')])).toBe(false);
  });

  it('destroy drops what was queued', async () => {
    const [a, b] = enginePair({ socketType: 'PUSH' }, { socketType: 'PULL' });
    await settle();
    a.engine.write([bytes('dropped')]);
    a.engine.destroy();
    await settle();
    expect(a.connection.destroyed).toBe(true);
    expect(a.host.closeReasons).toEqual([{ kind: 'local' }]);
    expect(b.host.messages).toEqual([]);
    expect(b.host.closeReason?.kind).toBe('disconnected');
  });

  it('reports disconnected when the peer goes away during the handshake', async () => {
    const side = engineWithRawPeer();
    side.raw.send(peerGreeting());
    await settle();
    side.raw.connection.destroy();
    await settle();
    expect(side.host.closeReason).toEqual({ kind: 'disconnected' });
  });

  it('clears its timers when closed', async () => {
    useFakeTimers();
    const [a, b] = enginePair({ heartbeatInterval: 100, handshakeInterval: 1000 }, { heartbeatInterval: 100 });
    await settle();
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    a.engine.destroy();
    b.engine.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('ZMTP engine: frame cipher', () => {
  /** A toy mechanism: NULL's handshake plus a reversible byte scramble, to check the cipher plumbing. */
  const scrambled: Mechanism = {
    ...nullMechanism,
    name: 'X-SCRAMBLE',
    createSession(context) {
      const inner = nullMechanism.createSession(context);
      const cipher: FrameCipher = {
        encrypt: (flags, body) => bytes([0x07], 'MESSAGE', [flags], body.map((b) => b ^ 0x5a)),
        decrypt: (command) => {
          if (command[0] !== 7) throw new ProtocolError('ERR_ZMTP_MALFORMED_COMMAND_MESSAGE', 'not a MESSAGE');
          const { name, data } = parseCommand(command);
          if (name !== 'MESSAGE') throw new ProtocolError('ERR_ZMTP_MALFORMED_COMMAND_MESSAGE', 'not a MESSAGE');
          return { flags: data[0], body: data.subarray(1).map((b) => b ^ 0x5a) };
        },
      };
      return { start: () => inner.start(), receive: (c) => inner.receive(c), cipher };
    },
  };

  it('wraps every frame after the handshake in a command, commands included', async () => {
    useFakeTimers();
    const [a, b] = enginePair(
      { socketType: 'SUB', mechanism: scrambled, heartbeatInterval: 100 },
      { socketType: 'XPUB', mechanism: scrambled },
    );
    await settle();
    const handshakeBytes = a.connection.bytesWritten().length;
    a.engine.write([bytes([1], 'news')]);
    await vi.advanceTimersByTimeAsync(100);
    b.engine.write([bytes('news'), bytes('flash')]);
    await settle();
    expect(b.host.messages.map((m) => m.map(hex))).toEqual([[hex(bytes([1], 'news'))]]);
    expect(a.host.texts()).toEqual([['news', 'flash']]);
    expect(a.host.closeReasons).toEqual([]);

    const decoder = new FrameDecoder({ maxFrameSize: -1 });
    decoder.push(a.connection.bytesWritten().subarray(handshakeBytes));
    const sent: string[] = [];
    for (let body = decoder.next(); body; body = decoder.next()) {
      expect(decoder.flags).toBe(FLAG_COMMAND);
      sent.push(parseCommand(body).name);
    }
    // SUBSCRIBE and PING both travelled inside MESSAGE commands.
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(new Set(sent)).toEqual(new Set(['MESSAGE']));
    a.engine.destroy();
    b.engine.destroy();
  });

  it('hands every frame to the cipher, which refuses an unprotected one', async () => {
    const side = engineWithRawPeer({ mechanism: scrambled });
    side.raw.send(encodeGreeting('X-SCRAMBLE', false), peerReady('DEALER'), messageFrame('plain'));
    await settle();
    expect(side.host.peer?.socketType).toBe('DEALER');
    expect(protocolCode(side.host.closeReason)).toBe('ERR_ZMTP_MALFORMED_COMMAND_MESSAGE');
    expect(side.host.messages).toEqual([]);
  });

  it("sends carriers as single message frames when the cipher's carrier is 'message' (libzmq CURVE)", async () => {
    const asMessages: Mechanism = {
      ...scrambled,
      createSession(context) {
        const session = scrambled.createSession(context);
        return { start: () => session.start(), receive: (c) => session.receive(c), cipher: { ...session.cipher!, carrier: 'message' } };
      },
    };
    const [a, b] = enginePair({ mechanism: asMessages }, { mechanism: asMessages });
    await settle();
    const handshakeBytes = a.connection.bytesWritten().length;
    a.engine.write([bytes('one'), bytes('two')]);
    await settle();
    expect(b.host.texts()).toEqual([['one', 'two']]);
    const decoder = new FrameDecoder({ maxFrameSize: -1 });
    decoder.push(a.connection.bytesWritten().subarray(handshakeBytes));
    const flags: number[] = [];
    for (let body = decoder.next(); body; body = decoder.next()) flags.push(decoder.flags);
    // MORE travels inside the carrier; each carrier is a final message frame.
    expect(flags).toEqual([0, 0]);
    a.engine.destroy();
    b.engine.destroy();
  });
});

describe('ZMTP engine: end of stream', () => {
  it('says so when the peer ends in the middle of a frame or of a multipart message', async () => {
    for (const [tail, cut] of [
      [bytes([0x00, 0x05], 'ab'), 'a frame'],
      [messageFrame('first', true), 'a multipart message'],
    ] as const) {
      const side = engineWithRawPeer({ socketType: 'PULL' });
      side.raw.send(peerGreeting(), peerReady('PUSH'), tail);
      side.raw.connection.end();
      await settle();
      const reason = side.host.closeReason as { kind: string; error?: ProtocolError };
      expect(reason.kind).toBe('disconnected');
      expect(reason.error?.code).toBe('ERR_ZMTP_MALFORMED_FRAME');
      expect(reason.error?.message).toContain(`in the middle of ${cut}`);
    }
  });

  it('reports a clean end without an error', async () => {
    const side = engineWithRawPeer({ socketType: 'PULL' });
    side.raw.send(peerGreeting(), peerReady('PUSH'), messageFrame('whole'));
    side.raw.connection.end();
    await settle();
    expect(side.host.closeReason).toEqual({ kind: 'disconnected' });
  });
});

describe('ZMTP engine: metadata decoding', () => {
  it('reports every READY property, names as sent', async () => {
    const side = engineWithRawPeer({ socketType: 'ROUTER' });
    const metadata = buildLocalMetadata('DEALER', 'abc', { 'X-Colour': 'blue' });
    side.raw.send(peerGreeting(), commandFrame(encodeReady(metadata)));
    await settle();
    const peer = side.host.peer!;
    expect([...peer.metadata.keys()]).toEqual(['Socket-Type', 'Identity', 'X-Colour']);
    expect(new TextDecoder().decode(peer.identity)).toBe('abc');
    expect(decodeMetadataCommand('READY', parseCommand(encodeReady(metadata)).data).get('X-Colour')).toEqual(bytes('blue'));
  });
});
