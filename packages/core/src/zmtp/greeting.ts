import { ProtocolError } from '../errors.js';
import type { ByteQueue } from './byte-queue.js';

/** Size of the whole ZMTP 3 greeting. */
export const GREETING_SIZE = 64;
/** Signature: 0xFF, 8 padding bytes, 0x7F. */
export const SIGNATURE_SIZE = 10;
export const ZMTP_MAJOR = 3;
export const ZMTP_MINOR = 1;
/** Bytes of the NUL-padded mechanism name field. */
export const MECHANISM_FIELD_SIZE = 20;

/** Bytes 1..8 of the signature: padding that no peer may check. */
export const PADDING_SIZE = 8;

/**
 * The signature, sent first and at once. libzmq puts the big-endian
 * `routing_id_size + 1` in the padding; with no routing id that is 1.
 * A negotiating mechanism may put its own 8 bytes there instead.
 */
export function encodeSignature(padding?: Uint8Array): Uint8Array {
  const signature = new Uint8Array(SIGNATURE_SIZE);
  signature[0] = 0xff;
  if (padding) signature.set(padding.subarray(0, PADDING_SIZE), 1);
  else signature[8] = 0x01;
  signature[9] = 0x7f;
  return signature;
}

/** The version-major byte, sent once the peer's signature checked out. */
export function encodeMajor(): Uint8Array {
  return Uint8Array.of(ZMTP_MAJOR);
}

/** Bytes 11..63: minor, mechanism (NUL-padded), as-server, 31 zero bytes. */
export function encodeGreetingTail(mechanism: string, asServer: boolean): Uint8Array {
  const tail = new Uint8Array(GREETING_SIZE - SIGNATURE_SIZE - 1);
  tail[0] = ZMTP_MINOR;
  tail.set(mechanismField(mechanism), 1);
  tail[1 + MECHANISM_FIELD_SIZE] = asServer ? 1 : 0;
  return tail;
}

/** The whole 64-byte greeting, for tests and transports that send it in one go. */
export function encodeGreeting(mechanism: string, asServer: boolean): Uint8Array {
  const greeting = new Uint8Array(GREETING_SIZE);
  greeting.set(encodeSignature(), 0);
  greeting.set(encodeMajor(), SIGNATURE_SIZE);
  greeting.set(encodeGreetingTail(mechanism, asServer), SIGNATURE_SIZE + 1);
  return greeting;
}

/** The mechanism name as the 20-byte greeting field. */
export function mechanismField(mechanism: string): Uint8Array {
  const field = new Uint8Array(MECHANISM_FIELD_SIZE);
  if (mechanism.length === 0 || mechanism.length > MECHANISM_FIELD_SIZE || !/^[\x21-\x7e]+$/.test(mechanism)) {
    throw new RangeError(`Mechanism name "${mechanism}" must be 1 to 20 printable ASCII characters`);
  }
  for (let i = 0; i < mechanism.length; i++) field[i] = mechanism.charCodeAt(i);
  return field;
}

/** What the peer's greeting said. */
export interface PeerGreeting {
  readonly major: number;
  readonly minor: number;
  readonly mechanism: string;
  /** As sent; libzmq always sends 0, so nothing may depend on it. */
  readonly asServer: boolean;
  /** ZMTP 3.1 or later: minor >= 1, or any major above 3 (as libzmq decides). */
  readonly speaks31: boolean;
}

type Stage = 'idle' | 'signature' | 'major' | 'tail' | 'done';

/** A mechanism that picks what to announce from the peer's signature padding. */
export interface GreetingNegotiation {
  readonly padding: Uint8Array;
  /** Called once the peer's signature is in, before our mechanism name is sent; may throw. */
  choose(peerPadding: Uint8Array): { readonly name: string; readonly asServer: boolean };
}

/**
 * Runs our side of the greeting in libzmq's stages, so that neither a libzmq
 * peer nor another staged peer can deadlock: the signature at once, the major
 * version once the peer's signature is valid, the rest once the peer's major
 * arrived. Reads the peer's greeting from a queue as bytes come in.
 */
export class GreetingExchange {
  private stage: Stage = 'idle';
  private field: Uint8Array;

  constructor(
    private mechanism: string,
    private asServer: boolean,
    private readonly send: (bytes: Uint8Array) => void,
    private readonly negotiation?: GreetingNegotiation,
  ) {
    this.field = mechanismField(mechanism);
  }

