import type { Connection, ConnectionHandler } from './contracts/connection.js';

type InboundEvent =
  | { readonly kind: 'data'; readonly chunk: Uint8Array }
  | { readonly kind: 'end' }
  | { readonly kind: 'close'; readonly error?: Error };

/**
 * The base class for byte-stream connections. It implements the bookkeeping of
 * the {@link Connection} contract so that a transport supplies only a handful of
 * primitives, in the spirit of libp2p's `AbstractMultiaddrConnection`.
 *
 * ## What a subclass supplies
 *
 * Outbound primitives, called by the base class only while they make sense
 * (never after the connection is closing, never `sendBytes` after `sendEnd`):
 *
 * - {@link sendBytes}: hand one chunk to the wire; return false when the
 *   transport's send buffer is full.
 * - {@link sendChunks} (optional): several chunks at once, e.g. with cork/uncork.
 * - {@link sendEnd}: half close after what was sent.
 * - {@link sendDestroy}: tear down at once and release resources.
 * - {@link pauseSource} / {@link resumeSource}: stop and restart reading.
 *
 * Inbound events, which the subclass reports by calling:
 *
 * - {@link pushData} for every chunk read (the chunk is handed on as is, so
 *   never reuse its memory);
 * - {@link pushDrain} when the send buffer has room again;
 * - {@link pushEnd} when the peer half-closed;
 * - {@link pushClose} when the connection is gone (with an error if it failed).
 *
 * ## What the base class guarantees to the handler
 *
 * - Events that arrive before {@link setHandler} are buffered and delivered, in
 *   order, on a microtask after the handler is set.
 * - Events are delivered in the order they were pushed: data, then `end`, then
 *   `close`. A failure (`pushClose(error)`) or a local {@link destroy} drops
 *   inbound data that was not delivered yet.
 * - While paused, no `data` is delivered; chunks the source still pushes are
 *   held and delivered on {@link resume}. The source is paused whenever data is
 *   held, so memory stays bounded by what the source pushes after being paused.
 * - `drain` comes only after a `write` returned false.
 * - `close` is delivered exactly once, last; after it the handler is released.
 * - Writes after `end()` or after the connection started closing are dropped
 *   and return false.
 * - A local {@link destroy} reports `close` on a microtask, never from inside
 *   the `destroy()` call, so callers are not re-entered.
 *
 * @example
 * ```ts
 * class LoopbackPipe extends AbstractConnection {
 *   readonly localAddress = 'loop://a';
 *   readonly remoteAddress = 'loop://b';
 *   protected sendBytes(chunk: Uint8Array): boolean {
 *     queueMicrotask(() => this.pushData(chunk)); // echo
 *     return true;
 *   }
 *   protected sendEnd(): void { queueMicrotask(() => { this.pushEnd(); this.pushClose(); }); }
 *   protected sendDestroy(): void {}
 *   protected pauseSource(): void {}
 *   protected resumeSource(): void {}
 * }
 * ```
 */
export abstract class AbstractConnection implements Connection {
  /** Address of the peer, as an endpoint string (`tcp://1.2.3.4:5555`). */
  abstract readonly remoteAddress: string;
  /** Address of this end, as an endpoint string. */
  abstract readonly localAddress: string;

  private handler: ConnectionHandler | undefined;
  // Inbound events not yet delivered: a queue read from `head` so taking one is O(1).
  private inbound: InboundEvent[] = [];
  private head = 0;
  private heldBytes = 0;
  private paused = false;
  private sourcePaused = false;
  private writable = true;
  private closing = false;
  private closeDelivered = false;
  private remoteEnded = false;
  private needDrain = false;
  private drainOwed = false;
  private delivering = false;
  private flushScheduled = false;

  // ---- primitives a transport implements ---------------------------------

  /**
   * Writes one chunk to the wire. Must not keep a reference it later mutates.
   * @returns false when the transport wants no more until it calls {@link pushDrain}.
   */
  protected abstract sendBytes(chunk: Uint8Array): boolean;

  /**
   * Writes several chunks at once. The default calls {@link sendBytes} for each;
   * override it where the transport can gather them into one write.
   * @returns false when the transport wants no more until it calls {@link pushDrain}.
   */
  protected sendChunks(chunks: readonly Uint8Array[]): boolean {
    let ok = true;
    for (const chunk of chunks) ok = this.sendBytes(chunk) && ok;
    return ok;
  }

  /** Flushes what was sent, then signals end of stream to the peer (half close). */
  protected abstract sendEnd(): void;

  /**
   * Closes the transport at once, dropping unsent bytes. The subclass need not
   * call {@link pushClose} afterwards (it may; the call is ignored).
   */
  protected abstract sendDestroy(error?: Error): void;

  /** Stops reading from the transport. Chunks already in flight may still be pushed. */
  protected abstract pauseSource(): void;

  /** Restarts reading after {@link pauseSource}. */
  protected abstract resumeSource(): void;

  // ---- events a transport reports ---------------------------------------

  /**
   * Reports bytes read from the peer. The chunk is delivered as is (no copy),
   * so the transport must not reuse its memory. Ignored once the connection is
   * closing or the peer has ended.
   */
  protected pushData(chunk: Uint8Array): void {
    if (this.closing || this.remoteEnded || chunk.length === 0) return;
    this.heldBytes += chunk.length;
    this.enqueue({ kind: 'data', chunk });
    this.updateSource();
  }

