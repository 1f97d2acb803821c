import type { Connection } from '../contracts/connection.js';
import type { Engine, EngineCloseReason, EngineHost, PeerInfo } from '../contracts/engine.js';
import type {
  Authenticator,
  FrameCipher,
  HandshakeStep,
  Mechanism,
  MechanismSession,
  Metadata,
} from '../contracts/mechanism.js';
import { AuthenticationError, ProtocolError, ZmqError } from '../errors.js';
import type { Message } from '../message.js';
import { allocBytes } from '../platform.js';
import { ByteQueue } from './byte-queue.js';
import { parseCommand } from './command.js';
import {
  CANCEL,
  JOIN,
  LEAVE,
  ERROR,
  PING,
  PONG,
  SUBSCRIBE,
  decodeError,
  decodePing,
  encodeCancel,
  encodeJoin,
  encodeLeave,
  encodeError,
  encodePing,
  encodePong,
  encodeSubscribe,
  errorCommandReason,
  peerRejection,
} from './commands.js';
import { FLAG_COMMAND, FLAG_MORE } from './frame.js';
import { FrameDecoder, HARD_FRAME_LIMIT } from './frame-decoder.js';
import { FrameEncoder } from './frame-encoder.js';
import { GreetingExchange, type PeerGreeting } from './greeting.js';
import { compatiblePeerTypes, isCompatibleSocketType } from './socket-types.js';
import { Timer } from './timer.js';

export interface ZmtpEngineOptions {
  /** Local socket type, e.g. 'DEALER'. */
  socketType: string;
  /** From buildLocalMetadata. */
  localMetadata: Metadata;
  /** Chosen by the socket. */
  mechanism: Mechanism;
  /** plainUsername, plainServer, ... as the socket holds them. */
  socketOptions: Readonly<Record<string, unknown>>;
  /** Server side of PLAIN (and later CURVE); NULL calls it too when set. */
  authenticate?: Authenticator;
  zapDomain: string;
  /** ms; 0 = no limit (libzmq default 30000). */
  handshakeInterval: number;
  /** ms; 0 = no heartbeats. */
  heartbeatInterval: number;
  /** ms, sent in PING as deciseconds. */
  heartbeatTimeToLive: number;
  /** ms; 0 = same as heartbeatInterval. */
  heartbeatTimeout: number;
  /** Bytes per frame; -1 = no limit. */
  maxMessageSize: number;
}

/**
 * Largest command frame accepted before the handshake is done: handshake
 * commands are small, and an unauthenticated peer must not make us buffer much.
 * (maxMessageSize applies to messages, from the end of the handshake on.)
 */
export const HANDSHAKE_FRAME_LIMIT = 1024 * 1024;
/** Queued output above which `write` flushes at once instead of at the end of the turn. */
const FLUSH_THRESHOLD = 256 * 1024;
/** Memory charged per received frame besides its body, so floods of empty frames count too. */
const FRAME_OVERHEAD = 32;

type State = 'new' | 'greeting' | 'handshake' | 'ready' | 'closed';
type Teardown = 'end' | 'destroy' | 'none';

/** Runs ZMTP 3.1 (greeting, security handshake, framing, heartbeats) on a byte connection. */
export function createZmtpEngine(connection: Connection, options: ZmtpEngineOptions): Engine {
  return new ZmtpEngine(connection, options);
}

class ZmtpEngine implements Engine {
  private host: EngineHost | undefined;
  private state: State = 'new';
  private readonly queue = new ByteQueue();
  private readonly decoder: FrameDecoder;
  private readonly encoder: FrameEncoder;
  private readonly greeting: GreetingExchange;
  private peer: PeerGreeting | undefined;
  private session: MechanismSession | undefined;
  /** The socket's mechanism, or the one its greeting negotiation chose. */
  private mechanism: Mechanism;
  private cipher: FrameCipher | undefined;
  /** Flags of the frames that carry encrypted frames (see FrameCipher.carrier). */
  private carrierFlags = FLAG_COMMAND;
  private readonly subscriptionsAsCommands: boolean;
  /** A DISH's `0x01 group` / `0x00 group` messages leave as JOIN / LEAVE commands; a RADIO takes those in. */
  private readonly groupsAsCommands: boolean;
  private readonly takesGroupCommands: boolean;

