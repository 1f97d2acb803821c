import type { Connection } from './connection.js';
import type { Engine } from './engine.js';

/** What a transport can do, so sockets and the conformance suite know what to expect. */
export interface TransportCapabilities {
  /** `stream`: bytes, core runs ZMTP on them. `engine`: the transport brings its own Engine. */
  readonly kind: 'stream' | 'engine';
  readonly reliable: boolean;
  readonly ordered: boolean;
  /** Largest message in bytes, or undefined for no limit. */
  readonly maxMessageSize?: number;
  readonly multicast: boolean;
  readonly dialOnly?: boolean;
  readonly listenOnly?: boolean;
  /** The transport encrypts on its own (TLS, shared memory, ...). */
  readonly nativeSecurity?: boolean;
  /** For `engine` transports: the socket types they serve (`RADIO`, `DISH`, ...). */
  readonly socketTypes?: readonly string[];
  /**
   * False when a Dish on this transport cannot send JOIN/LEAVE back (a one-way datagram
   * path, as libzmq's udp): a Radio then sends it every group and the Dish filters.
   * Default true.
   */
  readonly joins?: boolean;
}

/** Options a listener or dialer receives from the socket. */
export interface TransportOptions {
  /** Socket options as the socket holds them (ipv6, backlog, tcpKeepalive, ...). */
  readonly socket: Readonly<Record<string, unknown>>;
  /** Where a transport-owned engine needs them: the local socket type. */
  readonly socketType: string;
}

/** A bound address that accepts connections until closed. */
export interface Listener {
  /** The real endpoint after binding (`tcp://127.0.0.1:41234` for `tcp://127.0.0.1:*`). */
  readonly endpoint: string;
  /** Stops accepting. Connections already accepted stay open. */
  close(): Promise<void>;
}

/** Receives what a listener accepts. */
export interface AcceptHandler<T> {
  (accepted: T): void;
}

interface TransportBase {
  readonly spec: 'zmtp/transport@1';
  /** Schemes served, without `://` (`['tcp']`). */
  readonly schemes: readonly string[];
  readonly capabilities: TransportCapabilities;
  /**
   * Optional: checks an endpoint's syntax at once and throws a ZmqError (EINVAL,
   * EPROTONOSUPPORT) when it can never work, so that `connect()` fails synchronously as
   * libzmq's does. Name resolution still happens when dialing.
   */
  checkEndpoint?(endpoint: string, role: 'listen' | 'dial'): void;
}

/** A transport that produces byte streams. */
export interface StreamTransport extends TransportBase {
  readonly capabilities: TransportCapabilities & { readonly kind: 'stream' };
  /** Binds `endpoint` (the whole string, scheme included). Rejects with a ZmqError (EADDRINUSE, EINVAL, ...). */
  listen(endpoint: string, options: TransportOptions, accept: AcceptHandler<Connection>): Promise<Listener>;
  /** Opens a connection. Rejects with ECONNREFUSED (nobody listening), EINVAL, or the abort reason. */
  dial(endpoint: string, options: TransportOptions, signal: AbortSignal): Promise<Connection>;
}

/** A transport that moves whole messages itself (udp, pgm). */
export interface EngineTransport extends TransportBase {
  readonly capabilities: TransportCapabilities & { readonly kind: 'engine' };
  listen(endpoint: string, options: TransportOptions, accept: AcceptHandler<Engine>): Promise<Listener>;
  dial(endpoint: string, options: TransportOptions, signal: AbortSignal): Promise<Engine>;
}

export type Transport = StreamTransport | EngineTransport;