  /** Reports that the send buffer has room again. Forwarded only if a write returned false. */
  protected pushDrain(): void {
    if (this.closing || !this.needDrain) return;
    this.needDrain = false;
    if (this.handler) this.handler.drain();
    else this.drainOwed = true;
  }

  /** Reports that the peer half-closed: no more data will arrive. */
  protected pushEnd(): void {
    if (this.closing || this.remoteEnded) return;
    this.remoteEnded = true;
    this.enqueue({ kind: 'end' });
  }

  /**
   * Reports that the connection is gone. Without an error it is delivered after
   * the data already pushed; with one, undelivered data is dropped. Only the
   * first call (or a local {@link destroy}) counts.
   */
  protected pushClose(error?: Error): void {
    if (this.closing) return;
    this.beginClosing(error !== undefined);
    this.enqueue(error === undefined ? { kind: 'close' } : { kind: 'close', error });
  }

  /** True once `close` is queued or delivered: writes are dropped and pushes ignored. */
  protected get isClosing(): boolean {
    return this.closing;
  }

  /** Inbound bytes pushed but not yet delivered to the handler. */
  protected get bufferedInboundBytes(): number {
    return this.heldBytes;
  }

  // ---- the Connection contract ---------------------------------------------

  /** Installs (or replaces) the receiver of events; buffered events follow on a microtask. */
  setHandler(handler: ConnectionHandler): void {
    this.handler = this.closeDelivered ? undefined : handler;
    if (this.handler && (this.head < this.inbound.length || this.drainOwed)) this.scheduleFlush();
  }

  /**
   * Queues bytes for the peer. The chunk may be sent without copying, so do not
   * modify it afterwards.
   * @returns false when the caller should wait for `drain`; also false (and the
   *   chunk is dropped) after `end()` or once the connection is closing.
   */
  write(chunk: Uint8Array): boolean {
    if (!this.writable) return false;
    const ok = this.sendBytes(chunk);
    if (!ok) this.needDrain = true;
    return ok;
  }

  /** Queues several chunks at once; same return as {@link write}. */
  writev(chunks: Uint8Array[]): boolean {
    if (!this.writable) return false;
    const ok = this.sendChunks(chunks);
    if (!ok) this.needDrain = true;
    return ok;
  }

  /** Stops delivering `data` until {@link resume}. `end` and `close` still follow delivered data. */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.updateSource();
  }

  /** Delivers held data (on a microtask) and restarts the source. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.head < this.inbound.length) this.scheduleFlush();
    else this.updateSource();
  }

  /** Half close: what was written is flushed, then the peer sees end of stream. Reading continues. */
  end(): void {
    if (!this.writable) return;
    this.writable = false;
    this.sendEnd();
  }

  /** Closes at once, dropping unsent and undelivered bytes. `close(error)` follows on a microtask. */
  destroy(error?: Error): void {
    if (this.closing) return;
    this.beginClosing(true);
    this.inbound.push(error === undefined ? { kind: 'close' } : { kind: 'close', error });
    this.scheduleFlush();
    this.sendDestroy(error);
  }

  // ---- delivery --------------------------------------------------------------

  private beginClosing(dropInbound: boolean): void {
    this.closing = true;
    this.writable = false;
    this.needDrain = false;
    this.drainOwed = false;
    if (dropInbound) {
      this.inbound = [];
      this.head = 0;
      this.heldBytes = 0;
    }
  }

  private enqueue(event: InboundEvent): void {
    this.inbound.push(event);
    // A scheduled flush will deliver it; otherwise deliver now, in order.
    if (!this.flushScheduled) this.flush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    // Re-entrant calls (a handler that writes or pauses) leave the work to the outer loop.
    if (this.delivering || !this.handler) return;
    this.delivering = true;
    try {
      if (this.drainOwed) {
        this.drainOwed = false;
        this.handler.drain();
      }
      while (this.head < this.inbound.length && this.handler) {
        const event = this.inbound[this.head];
        if (event.kind === 'data' && this.paused) break;
        this.inbound[this.head++] = undefined as unknown as InboundEvent;
        if (event.kind === 'data') {
          this.heldBytes -= event.chunk.length;
          this.handler.data(event.chunk);
        } else if (event.kind === 'end') {
          this.handler.end();
        } else {
          const handler = this.handler;
          this.handler = undefined;
          this.closeDelivered = true;
          this.inbound = [];
          this.head = 0;
          this.heldBytes = 0;
          handler.close(event.error);
          return;
        }
      }
      if (this.head >= this.inbound.length) {
        this.inbound = [];
        this.head = 0;
      } else if (this.head > 1024 && this.head * 2 > this.inbound.length) {
        this.inbound = this.inbound.slice(this.head);
        this.head = 0;
      }
    } finally {
      this.delivering = false;
      this.updateSource();
    }
  }

  // The source runs only while data flows straight to a handler: paused by the
  // user, or holding undelivered data (no handler yet), means the source pauses.
  private updateSource(): void {
    if (this.closing || this.remoteEnded) return;
    const wantPaused = this.paused || this.heldBytes > 0;
    if (wantPaused === this.sourcePaused) return;
    this.sourcePaused = wantPaused;
    if (wantPaused) this.pauseSource();
    else this.resumeSource();
  }
}
