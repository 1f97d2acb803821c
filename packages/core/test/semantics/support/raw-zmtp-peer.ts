/**
 * A hand-written ZMTP 3.1 peer on a raw Node socket, for tests that need a peer
 * which misbehaves on purpose (for example one that never answers PINGs). It does
 * the NULL handshake and then only reports what arrives.
 */
import { connect, createServer, type Server, type Socket as NetSocket } from 'node:net';
import type { Transport } from './addresses.js';
import { bindAddress } from './addresses.js';
import { Condition } from './condition.js';
import { within } from './waits.js';

const GREETING_SIZE = 64;
const FLAG_MORE = 0x01;
const FLAG_LONG = 0x02;
const FLAG_COMMAND = 0x04;

/** Our 64-byte greeting: signature, version 3.1, mechanism NULL, as-server 0. */
export function greeting(): Uint8Array {
  const bytes = new Uint8Array(GREETING_SIZE);
  bytes[0] = 0xff;
  bytes[8] = 0x01; // padding carries identity length + 1, as libzmq writes it
  bytes[9] = 0x7f;
  bytes[10] = 3;
  bytes[11] = 1;
  bytes.set(new TextEncoder().encode('NULL'), 12);
  return bytes;
}

/** One frame with the flags and a short or long size, as the body length needs. */
export function frame(flags: number, body: Uint8Array): Uint8Array {
  if (body.length <= 255) {
    const out = new Uint8Array(2 + body.length);
    out[0] = flags;
    out[1] = body.length;
    out.set(body, 2);
    return out;
  }
  const out = new Uint8Array(9 + body.length);
  out[0] = flags | FLAG_LONG;
  new DataView(out.buffer).setBigUint64(1, BigInt(body.length));
  out.set(body, 9);
  return out;
}

/** A command frame: name length, name, data. */
export function command(name: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  const body = new Uint8Array(1 + nameBytes.length + data.length);
  body[0] = nameBytes.length;
  body.set(nameBytes, 1);
  body.set(data, 1 + nameBytes.length);
  return frame(FLAG_COMMAND, body);
}

/** READY with the Socket-Type property (libzmq matches property names case-sensitively). */
export function readyCommand(socketType: string): Uint8Array {
  const encoder = new TextEncoder();
  const name = encoder.encode('Socket-Type');
  const value = encoder.encode(socketType);
  const data = new Uint8Array(1 + name.length + 4 + value.length);
  data[0] = name.length;
  data.set(name, 1);
  new DataView(data.buffer).setUint32(1 + name.length, value.length);
  data.set(value, 1 + name.length + 4);
  return command('READY', data);
}

/** PING with a TTL in tenths of a second and an opaque context. */
export function pingCommand(ttlDeciseconds: number, context: Uint8Array): Uint8Array {
  const data = new Uint8Array(2 + context.length);
  new DataView(data.buffer).setUint16(0, ttlDeciseconds);
  data.set(context, 2);
  return command('PING', data);
}

/** A frame read from the peer. */
export interface ReceivedFrame {
  more: boolean;
  isCommand: boolean;
  body: Uint8Array;
}

/** A received command split into its name and data. */
export interface ReceivedCommand {
  name: string;
  data: Uint8Array;
}

/**
 * One raw connection: sends the greeting at once (libzmq waits for our signature
 * before it sends the rest of its own), READY once the peer's greeting is in, and
 * then records frames.
 */
export class RawZmtpConnection {
  readonly commands: ReceivedCommand[] = [];
  readonly messages: ReceivedFrame[][] = [];
  /** Resolves when the connection closes; the raw peer never closes it itself. */
  readonly closed: Promise<void>;
  /** True once the connection closed. */
  isClosed = false;
  /** When set, every PING is answered with a PONG carrying its context. */
  answerPings = false;
  private buffered = new Uint8Array(0);
  private greeted = false;
  private partial: ReceivedFrame[] = [];
  private readonly condition = new Condition();

