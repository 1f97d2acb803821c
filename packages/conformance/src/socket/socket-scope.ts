import type { Context, Socket, SocketEventType, StreamTransport } from '@zmtp/core';
import type { TransportConformanceCapabilities } from '../capabilities.js';
import type { AddressFactory, TransportFixture } from '../subject.js';
import { texts } from '../support/bytes.js';
import { contextWith, type Extras } from '../support/core-context.js';
import { pause, within } from '../support/waits.js';
import { TapTransport } from '../tap/tap-transport.js';

/** What the scope closes after a check: any core socket, the draft Dish included (typed apart from Socket). */
export type Closable = Pick<Socket, 'close' | 'closed'>;

/** What the scope binds: a socket with `bind` and `lastEndpoint`. */
export type Bindable = Pick<Socket, 'bind' | 'lastEndpoint'>;

/** A socket constructor of @zmtp/core (`Push`, `Router`, `Dish`, ...). */
export type SocketClass<S extends Closable> = new (options?: never) => S;

/** Where a socket sits: `bind` sockets use the listening transport, `connect` sockets the dialing one. */
export type Side = 'bind' | 'connect';

/** Something that receives messages. */
export interface Receiver {
  receive(): Promise<Uint8Array[]>;
}

/**
 * One socket check's world: contexts with the transport under test installed,
 * and every socket the check made, closed afterwards whatever happened.
 */
export class SocketScope {
  readonly bindContext: Context;
  readonly connectContext: Context;
  private tapped: { tap: TapTransport; context: Context } | undefined;
  private readonly sockets: Closable[] = [];
  private readonly cleanups: (() => void | Promise<void>)[] = [];

  constructor(
    readonly fixture: TransportFixture,
    readonly addresses: AddressFactory,
    readonly capabilities: TransportConformanceCapabilities,
    readonly subject: string,
    /** A mechanism or scheduler under test, installed beside the transport. */
    private readonly extras: Extras = {},
  ) {
    this.bindContext = contextWith(fixture.transport, subject, extras);
    this.connectContext = fixture.dialer ? contextWith(fixture.dialer, subject, extras) : this.bindContext;
  }

  /** A socket with linger 0, the fixture's socket options, `options`, and the context for `side`. */
  open<S extends Closable>(Class: SocketClass<S>, side: Side, options: Record<string, unknown> = {}): S {
    const context = side === 'bind' ? this.bindContext : this.connectContext;
    const Make = Class as unknown as new (options: Record<string, unknown>) => S;
    const socket = new Make({ linger: 0, ...this.fixture.socketOptions, ...options, context });
    this.sockets.push(socket);
    return socket;
  }

  /**
   * A connecting socket whose connections pass through a tap (the check can
   * freeze them or rewrite frames). Stream transports only.
   */
  openTapped<S extends Socket>(Class: SocketClass<S>, options: Record<string, unknown> = {}): { socket: S; tap: TapTransport } {
    if (!this.tapped) {
      const tap = new TapTransport((this.fixture.dialer ?? this.fixture.transport) as StreamTransport);
      this.tapped = { tap, context: contextWith(tap, `${this.subject} (tapped)`, this.extras) };
    }
    const Make = Class as unknown as new (options: Record<string, unknown>) => S;
    const socket = new Make({ linger: 0, ...this.fixture.socketOptions, ...options, context: this.tapped.context });
    this.sockets.push(socket);
    return { socket, tap: this.tapped.tap };
  }

  /** Binds to a fresh address from the subject and returns the endpoint read back. */
  async bind(socket: Bindable): Promise<string> {
    await socket.bind(this.addresses.listen());
    const endpoint = socket.lastEndpoint;
    if (!endpoint) throw new Error('bind() resolved without setting lastEndpoint');
    return endpoint;
  }

  /**
   * Binds to an endpoint a closed socket just released. Transports may free the
   * address a moment after close, so EADDRINUSE is retried for a while.
   */
  async bindAgain(socket: Bindable, endpoint: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await socket.bind(endpoint);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== 'EADDRINUSE' || attempt >= 100) throw error;
        await pause(20);
      }
    }
  }

  defer(cleanup: () => void | Promise<void>): void {
    this.cleanups.push(cleanup);
  }

  async dispose(): Promise<void> {
    for (const cleanup of this.cleanups.reverse()) await cleanup();
    for (const socket of this.sockets) if (!socket.closed) socket.close();
  }
}

/** The next message as text, failing with `what` if it does not come promptly. */
export async function receiveText(socket: Receiver, what: string): Promise<string[]> {
  return texts(await within(socket.receive(), what));
}

/** Counts events of one type on a socket from now on, and waits for counts. */
export class EventCounter {
  count = 0;
  private waiters: { n: number; resolve: () => void }[] = [];

  constructor(socket: Socket, type: SocketEventType) {
    socket.events.on(type, () => {
      this.count += 1;
      this.waiters = this.waiters.filter((waiter) => {
        if (this.count < waiter.n) return true;
        waiter.resolve();
        return false;
      });
    });
  }

  /** Resolves once `n` events were seen. */
  reached(n: number): Promise<void> {
    if (this.count >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }
}
