/**
 * One raw-socket connection with the zeromq.js-style promise API: `send()` resolves at once
 * unless the socket's buffer is full (then on 'drain'), and received frames wait in a queue
 * whose length, like a receive high-water mark, pauses the socket.
 */
import type { Socket } from 'node:net';
import { FrameDecoder, writeFrame } from './raw-framing.js';

/**
 * Bytes Node may hold for the socket before a sender waits for 'drain'. Node's own mark
 * (16 KiB) would cost an event-loop turn per large message; @zmtp/core allows 1 MiB, and
 * the ceiling must not be held to less.
 */
const writeBufferLimit = 1024 * 1024;

export class RawConnection {
  private readonly decoder = new FrameDecoder();
  private corked = false;
  private closed = false;
  private drainWaiters: Array<() => void> = [];

  constructor(
    readonly socket: Socket,
    deliver: (frame: Buffer, from: RawConnection) => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.decoder.push(chunk, (frame) => deliver(frame, this)));
    socket.on('drain', () => this.wake());
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined); // a reset at teardown is expected; 'close' follows
  }

  /**
   * Writes a frame; false when the caller should `await drained()` before the next. Above
   * the limit Node's write() has returned false too, so its 'drain' follows.
   */
  write(payload: Buffer): boolean {
    if (this.closed) return true;
    // Cork for the rest of this tick so a burst of frames leaves in one writev.
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    writeFrame(this.socket, payload);
    return this.socket.writableLength < writeBufferLimit;
  }

  /** Resolves on 'drain' or close. */
  drained(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
    this.wake();
  }

  private wake(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
