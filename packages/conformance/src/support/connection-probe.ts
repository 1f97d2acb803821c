import type { Connection, ConnectionHandler } from '@zmtp/core';
import { concat } from './bytes.js';

interface Waiter {
  ready(): boolean;
  resolve(): void;
  reject(error: Error): void;
  what: string;
}

/**
 * Installs itself as a connection's handler and records everything it reports:
 * bytes, drains, end and close, in order. Checks wait on conditions over it.
 */
export class ConnectionProbe implements ConnectionHandler {
  private readonly chunks: Uint8Array[] = [];
  /** Bytes received so far. */
  received = 0;
  ended = false;
  closes = 0;
  closeError: Error | undefined;
  drains = 0;
  /** `data`, `end` and `close` in arrival order (runs of data count once). */
  readonly events: string[] = [];
  private readCursor = 0;
  private readOffset = 0;
  private consumedBytes = 0;
  private waiters: Waiter[] = [];

  constructor(readonly connection: Connection) {
    connection.setHandler(this);
  }

  data(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.received += chunk.length;
    if (this.events[this.events.length - 1] !== 'data') this.events.push('data');
    this.check();
  }

  drain(): void {
    this.drains += 1;
    this.check();
  }

  end(): void {
    this.ended = true;
    this.events.push('end');
    this.check();
  }

  close(error?: Error): void {
    this.closes += 1;
    this.closeError = error;
    this.events.push('close');
    this.check();
  }

  get closed(): boolean {
    return this.closes > 0;
  }

  /** Resolves once `ready()` holds; rejects if the connection closes first. */
  until(ready: () => boolean, what: string): Promise<void> {
    if (ready()) return Promise.resolve();
    if (this.closed) return Promise.reject(new Error(`the connection closed while waiting for ${what}`));
    return new Promise((resolve, reject) => this.waiters.push({ ready, resolve, reject, what }));
  }

  /** Resolves once the connection ended or closed. */
  finished(what: string): Promise<void> {
    if (this.ended || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ ready: () => this.ended, resolve, reject: () => resolve(), what }));
  }

  /** Takes the next `length` bytes of the stream, waiting for them if needed. */
  async read(length: number): Promise<Uint8Array> {
    await this.until(() => this.received - this.consumedBytes >= length, `${length} more bytes`);
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const chunk = this.chunks[this.readCursor];
      const take = Math.min(chunk.length - this.readOffset, length - filled);
      out.set(chunk.subarray(this.readOffset, this.readOffset + take), filled);
      filled += take;
      this.readOffset += take;
      if (this.readOffset === chunk.length) {
        this.readCursor += 1;
        this.readOffset = 0;
      }
    }
    this.consumedBytes += length;
    return out;
  }

  /** Everything received so far, as one array. */
  bytes(): Uint8Array {
    return concat(this.chunks);
  }

  private check(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const waiter of waiting) {
      if (waiter.ready()) waiter.resolve();
      else if (this.closed) waiter.reject(new Error(`the connection closed while waiting for ${waiter.what}`));
      else this.waiters.push(waiter);
    }
  }
}
