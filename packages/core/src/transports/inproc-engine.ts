import type { Engine, EngineHost, PeerInfo } from '../contracts/engine.js';
import { ProtocolError } from '../errors.js';
import type { Message } from '../message.js';
import { isCompatibleSocketType } from '../zmtp/socket-types.js';

/** What one end tells the other in place of a ZMTP handshake. */
export interface InprocEnd {
  readonly socketType: string;
  readonly identity?: Uint8Array;
  readonly address: string;
}

/**
 * One end of an in-process connection. Messages pass to the other end by
 * reference, with no encoding (libzmq's inproc pipes do the same). Backpressure is
 * exact: once the receiving pipe pauses at its high-water mark, `write` returns
 * false, so a connection holds the sum of both marks, as libzmq's inproc does.
 */
export class InprocEngine implements Engine {
  private peer!: InprocEngine;
  private host: EngineHost | undefined;
  private inputPaused = false;
  private finished = false;
  private isReady = false;
  /** Our host has had ready(); until then messages from the peer wait in `early`. */
  private hostReady = false;
  private early: Message[] = [];

  private constructor(private readonly self: InprocEnd) {}

  /** Makes the two connected ends. */
  static pair(dialer: InprocEnd, listener: InprocEnd): [InprocEngine, InprocEngine] {
    const a = new InprocEngine(dialer);
    const b = new InprocEngine(listener);
    a.peer = b;
    b.peer = a;
    return [a, b];
  }

  start(host: EngineHost): void {
    this.host = host;
    // The handshake completes once both sockets have started their end; at once, so
    // that a bind that completes a waiting connect leaves it ready (libzmq).
    if (this.peer.host && !this.peer.finished) this.handshake();
  }

  private handshake(): void {
    if (this.finished || this.peer.finished) return;
    const a = this.self.socketType;
    const b = this.peer.self.socketType;
    if (!isCompatibleSocketType(a, b)) {
      const error = new ProtocolError(
        'ERR_ZMTP_INCOMPATIBLE_SOCKET_TYPE',
        `A ${a} socket cannot talk to a ${b} socket over inproc`,
      );
      this.end({ kind: 'protocol', error, handshake: true });
      this.peer.end({ kind: 'protocol', error, handshake: true });
      return;
    }
    this.isReady = this.peer.isReady = true;
    this.announce();
    this.peer.announce();
  }

  /** Tells our host the handshake is done, then hands over what the peer sent meanwhile. */
  private announce(): void {
    if (this.finished) return;
    this.hostReady = true;
    this.host!.ready(this.peer.describe());
    const early = this.early;
    this.early = [];
    for (const message of early) this.host!.message(message);
    if (early.length > 0 && !this.inputPaused && !this.peer.finished) this.peer.host?.drain();
  }

  private describe(): PeerInfo {
    return {
      socketType: this.self.socketType,
      identity: this.self.identity,
      metadata: new Map(),
      address: this.self.address,
      mechanism: 'NULL',
      zmtpMinor: 1,
    };
  }

  write(message: Message): boolean {
    if (this.finished || !this.isReady) return false;
    if (!this.peer.hostReady) {
      // The first ready() can send before the other end has heard of the handshake.
      this.peer.early.push(message);
      return false;
    }
    this.peer.host!.message(message);
    return !this.peer.inputPaused;
  }

  pause(): void {
    this.inputPaused = true;
  }

  resume(): void {
    if (!this.inputPaused) return;
    this.inputPaused = false;
    if (!this.peer.finished) this.peer.host?.drain();
  }

  close(): void {
    this.destroy();
  }

  destroy(): void {
    if (this.finished) return;
    this.end({ kind: 'local' });
    this.peer.end({ kind: 'disconnected' });
  }

  private end(reason: Parameters<EngineHost['closed']>[0]): void {
    if (this.finished) return;
    this.finished = true;
    this.host?.closed(reason);
  }
}
