import {
  type FrameCipher,
  type HandshakeStep,
  type MechanismContext,
  type MechanismSession,
  ProtocolError,
  decodeMetadata,
  encodeMetadata,
} from '@zmtp/core';
import { z85Decode } from '../z85.js';
import { type BoxKeyPair, KEY_SIZE, boxKey, boxKeyPair, open, randomBytes, seal } from '../nacl-box.js';
import { ownKeyPair } from './own-keys.js';
import { CurveMessageCipher } from './message-cipher.js';
import { LONG_NONCE_SIZE, LONG_PREFIX, SHORT_NONCE_SIZE, SHORT_PREFIX, counterBytes, fullNonce, readCounter } from './nonce.js';
import { HELLO, INITIATE, READY, READY_MIN_SIZE, WELCOME, WELCOME_SIZE, curveError } from './wire.js';
import { commandName, concatBytes, startsWith } from '../bytes.js';
import { failStep } from '../handshake-step.js';

const HELLO_VERSION = Uint8Array.of(1, 0);
const HELLO_PADDING = new Uint8Array(72);
const HELLO_SIGNATURE = new Uint8Array(64);
const COOKIE_SIZE = 96;

type State = 'expect-welcome' | 'expect-ready' | 'done';

/**
 * The client side of CURVE (RFC 26), byte for byte as libzmq's curve_client:
 * HELLO, then INITIATE after the server's WELCOME, done at its READY. Short
 * nonces count from 1 (HELLO) and go on into MESSAGE.
 */
export class CurveClientSession implements MechanismSession {
  cipher: FrameCipher | undefined;
  private state: State = 'expect-welcome';
  private nextNonce = 1;
  private readonly ephemeral: BoxKeyPair = boxKeyPair();
  private helloKey: Uint8Array | undefined;
  private connectionKey: Uint8Array | undefined;
  private serverKey: Uint8Array | undefined;
  private longTerm: BoxKeyPair | undefined;

  constructor(private readonly context: MechanismContext) {}

  start(): HandshakeStep {
    const { curveServerKey } = this.context.options;
    try {
      if (typeof curveServerKey !== 'string') {
        throw new ProtocolError(
          'ERR_ZMTP_KEY_EXCHANGE',
          'A CURVE client needs curveServerKey, the public key of the server. The connection was closed.',
        );
      }
      this.longTerm = ownKeyPair(this.context.options, 'client');
    } catch (error) {
      if (error instanceof ProtocolError) return failStep(error);
      throw error;
    }
    this.serverKey = z85Decode(curveServerKey);
    this.helloKey = boxKey(this.serverKey, this.ephemeral.secretKey);
    if (this.helloKey === undefined) {
      return failStep(curveError('ERR_ZMTP_KEY_EXCHANGE', 'curveServerKey is not a usable Curve25519 public key.'));
    }
    const counter = counterBytes(this.nextNonce++);
    const box = seal(this.helloKey, fullNonce(SHORT_PREFIX.hello, counter), HELLO_SIGNATURE);
    return { send: [concatBytes(HELLO, HELLO_VERSION, HELLO_PADDING, this.ephemeral.publicKey, counter, box)] };
  }

  receive(command: Uint8Array): HandshakeStep {
    try {
      if (this.state === 'expect-welcome' && startsWith(command, WELCOME)) return this.welcome(command);
      if (this.state === 'expect-ready' && startsWith(command, READY)) return this.ready(command);
      const expected = this.state === 'expect-welcome' ? 'WELCOME' : 'READY';
      throw curveError(
        'ERR_ZMTP_UNEXPECTED_COMMAND',
        `the server sent ${commandName(command)} where ${expected} was expected.`,
      );
    } catch (error) {
      if (error instanceof ProtocolError) return failStep(error);
      throw error;
    }
  }

  private welcome(command: Uint8Array): HandshakeStep {
    if (command.length !== WELCOME_SIZE) {
      throw curveError(
        'ERR_ZMTP_MALFORMED_COMMAND_WELCOME',
        `WELCOME is ${command.length} bytes; it must be exactly ${WELCOME_SIZE}.`,
      );
    }
    const nonceAt = WELCOME.length;
    const boxAt = nonceAt + LONG_NONCE_SIZE;
    const nonce = fullNonce(LONG_PREFIX.welcome, command.subarray(nonceAt, boxAt));
    const plaintext = open(this.helloKey!, nonce, command.subarray(boxAt));
    if (plaintext === undefined) {
      throw curveError(
        'ERR_ZMTP_CRYPTOGRAPHIC',
        'the server WELCOME did not open; is curveServerKey the public key of this server?',
      );
    }
    const serverEphemeral = plaintext.subarray(0, KEY_SIZE);
    const cookie = plaintext.subarray(KEY_SIZE, KEY_SIZE + COOKIE_SIZE);
    this.connectionKey = boxKey(serverEphemeral, this.ephemeral.secretKey);
    if (this.connectionKey === undefined) {
      throw curveError('ERR_ZMTP_KEY_EXCHANGE', 'the server short-term key is not a usable public key.');
    }
    const vouchKey = boxKey(serverEphemeral, this.longTerm!.secretKey)!;
    const vouchNonce = randomBytes(LONG_NONCE_SIZE);
    const vouch = seal(
      vouchKey,
      fullNonce(LONG_PREFIX.vouch, vouchNonce),
      concatBytes(this.ephemeral.publicKey, this.serverKey!),
    );
    const metadata = encodeMetadata(this.context.localMetadata);
    const counter = counterBytes(this.nextNonce++);
    const box = seal(
      this.connectionKey,
      fullNonce(SHORT_PREFIX.initiate, counter),
      concatBytes(this.longTerm!.publicKey, vouchNonce, vouch, metadata),
    );
    this.state = 'expect-ready';
    return { send: [concatBytes(INITIATE, cookie, counter, box)] };
  }

  private ready(command: Uint8Array): HandshakeStep {
    if (command.length < READY_MIN_SIZE) {
      throw curveError(
        'ERR_ZMTP_MALFORMED_COMMAND_READY',
        `READY is ${command.length} bytes; it must be at least ${READY_MIN_SIZE}.`,
      );
    }
    const nonceAt = READY.length;
    const boxAt = nonceAt + SHORT_NONCE_SIZE;
    const counter = readCounter(command, nonceAt);
    const nonce = fullNonce(SHORT_PREFIX.ready, command.subarray(nonceAt, boxAt));
    const plaintext = open(this.connectionKey!, nonce, command.subarray(boxAt));
    if (plaintext === undefined) throw curveError('ERR_ZMTP_CRYPTOGRAPHIC', 'the server READY did not open.');
    const metadata = decodeMetadata(plaintext, 'READY');
    this.state = 'done';
    this.cipher = new CurveMessageCipher(
      this.connectionKey!,
      SHORT_PREFIX.messageFromClient,
      SHORT_PREFIX.messageFromServer,
      this.nextNonce,
      counter,
    );
    return { done: { metadata } };
  }
}

