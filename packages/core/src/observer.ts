import type { PeerInfo } from './contracts/engine.js';
import type { ProtocolError, AuthenticationError } from './errors.js';

/** Socket events, with zeromq.js's type names and shapes. */
export type SocketEvent =
  | { type: 'accept'; address: string }
  | { type: 'accept:error'; address: string; error: Error }
  | { type: 'bind'; address: string }
  | { type: 'bind:error'; address: string; error: Error }
  | { type: 'connect'; address: string }
  | { type: 'connect:delay'; address: string }
  | { type: 'connect:retry'; address: string; interval: number }
  | { type: 'close'; address: string }
  | { type: 'close:error'; address: string; error: Error }
  | { type: 'disconnect'; address: string; error?: Error }
  /** `peer` is ours (zeromq.js has none): what the handshake learned, such as `sessionId`. */
  | { type: 'handshake'; address: string; peer?: PeerInfo }
  | { type: 'handshake:error:protocol'; address: string; error: ProtocolError }
  | { type: 'handshake:error:auth'; address: string; error: AuthenticationError | ProtocolError }
  | { type: 'handshake:error:other'; address: string; error: Error }
  | { type: 'end' };

export type SocketEventType = SocketEvent['type'];
export type SocketEventOfType<T extends SocketEventType> = Extract<SocketEvent, { type: T }>;

type Listener = (event: SocketEvent) => void;

/** Past events kept for `receive()` / `for await` when nobody is listening yet. */
const maxBuffered = 1000;

/**
 * `socket.events`: subscribe with `on(type, fn)`, or iterate with `for await`.
 * Iteration ends with the socket. Events nobody consumes are bounded.
 */
export class Observer implements AsyncIterable<SocketEvent> {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly buffered: SocketEvent[] = [];
  private waiting: ((result: IteratorResult<SocketEvent>) => void) | undefined;
  private ended = false;

  get closed(): boolean {
    return this.ended;
  }

  on<T extends SocketEventType>(type: T, listener: (event: SocketEventOfType<T>) => void): this {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener as Listener);
    return this;
  }

  off<T extends SocketEventType>(type: T, listener: (event: SocketEventOfType<T>) => void): this {
    this.listeners.get(type)?.delete(listener as Listener);
    return this;
  }

  /** Resolves with the next event; rejects once the socket is closed and no events remain. */
  async receive(): Promise<SocketEvent> {
    const result = await this.nextResult();
    if (result.done) throw new Error('The socket is closed; no more events');
    return result.value;
  }

  /** Stops observing. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.settle();
  }

  [Symbol.asyncIterator](): AsyncIterator<SocketEvent> {
    return { next: () => this.nextResult() };
  }

  /** @internal Called by the socket. */
  emit(event: SocketEvent): void {
    if (this.ended) return;
    const set = this.listeners.get(event.type);
    if (set) for (const listener of [...set]) listener(event);
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: event, done: false });
    } else if (this.buffered.length < maxBuffered) {
      this.buffered.push(event);
    }
    if (event.type === 'end') this.close();
  }

  private nextResult(): Promise<IteratorResult<SocketEvent>> {
    const event = this.buffered.shift();
    if (event) return Promise.resolve({ value: event, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  private settle(): void {
    if (this.waiting && this.buffered.length === 0) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: undefined, done: true });
    }
  }
}
