import type { Message } from '../message.js';
import type { ProtocolError, AuthenticationError } from '../errors.js';

/** What the engine learned about the peer during the handshake. */
export interface PeerInfo {
  /** The peer's socket type as announced (`DEALER`, `PUB`, ...). */
  readonly socketType: string;
  /** The peer's `Identity` property, if it sent one (may be empty). */
  readonly identity?: Uint8Array;
  /** Every property of the peer's READY (or INITIATE) command, names as sent. */
  readonly metadata: ReadonlyMap<string, Uint8Array>;
  /** The peer's endpoint address. */
  readonly address: string;
  /** Mechanism used (`NULL`, `PLAIN`, ...). */
  readonly mechanism: string;
  /** ZMTP minor version the peer announced (0 = 3.0, 1 = 3.1). */
  readonly zmtpMinor: number;
  /** For PLAIN/CURVE servers: the user id the authenticator returned. */
  readonly userId?: string;
  /** For mechanisms that derive one (the opportunistic one): the id both ends share. */
  readonly sessionId?: Uint8Array;
}

/** Why an engine stopped. */
export type EngineCloseReason =
  /** The peer closed or the connection dropped; reconnecting makes sense. */
  | { readonly kind: 'disconnected'; readonly error?: Error }
  /** The peer broke the protocol (handshake or later). */
  | { readonly kind: 'protocol'; readonly error: ProtocolError; readonly handshake: boolean }
  /** Authentication failed (our authenticator rejected the peer, or the peer sent ERROR). */
  | { readonly kind: 'auth'; readonly error: AuthenticationError | ProtocolError }
  /** The local side closed the engine. */
  | { readonly kind: 'local' };

/** The side of the socket an engine reports to (a session). */
export interface EngineHost {
  /** The handshake completed; messages may flow. */
  ready(peer: PeerInfo): void;
  /** A whole message arrived. Subscriptions arrive as `[0x01 + topic]` / `[0x00 + topic]`. */
  message(message: Message): void;
  /** The engine can take more messages after `write` returned false. */
  drain(): void;
  /** The engine is gone; called once. */
  closed(reason: EngineCloseReason): void;
}

/**
 * Moves whole messages between a session's pipe and a peer. Core's ZMTP engine
 * runs on a byte `Connection`; datagram and multicast transports bring their own.
 */
export interface Engine {
  /** Starts the engine; events go to `host` from now on. */
  start(host: EngineHost): void;
  /**
   * Sends one message (after the handshake). Returns false when the engine wants
   * no more until `host.drain()`; the message is accepted either way.
   */
  write(message: Message): boolean;
  /** Inbound backpressure: stop delivering messages until `resume()`. */
  pause(): void;
  resume(): void;
  /** Flushes what was written, then closes. */
  close(): void;
  /** Closes at once. */
  destroy(): void;
}