  /** The mechanism is working on a command (an authenticator is running). */
  private awaitingMechanism = false;
  private userPaused = false;
  /** What we last asked the connection: paused or not. */
  private inputPaused = false;
  private processing = false;
  private peerEnded = false;

  /** The connection asked us to wait for `drain`. */
  private blocked = false;
  /** We returned false from `write` and owe the host a `drain`. */
  private drainOwed = false;
  private beforeReady: Message[] = [];

  /** Frames of the message being received. */
  private partial: Uint8Array[] = [];
  private partialBytes = 0;

  private readonly handshakeTimer = new Timer(() => this.onHandshakeTimeout());
  private readonly heartbeatTimer = new Timer(() => this.onHeartbeat());
  private readonly heartbeatTimeoutTimer = new Timer(() => this.onHeartbeatTimeout());
  private readonly peerTtlTimer = new Timer(() => this.onPeerTtlExpired());
  private peerTtl = 0;

  constructor(
    private readonly connection: Connection,
    private readonly options: ZmtpEngineOptions,
  ) {
    this.decoder = new FrameDecoder({ maxFrameSize: HANDSHAKE_FRAME_LIMIT }, this.queue);
    this.encoder = new FrameEncoder((chunks) => this.output(chunks));
    const { mechanism, socketOptions } = options;
    this.mechanism = mechanism;
    const negotiation = mechanism.negotiate?.({ options: socketOptions, peerAddress: connection.remoteAddress });
    const send = (bytes: Uint8Array) => {
      this.encoder.writeRaw(bytes);
      // Each greeting stage leaves at once: the peer may be waiting for it.
      this.encoder.flush();
    };
    this.greeting = new GreetingExchange(
      mechanism.name,
      mechanism.isServer(socketOptions),
      send,
      negotiation && {
        padding: negotiation.padding,
        choose: (peerPadding) => {
          this.mechanism = negotiation.choose(peerPadding);
          return { name: this.mechanism.name, asServer: this.mechanism.isServer(socketOptions) };
        },
      },
    );
    this.subscriptionsAsCommands = options.socketType === 'SUB' || options.socketType === 'XSUB';
    this.groupsAsCommands = options.socketType === 'DISH';
    this.takesGroupCommands = options.socketType === 'RADIO';
  }

  start(host: EngineHost): void {
    if (this.state !== 'new') throw new Error('ZMTP engine started twice');
    this.host = host;
    this.state = 'greeting';
    if (this.options.handshakeInterval > 0) this.handshakeTimer.start(this.options.handshakeInterval);
    this.greeting.start();
    this.connection.setHandler({
      data: (chunk) => this.onData(chunk),
      drain: () => this.onDrain(),
      end: () => this.onEnd(),
      close: (error) => this.finish({ kind: 'disconnected', error }, 'none'),
    });
  }

  write(message: Message): boolean {
    if (this.state === 'closed') return false;
    if (this.state !== 'ready') {
      // Held until the handshake is done; the host hears `drain` then.
      this.beforeReady.push(message);
      this.drainOwed = true;
      return false;
    }
    this.send(message);
    if (this.encoder.pendingBytes >= FLUSH_THRESHOLD) this.encoder.flush();
    if (this.blocked) {
      this.drainOwed = true;
      return false;
    }
    return true;
  }

  pause(): void {
    this.userPaused = true;
    this.updateInputFlow();
  }

  resume(): void {
    if (!this.userPaused) return;
    this.userPaused = false;
    this.updateInputFlow();
    // Deliver what waited on a fresh stack, not inside the caller's.
    queueMicrotask(() => this.process());
  }

