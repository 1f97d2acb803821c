import type { ProtocolError, AuthenticationError } from '../errors.js';

/** Name → value properties, as carried in READY / INITIATE commands. */
export type Metadata = ReadonlyMap<string, Uint8Array>;

/** A ZAP-style request handed to an authenticator. */
export interface AuthRequest {
  readonly domain: string;
  readonly address: string;
  /** The connecting peer's identity (routing id), possibly empty. */
  readonly identity: Uint8Array;
  readonly mechanism: string;
  /** PLAIN: [username, password]; CURVE: [public key]. */
  readonly credentials: readonly Uint8Array[];
}

/** The authenticator's answer. `status` as in ZAP: 200 accept, 300 temporary, 400 denied, 500 internal. */
export interface AuthResult {
  readonly status: 200 | 300 | 400 | 500;
  readonly statusText?: string;
  /** The user id the socket reports for this peer. */
  readonly userId?: string;
  readonly metadata?: Metadata;
}

export type Authenticator = (request: AuthRequest) => AuthResult | Promise<AuthResult>;

/** What a mechanism needs from the socket that runs it. */
export interface MechanismContext {
  /** The local side's options (plainUsername, curveServer, ...), as the socket holds them. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The properties to announce: Socket-Type, Identity (where libzmq sends it), X- application properties. */
  readonly localMetadata: Metadata;
  readonly peerAddress: string;
  readonly zapDomain: string;
  /** Set on sockets with an authenticator (the server side of PLAIN / CURVE). */
  readonly authenticate?: Authenticator;
}

/** One step of a handshake: commands to send, then perhaps an outcome. */
export interface HandshakeStep {
  /** Whole command bodies (`name-len name data`) to send, in order. */
  readonly send?: readonly Uint8Array[];
  /**
   * The handshake finished: the peer's properties, the user id if authenticated, and
   * for mechanisms that derive one, a session id both ends share (for out-of-band checks).
   */
  readonly done?: { readonly metadata: Metadata; readonly userId?: string; readonly sessionId?: Uint8Array };
  /**
   * The handshake failed. `errorReason`, if set, is sent to the peer in an ERROR command
   * first (libzmq sends ERROR only for authentication failures).
   */
  readonly fail?: { readonly error: ProtocolError | AuthenticationError; readonly errorReason?: string };
}

/**
 * Per-frame protection after the handshake (encrypting mechanisms). Each frame
 * travels in a carrier frame of its own; every frame received goes to `decrypt`.
 */
export interface FrameCipher {
  /**
   * How carriers travel: as command frames (the default), or as final message
   * frames, which is how libzmq sends CURVE's MESSAGE (a libzmq peer treats a
   * command-flagged carrier as a command and drops the message inside).
   */
  readonly carrier?: 'command' | 'message';
  /** Turns a frame (ZMTP flags MORE 0x01, COMMAND 0x04) into the body of its carrier frame. */
  encrypt(flags: number, body: Uint8Array): Uint8Array;
  /** Recovers a frame from a carrier's body; throws a ProtocolError when it was tampered with. */
  decrypt(carrier: Uint8Array): { flags: number; body: Uint8Array };
}

/** One side of one connection's security handshake. */
export interface MechanismSession {
  /** Called once greetings are exchanged. */
  start(): HandshakeStep;
  /** Called for each command received during the handshake. */
  receive(command: Uint8Array): HandshakeStep | Promise<HandshakeStep>;
  /** Present once the handshake is done, for mechanisms that protect frames. */
  readonly cipher?: FrameCipher;
}

/** What a mechanism sees before the greeting picks the mechanism. */
export interface NegotiationContext {
  readonly options: Readonly<Record<string, unknown>>;
  readonly peerAddress: string;
}

/**
 * Greeting-time negotiation, for mechanisms that run only when the peer can (the
 * opportunistic one). `padding` fills bytes 1..8 of our signature, which libzmq
 * never reads; once the peer's signature is in, and before we send our mechanism
 * name, `choose` gets the peer's bytes 1..8 and returns the mechanism to announce
 * and run. It throws a ProtocolError to refuse the peer.
 */
export interface Negotiation {
  readonly padding: Uint8Array;
  choose(peerPadding: Uint8Array): Mechanism;
}

/** A ZMTP security mechanism, installed by a plugin. */
export interface Mechanism {
  readonly spec: 'zmtp/mechanism@1';
  /** The name in the greeting, at most 20 ASCII characters (`PLAIN`, `CURVE`). */
  readonly name: string;
  /** True when a socket with these options should use this mechanism. */
  selects(options: Readonly<Record<string, unknown>>): boolean;
  /** Whether these options make this side the server (the `as-server` bit; libzmq always sends 0). */
  isServer(options: Readonly<Record<string, unknown>>): boolean;
  createSession(context: MechanismContext): MechanismSession;
  /** Optional: negotiate through the greeting instead of announcing `name` (see Negotiation). */
  negotiate?(context: NegotiationContext): Negotiation;
}