  constructor(
    readonly socket: NetSocket,
    private readonly socketType: string,
  ) {
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.isClosed = true;
        this.condition.changed();
        resolve();
      }),
    );
    socket.on('error', () => {
      /* the close that follows is what tests look at */
    });
    socket.on('data', (chunk: Uint8Array) => this.onData(chunk));
    socket.write(greeting());
  }

  /** PING commands received so far. */
  get pings(): ReceivedCommand[] {
    return this.commands.filter((received) => received.name === 'PING');
  }

  /** Resolves once `predicate` holds, re-checking after every frame. */
  async until(predicate: () => boolean, what: string, ms?: number): Promise<void> {
    await this.condition.until(predicate, what, ms);
  }

  send(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  private onData(chunk: Uint8Array): void {
    const joined = new Uint8Array(this.buffered.length + chunk.length);
    joined.set(this.buffered);
    joined.set(chunk, this.buffered.length);
    this.buffered = joined;
    if (!this.greeted) {
      if (this.buffered.length < GREETING_SIZE) return;
      this.buffered = this.buffered.subarray(GREETING_SIZE);
      this.greeted = true;
      this.socket.write(readyCommand(this.socketType));
    }
    this.readFrames();
    this.condition.changed();
  }

  private readFrames(): void {
    for (;;) {
      const bytes = this.buffered;
      if (bytes.length < 2) return;
      const flags = bytes[0];
      const long = (flags & FLAG_LONG) !== 0;
      const headerSize = long ? 9 : 2;
      if (bytes.length < headerSize) return;
      const size = long ? Number(new DataView(bytes.buffer, bytes.byteOffset + 1, 8).getBigUint64(0)) : bytes[1];
      if (bytes.length < headerSize + size) return;
      const body = bytes.slice(headerSize, headerSize + size);
      this.buffered = bytes.subarray(headerSize + size);
      this.onFrame({ more: (flags & FLAG_MORE) !== 0, isCommand: (flags & FLAG_COMMAND) !== 0, body });
    }
  }

  private onFrame(received: ReceivedFrame): void {
    if (received.isCommand) {
      const nameLength = received.body[0];
      const name = new TextDecoder().decode(received.body.subarray(1, 1 + nameLength));
      const data = received.body.subarray(1 + nameLength);
      this.commands.push({ name, data });
      // PING data: TTL (2 bytes), then the context to echo back.
      if (name === 'PING' && this.answerPings) this.send(command('PONG', data.subarray(2)));
      return;
    }
    this.partial.push(received);
    if (!received.more) this.messages.push(this.partial.splice(0));
  }
}

/** A raw ZMTP listener on tcp or ipc; each accepted connection is handshaken as `socketType`. */
export class RawZmtpListener {
  readonly connections: RawZmtpConnection[] = [];
  private readonly condition = new Condition();

  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
    socketType: string,
  ) {
    server.on('connection', (socket) => {
      this.connections.push(new RawZmtpConnection(socket, socketType));
      this.condition.changed();
    });
  }

  static async listen(transport: Transport, socketType: string): Promise<RawZmtpListener> {
    const server = createServer();
    if (transport === 'tcp') {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('expected a tcp address');
      return new RawZmtpListener(server, `tcp://127.0.0.1:${address.port}`, socketType);
    }
    if (transport === 'ipc') {
      const endpoint = bindAddress('ipc');
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(endpoint.slice('ipc://'.length), () => resolve());
      });
      return new RawZmtpListener(server, endpoint, socketType);
    }
    throw new Error('a raw ZMTP peer needs a byte stream: use tcp or ipc');
  }

  /** The first connection, once a peer has connected. */
  async firstConnection(): Promise<RawZmtpConnection> {
    await this.condition.until(() => this.connections.length > 0, 'a connection to the raw ZMTP listener');
    return this.connections[0];
  }

  async close(): Promise<void> {
    for (const connection of this.connections) connection.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Connects a raw ZMTP peer to a tcp:// or ipc:// endpoint. */
export async function connectRaw(endpoint: string, socketType: string): Promise<RawZmtpConnection> {
  let socket: NetSocket;
  if (endpoint.startsWith('tcp://')) {
    const hostPort = endpoint.slice('tcp://'.length);
    const colon = hostPort.lastIndexOf(':');
    socket = connect(Number(hostPort.slice(colon + 1)), hostPort.slice(0, colon));
  } else if (endpoint.startsWith('ipc://')) {
    socket = connect(endpoint.slice('ipc://'.length));
  } else {
    throw new Error(`a raw ZMTP peer cannot connect to ${endpoint}: use tcp or ipc`);
  }
  await within(
    new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    }),
    `a raw connection to ${endpoint}`,
  );
  return new RawZmtpConnection(socket, socketType);
}