  close(): void {
    if (this.state === 'new') {
      this.state = 'closed';
      this.connection.end();
      return;
    }
    this.finish({ kind: 'local' }, 'end');
  }

  destroy(): void {
    if (this.state === 'new') {
      this.state = 'closed';
      this.connection.destroy();
      return;
    }
    this.finish({ kind: 'local' }, 'destroy');
  }

  // --- connection events ---

  private onData(chunk: Uint8Array): void {
    if (this.state === 'closed') return;
    // Any traffic proves the peer alive.
    this.heartbeatTimeoutTimer.cancel();
    this.peerTtlTimer.cancel();
    this.queue.push(chunk);
    this.process();
  }

  private onDrain(): void {
    this.blocked = false;
    if (this.drainOwed && this.state === 'ready') {
      this.drainOwed = false;
      this.host?.drain();
    }
  }

  private onEnd(): void {
    if (this.state === 'closed') return;
    this.peerEnded = true;
    this.process();
    // While paused after the handshake, what is queued is still delivered on resume.
    if (!this.isClosed() && !(this.state === 'ready' && this.userPaused)) {
      this.finish(this.endOfStream(), 'end');
    }
  }

  /** Why the peer's end of stream closes us: a truncated frame or message is worth saying. */
  private endOfStream(): EngineCloseReason {
    const cut = this.queue.length > 0 ? 'a frame' : this.partial.length > 0 ? 'a multipart message' : undefined;
    if (cut === undefined) return { kind: 'disconnected' };
    return {
      kind: 'disconnected',
      error: new ProtocolError(
        'ERR_ZMTP_MALFORMED_FRAME',
        `Peer ${this.connection.remoteAddress} closed the connection in the middle of ${cut}; ` +
          'the incomplete part was dropped.',
      ),
    };
  }

  private output(chunks: Uint8Array[]): void {
    const connection = this.connection;
    let ok: boolean;
    if (chunks.length === 1) ok = connection.write(chunks[0]);
    else if (connection.writev) ok = connection.writev(chunks);
    else {
      ok = true;
      for (const chunk of chunks) ok = connection.write(chunk) && ok;
    }
    if (!ok) this.blocked = true;
  }

  // --- input ---

  private process(): void {
    if (this.processing || this.state === 'closed') return;
    this.processing = true;
    try {
      this.processInput();
    } catch (error) {
      this.failFromInput(error);
    } finally {
      this.processing = false;
    }
  }

  private processInput(): void {
    for (;;) {
      switch (this.state) {
        case 'greeting': {
          const peer = this.greeting.read(this.queue);
          if (peer === undefined) return;
          this.beginHandshake(peer);
          break;
        }
        case 'handshake': {
          if (this.awaitingMechanism) return;
          const body = this.decoder.next();
          if (body === undefined) return;
          this.handshakeFrame(body, this.decoder.flags);
          break;
        }
        case 'ready': {
          if (this.userPaused) return;
          const body = this.decoder.next();
          if (body === undefined) {
            if (this.peerEnded) this.finish(this.endOfStream(), 'end');
            return;
          }
          this.readyFrame(body, this.decoder.flags);
          break;
        }
        default:
          return;
      }
    }
  }

  // --- handshake ---

  private beginHandshake(peer: PeerGreeting): void {
    this.peer = peer;
    this.state = 'handshake';
    const { socketOptions, localMetadata, zapDomain, authenticate } = this.options;
    this.session = this.mechanism.createSession({
      options: socketOptions,
      localMetadata,
      peerAddress: this.connection.remoteAddress,
      zapDomain,
      ...(authenticate ? { authenticate } : {}),
    });
    this.applyStep(this.session.start());
  }

