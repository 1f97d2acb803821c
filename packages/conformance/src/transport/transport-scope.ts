import type { Connection, Engine, Listener, StreamTransport, Transport, TransportOptions } from '@zmtp/core';
import type { TransportConformanceCapabilities } from '../capabilities.js';
import type { AddressFactory, TransportFixture } from '../subject.js';
import { AcceptQueue } from '../support/accept-queue.js';
import { socketRolesFor } from './socket-roles.js';

type Accepted = Connection | Engine;

/**
 * One transport check's world: the fixture, and everything the check opened, so
 * that it is all closed afterwards whatever happened.
 */
export class TransportScope {
  readonly transport: Transport;
  readonly dialer: Transport;
  /** What listeners get: the socket type is one the transport serves on the listening side. */
  readonly listenOptions: TransportOptions;
  /** What dials get. */
  readonly dialOptions: TransportOptions;
  private readonly listeners: Listener[] = [];
  private readonly opened: Accepted[] = [];
  private readonly cleanups: (() => void | Promise<void>)[] = [];

  constructor(
    readonly fixture: TransportFixture,
    readonly addresses: AddressFactory,
    readonly capabilities: TransportConformanceCapabilities,
  ) {
    this.transport = fixture.transport;
    this.dialer = fixture.dialer ?? fixture.transport;
    const roles = socketRolesFor(capabilities);
    this.listenOptions = { socket: { ...fixture.socketOptions }, socketType: roles.listen };
    this.dialOptions = { socket: { ...fixture.socketOptions }, socketType: roles.dial };
  }

  /** The scheme listeners report, from the listener's own endpoint. */
  schemeOf(endpoint: string): string {
    return endpoint.slice(0, endpoint.indexOf('://') + 3);
  }

  async listen(address = this.addresses.listen()): Promise<{ listener: Listener; accepted: AcceptQueue<Accepted> }> {
    const accepted = new AcceptQueue<Accepted>();
    const listener = await (this.transport as StreamTransport).listen(address, this.listenOptions, ((item: Accepted) => {
      this.opened.push(item);
      accepted.accept(item);
    }) as (connection: Connection) => void);
    this.listeners.push(listener);
    return { listener, accepted };
  }

  async dial(endpoint: string, signal: AbortSignal = new AbortController().signal): Promise<Accepted> {
    const item = (await this.dialer.dial(endpoint, this.dialOptions, signal)) as Accepted;
    this.opened.push(item);
    return item;
  }

  /** A byte-stream dial (the check already knows the transport is a stream one). */
  dialStream(endpoint: string, signal?: AbortSignal): Promise<Connection> {
    return this.dial(endpoint, signal) as Promise<Connection>;
  }

  /** A listener and one connection through it: `client` dialed, `server` accepted. */
  async pair(): Promise<{ listener: Listener; client: Connection; server: Connection }> {
    const { listener, accepted } = await this.listen();
    const client = await this.dialStream(listener.endpoint);
    const server = (await accepted.next()) as Connection;
    return { listener, client, server };
  }

  /** An address where nothing listens: the subject's, or one just listened on and closed. */
  async unreachable(): Promise<string> {
    if (this.addresses.unreachable) return this.addresses.unreachable();
    const listener = await (this.transport as StreamTransport).listen(this.addresses.listen(), this.listenOptions, (item) =>
      item.destroy(),
    );
    const endpoint = listener.endpoint;
    await listener.close();
    return endpoint;
  }

  /** Runs `cleanup` when the check ends. */
  defer(cleanup: () => void | Promise<void>): void {
    this.cleanups.push(cleanup);
  }

  async dispose(): Promise<void> {
    for (const cleanup of this.cleanups.reverse()) await cleanup();
    for (const item of this.opened) item.destroy();
    await Promise.all(this.listeners.map((listener) => listener.close()));
  }
}
