import type { Socket } from 'node:net';
import { AbstractConnection } from '../abstract-connection.js';
import { toZmqError } from './net-errors.js';

/** Bytes queued in Node for one socket before writers are told to wait. */
const WRITE_BUFFER_LIMIT = 1024 * 1024;

/** The endpoint strings a {@link NetConnection} reports. */
export interface NetConnectionAddresses {
  readonly localAddress: string;
  readonly remoteAddress: string;
}

/**
 * A Connection over a connected `net.Socket` (TCP or a Unix socket / named pipe).
 *
 * The socket must be created with `allowHalfOpen: true`, so that the peer's end
 * of stream does not end ours: ZMTP may still have bytes to send. Nagle is off,
 * `writev` corks the socket so the chunks leave in one write, pause and resume
 * map to the socket's, and socket errors reach the handler as ZmqErrors.
 */
export class NetConnection extends AbstractConnection {
  readonly localAddress: string;
  readonly remoteAddress: string;
  private readonly socket: Socket;
  private failure: Error | undefined;

  constructor(socket: Socket, addresses: NetConnectionAddresses) {
    super();
    this.socket = socket;
    this.localAddress = addresses.localAddress;
    this.remoteAddress = addresses.remoteAddress;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Uint8Array) => this.pushData(chunk));
    socket.on('drain', () => this.pushDrain());
    socket.on('end', () => this.pushEnd());
    socket.on('error', (error) => {
      this.failure ??= toZmqError(error, `Connection ${this.localAddress} -> ${this.remoteAddress} failed`);
    });
    socket.on('close', () => this.pushClose(this.failure));
    if (socket.destroyed) this.pushClose();
  }

  protected sendBytes(chunk: Uint8Array): boolean {
    this.socket.write(chunk);
    return this.hasRoom();
  }

  protected override sendChunks(chunks: readonly Uint8Array[]): boolean {
    if (chunks.length === 1) return this.sendBytes(chunks[0]);
    this.socket.cork();
    for (const chunk of chunks) this.socket.write(chunk);
    this.socket.uncork();
    return this.hasRoom();
  }

  /**
   * Node's own mark (16 KiB) would stop the engine after every large message and
   * cost an event-loop turn per message; we let Node hold up to WRITE_BUFFER_LIMIT.
   * Above it Node's write() has returned false too, so its 'drain' event follows.
   */
  private hasRoom(): boolean {
    return this.socket.writableLength < WRITE_BUFFER_LIMIT;
  }

  protected sendEnd(): void {
    this.socket.end();
  }

  protected sendDestroy(): void {
    this.socket.destroy();
  }

  protected pauseSource(): void {
    this.socket.pause();
  }

  protected resumeSource(): void {
    this.socket.resume();
  }
}