  private handshakeFrame(body: Uint8Array, flags: number): void {
    if (!(flags & FLAG_COMMAND)) {
      throw new ProtocolError(
        'ERR_ZMTP_UNEXPECTED_COMMAND',
        'Peer sent a message frame before the security handshake finished; the connection was closed.',
      );
    }
    const reason = errorCommandReason(body);
    if (reason !== undefined) {
      this.finish({ kind: 'auth', error: peerRejection(reason, this.mechanism.name) }, 'destroy');
      return;
    }
    const result = this.session!.receive(body);
    if (!isPromiseLike(result)) {
      this.applyStep(result);
      return;
    }
    this.awaitingMechanism = true;
    this.updateInputFlow();
    result.then(
      (step) => this.afterMechanism(() => this.applyStep(step)),
      (error: unknown) => this.afterMechanism(() => { throw error; }),
    );
  }

  private afterMechanism(apply: () => void): void {
    this.awaitingMechanism = false;
    if (this.state === 'closed') return;
    try {
      apply();
    } catch (error) {
      this.failFromInput(error);
      return;
    }
    this.updateInputFlow();
    this.process();
  }

  private applyStep(step: HandshakeStep): void {
    if (step.send) {
      for (const command of step.send) this.encoder.writeCommand(command);
      // Out at once, so the peer learns our side even if we fail on its next command.
      this.encoder.flush();
    }
    if (step.fail) {
      const { error, errorReason } = step.fail;
      if (errorReason !== undefined) this.encoder.writeCommand(encodeError(errorReason));
      // Flush what the step said (ERROR) before closing; otherwise drop the connection at once.
      const teardown = errorReason !== undefined || step.send ? 'end' : 'destroy';
      if (error instanceof AuthenticationError) this.finish({ kind: 'auth', error }, teardown);
      else this.finish({ kind: 'protocol', error, handshake: true }, teardown);
      return;
    }
    if (step.done) this.handshakeDone(step.done.metadata, step.done.userId, step.done.sessionId);
  }

  private handshakeDone(metadata: Metadata, userId: string | undefined, sessionId: Uint8Array | undefined): void {
    const local = this.options.socketType;
    const typeBytes = metadata.get('Socket-Type');
    if (typeBytes === undefined) {
      throw new ProtocolError(
        'ERR_ZMTP_INVALID_METADATA',
        'Peer finished the handshake without announcing its Socket-Type; the connection was closed.',
      );
    }
    const peerType = asciiText(typeBytes);
    if (!isCompatibleSocketType(local, peerType)) {
      const valid = compatiblePeerTypes(local);
      // As libzmq: close without sending ERROR.
      throw new ProtocolError(
        'ERR_ZMTP_INCOMPATIBLE_SOCKET_TYPE',
        `A ${local} socket cannot talk to a ${peerType} socket` +
          (valid.length > 0 ? `; connect it to ${valid.join(' or ')} sockets.` : '.'),
      );
    }
    const peer = this.peer!;
    this.cipher = this.session!.cipher;
    if (this.cipher?.carrier === 'message') this.carrierFlags = 0;
    this.state = 'ready';
    this.handshakeTimer.cancel();
    this.decoder.setMaxFrameSize(this.options.maxMessageSize);
    if (this.options.heartbeatInterval > 0) this.heartbeatTimer.start(this.options.heartbeatInterval);
    const identity = metadata.get('Identity');
    const info: PeerInfo = {
      socketType: peerType,
      metadata,
      address: this.connection.remoteAddress,
      mechanism: this.mechanism.name,
      zmtpMinor: peer.speaks31 ? Math.max(1, peer.minor) : peer.minor,
      ...(identity !== undefined ? { identity } : {}),
      ...(userId !== undefined ? { userId } : {}),
      ...(sessionId !== undefined ? { sessionId } : {}),
    };
    this.host!.ready(info);
    if (this.isClosed()) return;
    const waiting = this.beforeReady;
    this.beforeReady = [];
    for (const message of waiting) this.send(message);
    if (this.drainOwed && !this.blocked) {
      this.drainOwed = false;
      this.host!.drain();
    }
  }

