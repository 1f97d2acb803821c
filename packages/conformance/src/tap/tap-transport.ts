import type { AcceptHandler, Connection, Listener, StreamTransport, TransportCapabilities, TransportOptions } from '@zmtp/core';
import { TappedConnection } from './tapped-connection.js';

/**
 * Wraps a stream transport so that every connection it makes goes through a
 * {@link TappedConnection} the checks can act on. Same schemes and capabilities.
 */
export class TapTransport implements StreamTransport {
  readonly spec = 'zmtp/transport@1' as const;
  readonly schemes: readonly string[];
  readonly capabilities: TransportCapabilities & { readonly kind: 'stream' };
  /** Every connection made so far, newest last. */
  readonly connections: TappedConnection[] = [];

  constructor(private readonly inner: StreamTransport) {
    this.schemes = inner.schemes;
    this.capabilities = inner.capabilities;
  }

  checkEndpoint(endpoint: string, role: 'listen' | 'dial'): void {
    this.inner.checkEndpoint?.(endpoint, role);
  }

  listen(endpoint: string, options: TransportOptions, accept: AcceptHandler<Connection>): Promise<Listener> {
    return this.inner.listen(endpoint, options, (connection) => accept(this.wrap(connection)));
  }

  async dial(endpoint: string, options: TransportOptions, signal: AbortSignal): Promise<Connection> {
    return this.wrap(await this.inner.dial(endpoint, options, signal));
  }

  /** The newest connection. */
  latest(): TappedConnection {
    const connection = this.connections[this.connections.length - 1];
    if (!connection) throw new Error('the tapped transport has made no connection yet');
    return connection;
  }

  private wrap(connection: Connection): TappedConnection {
    const tapped = new TappedConnection(connection);
    this.connections.push(tapped);
    return tapped;
  }
}