  get done(): boolean {
    return this.stage === 'done';
  }

  /** Sends the signature. */
  start(): void {
    this.stage = 'signature';
    this.send(encodeSignature(this.negotiation?.padding));
  }

  /**
   * Consumes what it can of the peer's greeting and sends our next stages.
   * Returns the peer's greeting once all 64 bytes are in (they are removed from
   * the queue; bytes after them stay). Throws a ProtocolError for a bad greeting.
   */
  read(queue: ByteQueue): PeerGreeting | undefined {
    if (this.stage === 'signature') {
      if (queue.length < 1) return undefined;
      // A first byte other than 0xFF means this is no ZMTP 3 peer: say so at once.
      if (queue.byteAt(0) !== 0xff) throw badSignature(`first byte is 0x${hex(queue.byteAt(0))}, expected 0xff`);
      if (queue.length < SIGNATURE_SIZE) return undefined;
      // Bytes 1..8 are padding that libzmq fills with the identity size: never check them.
      if ((queue.byteAt(9) & 0x01) === 0) {
        throw badSignature(`byte 9 is 0x${hex(queue.byteAt(9))}, its low bit must be set (a ZMTP 1.0 peer?)`);
      }
      if (this.negotiation) this.choose(queue);
      this.stage = 'major';
      this.send(encodeMajor());
    }
    if (this.stage === 'major') {
      if (queue.length < SIGNATURE_SIZE + 1) return undefined;
      const major = queue.byteAt(SIGNATURE_SIZE);
      if (major < ZMTP_MAJOR) {
        throw new ProtocolError(
          'ERR_ZMTP_UNSUPPORTED_VERSION',
          `Peer speaks ZMTP revision ${major} (ZMTP ${major === 0 ? '1.0' : '2.0'}); only ZMTP 3.x is supported. ` +
            'Upgrade the peer to libzmq 4.x or another ZMTP 3 implementation.',
        );
      }
      this.stage = 'tail';
      this.send(encodeGreetingTail(this.mechanism, this.asServer));
    }
    if (this.stage === 'tail') {
      if (queue.length < GREETING_SIZE) return undefined;
      const major = queue.byteAt(SIGNATURE_SIZE);
      const minor = queue.byteAt(SIGNATURE_SIZE + 1);
      const fieldStart = SIGNATURE_SIZE + 2;
      let matches = true;
      for (let i = 0; i < MECHANISM_FIELD_SIZE; i++) {
        if (queue.byteAt(fieldStart + i) !== this.field[i]) matches = false;
      }
      const mechanism = readMechanismName(queue, fieldStart);
      const asServer = queue.byteAt(fieldStart + MECHANISM_FIELD_SIZE) !== 0;
      if (!matches) {
        throw new ProtocolError(
          'ERR_ZMTP_MECHANISM_MISMATCH',
          `Peer uses security mechanism "${mechanism}" but this socket uses "${this.mechanism}"; ` +
            'configure both sides with the same security options ' +
            '(e.g. plainServer/plainUsername, curveServer/curveServerKey).',
        );
      }
      queue.skip(GREETING_SIZE);
      this.stage = 'done';
      return { major, minor, mechanism, asServer, speaks31: major > ZMTP_MAJOR || minor >= 1 };
    }
    return undefined;
  }

  /** Lets the negotiation pick our mechanism from the peer's padding (bytes 1..8). */
  private choose(queue: ByteQueue): void {
    const padding = new Uint8Array(PADDING_SIZE);
    for (let i = 0; i < PADDING_SIZE; i++) padding[i] = queue.byteAt(1 + i);
    const chosen = this.negotiation!.choose(padding);
    this.mechanism = chosen.name;
    this.asServer = chosen.asServer;
    this.field = mechanismField(chosen.name);
  }
}

function readMechanismName(queue: ByteQueue, start: number): string {
  let name = '';
  for (let i = 0; i < MECHANISM_FIELD_SIZE; i++) {
    const byte = queue.byteAt(start + i);
    if (byte === 0) break;
    name += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\x${hex(byte)}`;
  }
  return name;
}

function badSignature(detail: string): ProtocolError {
  return new ProtocolError(
    'ERR_ZMTP_BAD_GREETING',
    `Peer did not send a ZMTP greeting (${detail}); is the other end a ZeroMQ socket?`,
  );
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