  // --- after the handshake ---

  private readyFrame(body: Uint8Array, flags: number): void {
    // A frame decoded after a PING from the same chunk is traffic too.
    this.peerTtlTimer.cancel();
    if (this.cipher) {
      // The cipher authenticates every frame, whatever the carrier's flags say.
      const frame = this.cipher.decrypt(body);
      body = frame.body;
      flags = frame.flags;
    }
    if (flags & FLAG_COMMAND) {
      this.command(body);
      return;
    }
    this.partial.push(body);
    this.partialBytes += body.length + FRAME_OVERHEAD;
    if (this.partialBytes > HARD_FRAME_LIMIT) {
      throw new ProtocolError(
        'ERR_ZMTP_FRAME_TOO_LARGE',
        `Peer sent a multipart message larger than ${HARD_FRAME_LIMIT} bytes; ` +
          'the connection was closed to keep memory bounded.',
      );
    }
    if (flags & FLAG_MORE) return;
    const message = this.partial;
    this.partial = [];
    this.partialBytes = 0;
    this.host!.message(message);
  }

  private command(body: Uint8Array): void {
    const { name, data } = parseCommand(body);
    switch (name) {
      case PING: {
        const ping = decodePing(data);
        this.sendCommand(encodePong(ping.context));
        if (ping.ttl > 0 && !this.peerTtlTimer.armed) {
          this.peerTtl = ping.ttl * 100;
          this.peerTtlTimer.start(this.peerTtl);
        }
        return;
      }
      case PONG:
        // Its arrival already counted as traffic.
        return;
      case SUBSCRIBE:
        this.host!.message([prefixed(1, data)]);
        return;
      case CANCEL:
        this.host!.message([prefixed(0, data)]);
        return;
      case JOIN:
      case LEAVE:
        // Groups are at most 255 bytes (libzmq); longer ones are ignored.
        if (this.takesGroupCommands && data.length <= 255) this.host!.message([prefixed(name === JOIN ? 1 : 0, data)]);
        return;
      case ERROR: {
        const reason = decodeError(data);
        this.finish(
          {
            kind: 'protocol',
            error: new ProtocolError(
              'ERR_ZMTP_UNSPECIFIED',
              `Peer sent ERROR "${reason}" and the connection was closed.`,
            ),
            handshake: false,
          },
          'destroy',
        );
        return;
      }
      default:
        // libzmq ignores commands it does not know; so do we.
        return;
    }
  }

  // --- output ---

  private send(message: Message): void {
    if (this.subscriptionsAsCommands && message.length === 1 && this.peer!.speaks31) {
      const frame = message[0];
      if (frame.length > 0 && (frame[0] === 1 || frame[0] === 0)) {
        const topic = frame.subarray(1);
        this.sendCommand(frame[0] === 1 ? encodeSubscribe(topic) : encodeCancel(topic));
        return;
      }
    }
    if (this.groupsAsCommands && message.length === 1) {
      // A DISH sends nothing but joins and leaves.
      const frame = message[0];
      const group = frame.subarray(1);
      this.sendCommand(frame[0] === 1 ? encodeJoin(group) : encodeLeave(group));
      return;
    }
    const cipher = this.cipher;
    if (cipher === undefined) {
      this.encoder.writeMessage(message);
      return;
    }
    const last = message.length - 1;
    for (let i = 0; i <= last; i++) {
      this.encoder.writeFrame(this.carrierFlags, cipher.encrypt(i < last ? FLAG_MORE : 0, message[i]));
    }
  }

  private sendCommand(body: Uint8Array): void {
    if (this.cipher) this.encoder.writeFrame(this.carrierFlags, this.cipher.encrypt(FLAG_COMMAND, body));
    else this.encoder.writeCommand(body);
  }

  // --- flow control and timers ---

