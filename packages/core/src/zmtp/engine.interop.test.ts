/**
 * The engine against real libzmq 4.3.5 (the `zeromq` npm package) over TCP.
 * A tiny net.Socket adapter stands in for core's tcp transport, so this checks
 * the engine alone, byte for byte, against the reference implementation.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import * as zmq from 'zeromq';
import type { Connection, ConnectionHandler } from '../contracts/connection.js';
import type { Engine } from '../contracts/engine.js';
import type { AuthRequest, Authenticator } from '../contracts/mechanism.js';
import { nullMechanism } from '../mechanisms/null.js';
import { plainMechanism } from '../mechanisms/plain.js';
import { RecordingHost, bytes } from './connection-pair.test-helper.js';
import { createZmtpEngine, type ZmtpEngineOptions } from './engine.js';
import { buildLocalMetadata } from './local-metadata.js';

class SocketConnection implements Connection {
  readonly remoteAddress: string;
  readonly localAddress: string;

  constructor(private readonly socket: net.Socket) {
    this.remoteAddress = `tcp://${socket.remoteAddress}:${socket.remotePort}`;
    this.localAddress = `tcp://${socket.localAddress}:${socket.localPort}`;
    socket.setNoDelay(true);
  }

  setHandler(handler: ConnectionHandler): void {
    this.socket.on('data', (chunk) => handler.data(chunk));
    this.socket.on('drain', () => handler.drain());
    this.socket.on('end', () => handler.end());
    this.socket.on('error', () => {});
    this.socket.on('close', () => handler.close());
  }

  write(chunk: Uint8Array): boolean {
    return this.socket.write(chunk);
  }

  writev(chunks: Uint8Array[]): boolean {
    this.socket.cork();
    let ok = true;
    for (const chunk of chunks) ok = this.socket.write(chunk) && ok;
    this.socket.uncork();
    return ok;
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }
}

const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function options(socketType: string, overrides: Partial<ZmtpEngineOptions> = {}): ZmtpEngineOptions {
  return {
    socketType,
    localMetadata: buildLocalMetadata(socketType),
    mechanism: nullMechanism,
    socketOptions: {},
    zapDomain: '',
    handshakeInterval: 5000,
    heartbeatInterval: 0,
    heartbeatTimeToLive: 0,
    heartbeatTimeout: 0,
    maxMessageSize: -1,
    ...overrides,
  };
}

function port(endpoint: string): number {
  return Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));
}

/** Dials a bound libzmq socket and runs our engine on the connection. */
async function dial(endpoint: string, engineOptions: ZmtpEngineOptions): Promise<{ engine: Engine; host: RecordingHost }> {
  const socket = net.connect(port(endpoint), '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const host = new RecordingHost();
  const engine = createZmtpEngine(new SocketConnection(socket), engineOptions);
  engine.start(host);
  cleanups.push(() => engine.destroy());
  return { engine, host };
}

/** Listens for one libzmq connection and runs our engine on it. */
async function listen(engineOptions: ZmtpEngineOptions): Promise<{ endpoint: string; accepted: Promise<{ engine: Engine; host: RecordingHost }> }> {
  let resolveAccepted!: (value: { engine: Engine; host: RecordingHost }) => void;
  const accepted = new Promise<{ engine: Engine; host: RecordingHost }>((resolve) => (resolveAccepted = resolve));
  const server = net.createServer((socket) => {
    const host = new RecordingHost();
    const engine = createZmtpEngine(new SocketConnection(socket), engineOptions);
    engine.start(host);
    cleanups.push(() => engine.destroy());
    resolveAccepted({ engine, host });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  const address = server.address() as net.AddressInfo;
  return { endpoint: `tcp://127.0.0.1:${address.port}`, accepted };
}

function zmqSocket<T extends zmq.Socket>(socket: T): T {
  socket.linger = 0;
  cleanups.push(() => socket.close());
  return socket;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error(`gave up waiting for ${what}`);
}

const text = (frames: Uint8Array[]) => frames.map((frame) => Buffer.from(frame).toString());

describe('engine interop with libzmq 4.3.5 (zeromq npm)', () => {
  it('DEALER (ours) and ROUTER (libzmq) exchange messages; libzmq sees our Identity', async () => {
    const router = zmqSocket(new zmq.Router());
    await router.bind('tcp://127.0.0.1:*');
    const { engine, host } = await dial(
      router.lastEndpoint!,
      options('DEALER', { localMetadata: buildLocalMetadata('DEALER', 'ts-dealer') }),
    );
    await until(() => host.peer !== undefined, 'the handshake');
    expect(host.peer).toMatchObject({ socketType: 'ROUTER', zmtpMinor: 1, mechanism: 'NULL' });

    engine.write([bytes('hello'), bytes('world')]);
    const [identity, ...rest] = await router.receive();
    expect(identity.toString()).toBe('ts-dealer');
    expect(text(rest)).toEqual(['hello', 'world']);

    await router.send(['ts-dealer', 'reply', Buffer.alloc(1000, 7)]);
    await until(() => host.messages.length === 1, 'the reply');
    expect(text(host.messages[0]).slice(0, 1)).toEqual(['reply']);
    expect([...host.messages[0][1]]).toEqual(new Array(1000).fill(7));
  });

  it('PUSH (ours) batches many messages that PULL (libzmq) receives in order', async () => {
    const pull = zmqSocket(new zmq.Pull());
    await pull.bind('tcp://127.0.0.1:*');
    const { engine, host } = await dial(pull.lastEndpoint!, options('PUSH'));
    await until(() => host.peer !== undefined, 'the handshake');
    for (let i = 0; i < 2000; i++) engine.write([bytes(`m${i}`), new Uint8Array(i % 300)]);
    for (let i = 0; i < 2000; i++) {
      const [first, second] = await pull.receive();
      expect(first.toString()).toBe(`m${i}`);
      expect(second.length).toBe(i % 300);
    }
  });

  it('SUB (ours) subscribes to a PUB and an XPUB (libzmq) with 3.1 commands', async () => {
    const xpub = zmqSocket(new zmq.XPublisher());
    await xpub.bind('tcp://127.0.0.1:*');
    const { engine, host } = await dial(xpub.lastEndpoint!, options('SUB'));
    await until(() => host.peer !== undefined, 'the handshake');
    engine.write([bytes([1], 'weather')]);
    const [subscription] = await xpub.receive();
    expect([...subscription]).toEqual([...bytes([1], 'weather')]);
    engine.write([bytes([0], 'weather')]);
    const [cancel] = await xpub.receive();
    expect([...cancel]).toEqual([...bytes([0], 'weather')]);

    const pub = zmqSocket(new zmq.Publisher());
    await pub.bind('tcp://127.0.0.1:*');
    const sub = await dial(pub.lastEndpoint!, options('SUB'));
    await until(() => sub.host.peer !== undefined, 'the handshake');
    sub.engine.write([bytes([1], 'A')]);
    // The subscription reaches PUB asynchronously: publish until one arrives.
    for (let i = 0; sub.host.messages.length === 0 && i < 200; i++) {
      await pub.send(['B', 'filtered out']);
      await pub.send(['A', 'wanted']);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(sub.host.texts()[0]).toEqual(['A', 'wanted']);
    expect(sub.host.texts().every(([topic]) => topic === 'A')).toBe(true);
  });

  it('XPUB (ours) receives subscriptions from SUB (libzmq) as 0x01-prefixed messages', async () => {
    const { endpoint, accepted } = await listen(options('XPUB'));
    const sub = zmqSocket(new zmq.Subscriber());
    sub.connect(endpoint);
    sub.subscribe('news');
    const { host } = await accepted;
    await until(() => host.messages.length === 1, 'the subscription');
    expect([...host.messages[0][0]]).toEqual([...bytes([1], 'news')]);
    sub.unsubscribe('news');
    await until(() => host.messages.length === 2, 'the cancel');
    expect([...host.messages[1][0]]).toEqual([...bytes([0], 'news')]);
  });

  it('answers libzmq heartbeats and keeps its own going with libzmq', async () => {
    const dealer = zmqSocket(new zmq.Dealer({ heartbeatInterval: 20, heartbeatTimeout: 200, heartbeatTimeToLive: 500 }));
    const { endpoint, accepted } = await listen(
      options('ROUTER', { heartbeatInterval: 20, heartbeatTimeout: 200, heartbeatTimeToLive: 500 }),
    );
    dealer.connect(endpoint);
    const { host } = await accepted;
    await until(() => host.peer !== undefined, 'the handshake');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(host.closeReasons).toEqual([]);
    await dealer.send('still connected');
    await until(() => host.messages.length === 1, 'a message after heartbeats');
    expect(host.texts()).toEqual([['still connected']]);
  });

  it('PLAIN server (ours) authenticates a libzmq client, and refuses a wrong password', async () => {
    const requests: AuthRequest[] = [];
    const authenticate: Authenticator = (request) => {
      requests.push(request);
      const [user, password] = request.credentials.map((c) => Buffer.from(c).toString());
      return user === 'admin' && password === 'secret' ? { status: 200, userId: 'admin-id' } : { status: 400 };
    };
    const serverOptions = options('ROUTER', {
      mechanism: plainMechanism,
      socketOptions: { plainServer: true },
      authenticate,
      zapDomain: 'interop',
    });

    const good = await listen(serverOptions);
    const client = zmqSocket(new zmq.Dealer({ plainUsername: 'admin', plainPassword: 'secret', routingId: 'plain-client' }));
    client.connect(good.endpoint);
    const { host } = await good.accepted;
    await until(() => host.peer !== undefined, 'the PLAIN handshake');
    expect(host.peer).toMatchObject({ socketType: 'DEALER', userId: 'admin-id', mechanism: 'PLAIN' });
    expect(Buffer.from(host.peer!.identity!).toString()).toBe('plain-client');
    expect(requests[0]).toMatchObject({ domain: 'interop', mechanism: 'PLAIN' });
    await client.send('authenticated');
    await until(() => host.messages.length === 1, 'a message over PLAIN');

    const bad = await listen(serverOptions);
    const intruder = zmqSocket(new zmq.Dealer({ plainUsername: 'admin', plainPassword: 'guess' }));
    const failures: string[] = [];
    intruder.events.on('handshake:error:auth', () => failures.push('auth'));
    intruder.events.on('handshake:error:protocol', (event) => failures.push(`protocol ${event.error.code}`));
    intruder.connect(bad.endpoint);
    const rejected = await bad.accepted;
    await until(() => rejected.host.closeReasons.length === 1, 'the rejection');
    expect(rejected.host.closeReasons[0].kind).toBe('auth');
    expect(rejected.host.peer).toBeUndefined();
    await until(() => failures.length > 0, 'libzmq to report the handshake failure');
    // libzmq's PLAIN client only understands its own spelling of ERROR (`5e 'RROR'`, see
    // commands.ts); our PLAIN server sends that spelling, so libzmq reports an auth failure.
    expect(failures[0]).toBe('auth');
  });

  it('PLAIN client (ours) logs in to a libzmq PLAIN server with a ZAP handler', async () => {
    const zap = zmqSocket(new zmq.Router());
    await zap.bind('inproc://zeromq.zap.01');
    const zapRequests: string[][] = [];
    void (async () => {
      for await (const [routing, delimiter, version, requestId, ...rest] of zap) {
        zapRequests.push(rest.map((frame) => frame.toString()));
        const ok = rest[4]?.toString() === 'ts-user' && rest[5]?.toString() === 'ts-pass';
        await zap.send([routing, delimiter, version, requestId, ok ? '200' : '400', ok ? 'OK' : 'NO', 'ts-user', '']);
      }
    })().catch(() => {});

    const router = zmqSocket(new zmq.Router({ plainServer: true, zapDomain: 'z' }));
    await router.bind('tcp://127.0.0.1:*');
    const { engine, host } = await dial(
      router.lastEndpoint!,
      options('DEALER', {
        mechanism: plainMechanism,
        socketOptions: { plainUsername: 'ts-user', plainPassword: 'ts-pass' },
        localMetadata: buildLocalMetadata('DEALER', 'ts-plain'),
      }),
    );
    await until(() => host.peer !== undefined || host.closeReasons.length > 0, 'the PLAIN handshake');
    expect(host.closeReasons).toEqual([]);
    expect(zapRequests[0]).toEqual(['z', '127.0.0.1', '', 'PLAIN', 'ts-user', 'ts-pass']);
    engine.write([bytes('over plain')]);
    const [identity, payload] = await router.receive();
    expect(identity.toString()).toBe('ts-plain');
    expect(payload.toString()).toBe('over plain');

    const refused = await dial(
      router.lastEndpoint!,
      options('DEALER', { mechanism: plainMechanism, socketOptions: { plainUsername: 'ts-user', plainPassword: 'nope' } }),
    );
    await until(() => refused.host.closeReasons.length > 0, 'the refusal');
    const reason = refused.host.closeReasons[0] as { kind: string; error: { status: number } };
    expect(reason.kind).toBe('auth');
    expect(reason.error.status).toBe(400);
  });

  it('libzmq closes an incompatible pair, and so do we', async () => {
    const pull = zmqSocket(new zmq.Pull());
    await pull.bind('tcp://127.0.0.1:*');
    const { host } = await dial(pull.lastEndpoint!, options('PULL'));
    await until(() => host.closeReasons.length > 0, 'the close');
    const reason = host.closeReasons[0];
    expect(reason.kind === 'protocol' || reason.kind === 'disconnected').toBe(true);
    expect(host.peer).toBeUndefined();
  });
});

/** Runs a Python (pyzmq, Debian's libzmq 4.3.4) script; resolves with its stdout lines as they come. */
function python(script: string): { lines: string[]; exited: Promise<number | null> } {
  const child = spawn('/usr/bin/python3', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts);
  });
  cleanups.push(() => child.kill());
  return { lines, exited: new Promise((resolve) => child.on('exit', resolve)) };
}

describe('engine interop with libzmq 4.3.4 (Debian python3-zmq)', () => {
  it('PUSH (ours) to PULL (pyzmq), and SUB (pyzmq) to XPUB (ours) with a 3.1 SUBSCRIBE', async () => {
    const { endpoint, accepted } = await listen(options('XPUB'));
    const peer = python(`
import sys, zmq
ctx = zmq.Context()
pull = ctx.socket(zmq.PULL); pull.linger = 0
port = pull.bind_to_random_port('tcp://127.0.0.1')
print(port, flush=True)
print('|'.join(part.decode() for part in pull.recv_multipart()), flush=True)
sub = ctx.socket(zmq.SUB); sub.linger = 0
sub.connect('${endpoint}')
sub.setsockopt(zmq.SUBSCRIBE, b'py-topic')
sub.poll(1000)
print('done', flush=True)
`);
    await until(() => peer.lines.length >= 1, 'the python PULL to bind');
    const push = await dial(`tcp://127.0.0.1:${peer.lines[0]}`, options('PUSH'));
    await until(() => push.host.peer !== undefined, 'the handshake with libzmq 4.3.4');
    expect(push.host.peer?.zmtpMinor).toBe(1);
    push.engine.write([bytes('from'), bytes('typescript')]);
    await until(() => peer.lines.length >= 2, 'python to receive');
    expect(peer.lines[1]).toBe('from|typescript');

    const { host } = await accepted;
    await until(() => host.messages.length === 1, 'the python subscription');
    expect([...host.messages[0][0]]).toEqual([...bytes([1], 'py-topic')]);
    expect(host.peer?.socketType).toBe('SUB');
    await peer.exited;
  });
});
