/**
 * Test-only helpers: an in-memory Connection pair, a raw peer that reads and
 * writes bytes by hand, and an EngineHost that records what it is told.
 */
import type { Connection, ConnectionHandler } from '../contracts/connection.js';
import type { EngineCloseReason, EngineHost, PeerInfo } from '../contracts/engine.js';
import type { Message } from '../message.js';

type Event = { kind: 'data'; chunk: Uint8Array } | { kind: 'end' } | { kind: 'close'; error?: Error };

/** One end of an in-memory byte stream. Writes reach the other end on a microtask. */
export class MemoryConnection implements Connection {
  peer!: MemoryConnection;
  /** Every chunk this end wrote, as given (for golden-byte checks). */
  readonly written: Uint8Array[] = [];
  writeCalls = 0;
  writevCalls = 0;
  pauseCalls = 0;
  ended = false;
  destroyed = false;
  private handler: ConnectionHandler | undefined;
  private events: Event[] = [];
  private paused = false;
  private closed = false;
  private writable = true;
  private drainOwed = false;

  constructor(
    readonly localAddress: string,
    readonly remoteAddress: string,
  ) {}

  setHandler(handler: ConnectionHandler): void {
    this.handler = handler;
    queueMicrotask(() => this.deliver());
  }

  write(chunk: Uint8Array): boolean {
    this.writeCalls++;
    return this.send([chunk]);
  }

  writev(chunks: Uint8Array[]): boolean {
    this.writevCalls++;
    return this.send(chunks);
  }

  pause(): void {
    this.pauseCalls++;
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    queueMicrotask(() => this.deliver());
  }

  end(): void {
    if (this.ended || this.closed) return;
    this.ended = true;
    const peer = this.peer;
    queueMicrotask(() => {
      peer.push({ kind: 'end' });
      peer.push({ kind: 'close' });
      this.push({ kind: 'close' });
    });
  }

  destroy(error?: Error): void {
    if (this.closed) return;
    this.destroyed = true;
    this.closed = true;
    this.events = [];
    const handler = this.handler;
    const peer = this.peer;
    queueMicrotask(() => {
      handler?.close(error);
      peer.push({ kind: 'close' });
    });
  }

  /** Makes `write` return false (a full send buffer) until set back to true, which emits `drain`. */
  setWritable(writable: boolean): void {
    this.writable = writable;
    if (writable && this.drainOwed) {
      this.drainOwed = false;
      queueMicrotask(() => this.handler?.drain());
    }
  }

  /** All bytes this end wrote, joined. */
  bytesWritten(): Uint8Array {
    return concat(this.written);
  }

  private send(chunks: Uint8Array[]): boolean {
    if (this.ended || this.closed) return false;
    for (const chunk of chunks) {
      this.written.push(chunk);
      const peer = this.peer;
      queueMicrotask(() => peer.push({ kind: 'data', chunk }));
    }
    if (!this.writable) this.drainOwed = true;
    return this.writable;
  }

  private push(event: Event): void {
    if (this.closed) return;
    this.events.push(event);
    this.deliver();
  }

  private deliver(): void {
    const handler = this.handler;
    if (handler === undefined) return;
    while (this.events.length > 0) {
      const event = this.events[0];
      if (event.kind === 'data' && this.paused) return;
      this.events.shift();
      if (event.kind === 'data') handler.data(event.chunk);
      else if (event.kind === 'end') handler.end();
      else {
        if (this.closed) return;
        this.closed = true;
        this.events = [];
        handler.close(event.error);
        return;
      }
    }
  }
}

/** Two connected ends: what `a` writes, `b` reads, and back. */
export function createConnectionPair(): [MemoryConnection, MemoryConnection] {
  const a = new MemoryConnection('mem://a', 'mem://b');
  const b = new MemoryConnection('mem://b', 'mem://a');
  a.peer = b;
  b.peer = a;
  return [a, b];
}

/** A hand-driven peer: records the bytes it receives and sends whatever a test tells it. */
export class RawPeer {
  readonly chunks: Uint8Array[] = [];
  endedByPeer = false;
  closed = false;

  constructor(readonly connection: MemoryConnection) {
    connection.setHandler({
      data: (chunk) => this.chunks.push(chunk),
      drain: () => {},
      end: () => {
        this.endedByPeer = true;
      },
      close: () => {
        this.closed = true;
      },
    });
  }

  /** Everything received so far, joined. */
  received(): Uint8Array {
    return concat(this.chunks);
  }

  send(...parts: (Uint8Array | number[] | string)[]): void {
    this.connection.write(bytes(...parts));
  }
}

/** An EngineHost that records every call. */
export class RecordingHost implements EngineHost {
  peer: PeerInfo | undefined;
  readonly messages: Message[] = [];
  drains = 0;
  closeReasons: EngineCloseReason[] = [];
  onMessage: ((message: Message) => void) | undefined;
  onReady: ((peer: PeerInfo) => void) | undefined;

  ready(peer: PeerInfo): void {
    this.peer = peer;
    this.onReady?.(peer);
  }

  message(message: Message): void {
    this.messages.push(message);
    this.onMessage?.(message);
  }

  drain(): void {
    this.drains++;
  }

  closed(reason: EngineCloseReason): void {
    this.closeReasons.push(reason);
  }

  /** The one close reason (fails the test if closed twice). */
  get closeReason(): EngineCloseReason | undefined {
    if (this.closeReasons.length > 1) throw new Error(`closed ${this.closeReasons.length} times`);
    return this.closeReasons[0];
  }

  /** Messages as text, frame by frame. */
  texts(): string[][] {
    return this.messages.map((message) => message.map((frame) => new TextDecoder().decode(frame)));
  }
}

/** Lets queued microtasks and promise chains run (works under fake timers too). */
export async function settle(rounds = 50): Promise<void> {
  // The encoder flushes at the end of an event-loop turn (setImmediate), so each round
  // lets a whole turn pass, microtasks included.
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Builds bytes from byte arrays, Uint8Arrays and ASCII strings. */
export function bytes(...parts: (Uint8Array | number[] | string)[]): Uint8Array {
  const arrays = parts.map((part) =>
    typeof part === 'string' ? new TextEncoder().encode(part) : part instanceof Uint8Array ? part : Uint8Array.from(part),
  );
  return concat(arrays);
}

export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const chunk of chunks) size += chunk.length;
  const joined = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    joined.set(chunk, at);
    at += chunk.length;
  }
  return joined;
}

/** Hex dump for readable assertion failures. */
export function hex(data: Uint8Array): string {
  return Array.from(data, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