  private updateInputFlow(): void {
    if (this.state === 'closed') return;
    const pause = this.userPaused || this.awaitingMechanism;
    if (pause === this.inputPaused) return;
    this.inputPaused = pause;
    if (pause) this.connection.pause();
    else this.connection.resume();
  }

  private onHandshakeTimeout(): void {
    const stage = this.state === 'greeting' ? 'greeting' : 'security handshake';
    this.finish(
      {
        kind: 'protocol',
        handshake: true,
        error: new ProtocolError(
          'ERR_ZMTP_HANDSHAKE_TIMEOUT',
          `ZMTP ${stage} with ${this.connection.remoteAddress} did not finish within handshakeInterval ` +
            `(${this.options.handshakeInterval} ms); the connection was closed. Is the peer a ZeroMQ socket?`,
        ),
      },
      'destroy',
    );
  }

  private onHeartbeat(): void {
    if (this.state !== 'ready') return;
    const { heartbeatInterval, heartbeatTimeToLive, heartbeatTimeout } = this.options;
    this.sendCommand(encodePing(heartbeatTimeToLive / 100));
    this.heartbeatTimer.start(heartbeatInterval);
    if (!this.heartbeatTimeoutTimer.armed) {
      this.heartbeatTimeoutTimer.start(heartbeatTimeout > 0 ? heartbeatTimeout : heartbeatInterval);
    }
  }

  private onHeartbeatTimeout(): void {
    const { heartbeatTimeout, heartbeatInterval } = this.options;
    const timeout = heartbeatTimeout > 0 ? heartbeatTimeout : heartbeatInterval;
    this.finish(
      {
        kind: 'disconnected',
        error: new ZmqError(
          'ETIMEDOUT',
          `Peer ${this.connection.remoteAddress} sent nothing within heartbeatTimeout (${timeout} ms) after a PING; ` +
            'the connection was closed and will be re-established.',
        ),
      },
      'destroy',
    );
  }

  private onPeerTtlExpired(): void {
    this.finish(
      {
        kind: 'disconnected',
        error: new ZmqError(
          'ETIMEDOUT',
          `Peer ${this.connection.remoteAddress} sent nothing within the heartbeat TTL it announced ` +
            `(${this.peerTtl} ms); ` +
            'the connection was closed.',
        ),
      },
      'destroy',
    );
  }

  // --- shutdown ---

  /** A method, not a field read, so TypeScript does not assume callbacks left the state alone. */
  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private failFromInput(error: unknown): void {
    if (this.state === 'closed') return;
    const handshake = this.state !== 'ready';
    if (error instanceof AuthenticationError) {
      this.finish({ kind: 'auth', error }, 'destroy');
    } else if (error instanceof ProtocolError) {
      this.finish({ kind: 'protocol', error, handshake }, 'destroy');
    } else {
      const wrapped = new ProtocolError(
        'ERR_ZMTP_UNSPECIFIED',
        `Unexpected error while handling data from ${this.connection.remoteAddress}: ${describe(error)}`,
      );
      wrapped.cause = error;
      this.finish({ kind: 'protocol', error: wrapped, handshake }, 'destroy');
    }
  }

  /** Stops everything once; `teardown` says what to do with the connection. */
  private finish(reason: EngineCloseReason, teardown: Teardown): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.handshakeTimer.cancel();
    this.heartbeatTimer.cancel();
    this.heartbeatTimeoutTimer.cancel();
    this.peerTtlTimer.cancel();
    if (teardown === 'end') this.encoder.flush();
    this.encoder.discard();
    this.queue.clear();
    this.partial = [];
    this.beforeReady = [];
    if (teardown === 'end') this.connection.end();
    else if (teardown === 'destroy') this.connection.destroy();
    this.host?.closed(reason);
  }
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function prefixed(prefix: number, topic: Uint8Array): Uint8Array {
  const frame = allocBytes(topic.length + 1);
  frame[0] = prefix;
  frame.set(topic, 1);
  return frame;
}

function asciiText(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
  return text;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
