import {
  type FrameCipher,
  type HandshakeStep,
  type MechanismContext,
  type MechanismSession,
  type Metadata,
  ProtocolError,
  decodeMetadata,
  encodeMetadata,
} from '@zmtp/core';
import {
  type BoxKeyPair,
  KEY_SIZE,
  boxKey,
  boxKeyPair,
  open,
  randomBytes,
  seal,
  secretOpen,
  secretSeal,
} from '../nacl-box.js';
import { CurveMessageCipher } from './message-cipher.js';
import { ownKeyPair } from './own-keys.js';
import { LONG_NONCE_SIZE, LONG_PREFIX, SHORT_PREFIX, counterBytes, fullNonce, readCounter } from './nonce.js';
import { HELLO, HELLO_SIZE, INITIATE, INITIATE_MIN_SIZE, READY, WELCOME, curveError } from './wire.js';
import { commandName, concatBytes, sameBytes, startsWith } from '../bytes.js';
import { authenticatePeer, failStep } from '../handshake-step.js';

// Offsets in HELLO: name(6) version(2) padding(72), then C' and the short nonce and box.
const HELLO_VERSION_AT = 6;
const HELLO_KEY_AT = 80;
const HELLO_NONCE_AT = 112;
const HELLO_BOX_AT = 120;
// Offsets in INITIATE: name(9) cookie(96: nonce 16 + box 80) short nonce(8) box.
const COOKIE_NONCE_AT = 9;
const COOKIE_BOX_AT = 25;
const INITIATE_NONCE_AT = 105;
const INITIATE_BOX_AT = 113;
// Inside the INITIATE box: C(32) vouch nonce(16) vouch box(80) metadata.
const VOUCH_BOX_SIZE = 80;
const METADATA_AT = KEY_SIZE + LONG_NONCE_SIZE + VOUCH_BOX_SIZE;


type State = 'expect-hello' | 'expect-initiate' | 'authenticating' | 'done';

/**
 * The server side of CURVE (RFC 26), as libzmq's curve_server: WELCOME with a
 * cookie after HELLO, READY after a valid INITIATE. Without an authenticator any
 * client with the server key gets in (libzmq's behaviour without a ZAP handler);
 * with one, the client's long-term key is its credential.
 */
export class CurveServerSession implements MechanismSession {
  cipher: FrameCipher | undefined;
  private state: State = 'expect-hello';
  private longTerm: BoxKeyPair | undefined;
  private readonly ephemeral: BoxKeyPair = boxKeyPair();
  private readonly cookieKey = randomBytes(KEY_SIZE);
  private clientEphemeral: Uint8Array | undefined;
  private lastPeerNonce = 0;
  private nextNonce = 1;

  constructor(private readonly context: MechanismContext) {}

  start(): HandshakeStep {
    try {
      this.longTerm = ownKeyPair(this.context.options, 'server');
      return {};
    } catch (error) {
      if (error instanceof ProtocolError) return failStep(error);
      throw error;
    }
  }

  receive(command: Uint8Array): HandshakeStep | Promise<HandshakeStep> {
    try {
      if (this.state === 'expect-hello') return this.hello(command);
      if (this.state === 'expect-initiate') return this.initiate(command);
      throw curveError('ERR_ZMTP_UNEXPECTED_COMMAND', `the client sent ${commandName(command)} after INITIATE.`);
    } catch (error) {
      if (error instanceof ProtocolError) return failStep(error);
      throw error;
    }
  }

  private hello(command: Uint8Array): HandshakeStep {
    if (!startsWith(command, HELLO)) {
      throw curveError('ERR_ZMTP_UNEXPECTED_COMMAND', `the client sent ${commandName(command)} instead of HELLO.`);
    }
    if (command.length !== HELLO_SIZE) {
      throw curveError(
        'ERR_ZMTP_MALFORMED_COMMAND_HELLO',
        `HELLO is ${command.length} bytes; it must be exactly ${HELLO_SIZE}.`,
      );
    }
    if (command[HELLO_VERSION_AT] !== 1 || command[HELLO_VERSION_AT + 1] !== 0) {
      throw curveError(
        'ERR_ZMTP_MALFORMED_COMMAND_HELLO',
        `HELLO announces CURVE version ${command[HELLO_VERSION_AT]}.${command[HELLO_VERSION_AT + 1]}; only 1.0 exists.`,
      );
    }
    const clientEphemeral = command.slice(HELLO_KEY_AT, HELLO_KEY_AT + KEY_SIZE);
    const helloKey = boxKey(clientEphemeral, this.longTerm!.secretKey);
    const nonce = fullNonce(SHORT_PREFIX.hello, command.subarray(HELLO_NONCE_AT, HELLO_BOX_AT));
    if (helloKey === undefined || open(helloKey, nonce, command.subarray(HELLO_BOX_AT)) === undefined) {
      throw curveError(
        'ERR_ZMTP_CRYPTOGRAPHIC',
        'the client HELLO did not open: the client does not use this server public key as its curveServerKey.',
      );
    }
    this.clientEphemeral = clientEphemeral;
    this.lastPeerNonce = readCounter(command, HELLO_NONCE_AT);
    // The cookie holds C' and s' under a key only this connection knows (RFC 26).
    const cookieNonce = randomBytes(LONG_NONCE_SIZE);
    const cookie = concatBytes(
      cookieNonce,
      secretSeal(
        this.cookieKey,
        fullNonce(LONG_PREFIX.cookie, cookieNonce),
        concatBytes(clientEphemeral, this.ephemeral.secretKey),
      ),
    );
    const welcomeNonce = randomBytes(LONG_NONCE_SIZE);
    const box = seal(helloKey, fullNonce(LONG_PREFIX.welcome, welcomeNonce), concatBytes(this.ephemeral.publicKey, cookie));
    this.state = 'expect-initiate';
    return { send: [concatBytes(WELCOME, welcomeNonce, box)] };
  }

  private initiate(command: Uint8Array): HandshakeStep | Promise<HandshakeStep> {
    if (!startsWith(command, INITIATE)) {
      throw curveError('ERR_ZMTP_UNEXPECTED_COMMAND', `the client sent ${commandName(command)} instead of INITIATE.`);
    }
    if (command.length < INITIATE_MIN_SIZE) {
      throw curveError(
        'ERR_ZMTP_MALFORMED_COMMAND_INITIATE',
        `INITIATE is ${command.length} bytes; it must be at least ${INITIATE_MIN_SIZE}.`,
      );
    }
    const cookieNonce = fullNonce(LONG_PREFIX.cookie, command.subarray(COOKIE_NONCE_AT, COOKIE_BOX_AT));
    const cookie = secretOpen(this.cookieKey, cookieNonce, command.subarray(COOKIE_BOX_AT, INITIATE_NONCE_AT));
    if (
      cookie === undefined ||
      !sameBytes(cookie.subarray(0, KEY_SIZE), this.clientEphemeral!) ||
      !sameBytes(cookie.subarray(KEY_SIZE), this.ephemeral.secretKey)
    ) {
      throw curveError('ERR_ZMTP_CRYPTOGRAPHIC', 'the INITIATE cookie is not the one this server sent.');
    }
    const connectionKey = boxKey(this.clientEphemeral!, this.ephemeral.secretKey)!;
    const nonce = fullNonce(SHORT_PREFIX.initiate, command.subarray(INITIATE_NONCE_AT, INITIATE_BOX_AT));
    const plaintext = open(connectionKey, nonce, command.subarray(INITIATE_BOX_AT));
    if (plaintext === undefined) throw curveError('ERR_ZMTP_CRYPTOGRAPHIC', 'the client INITIATE did not open.');
    const clientKey = plaintext.slice(0, KEY_SIZE);
    const vouchNonce = fullNonce(LONG_PREFIX.vouch, plaintext.subarray(KEY_SIZE, KEY_SIZE + LONG_NONCE_SIZE));
    const vouchKey = boxKey(clientKey, this.ephemeral.secretKey);
    const vouch =
      vouchKey && open(vouchKey, vouchNonce, plaintext.subarray(KEY_SIZE + LONG_NONCE_SIZE, METADATA_AT));
    if (vouch === undefined) {
      throw curveError('ERR_ZMTP_CRYPTOGRAPHIC', 'the client vouch did not open with its long-term key.');
    }
    if (!sameBytes(vouch.subarray(0, KEY_SIZE), this.clientEphemeral!) || !sameBytes(vouch.subarray(KEY_SIZE), this.longTerm!.publicKey)) {
      throw curveError('ERR_ZMTP_KEY_EXCHANGE', 'the client vouch names other keys than this handshake.');
    }
    this.lastPeerNonce = readCounter(command, INITIATE_NONCE_AT);
    const metadata = decodeMetadata(plaintext.subarray(METADATA_AT), 'INITIATE');
    const context = this.context;
    if (context.authenticate === undefined) return this.ready(connectionKey, metadata, undefined);
    this.state = 'authenticating';
    return authenticatePeer({ ...context, authenticate: context.authenticate }, 'CURVE', metadata, clientKey, (userId) =>
      this.ready(connectionKey, metadata, userId),
    );
  }

  private ready(connectionKey: Uint8Array, metadata: Metadata, userId: string | undefined): HandshakeStep {
    const counter = counterBytes(this.nextNonce++);
    const box = seal(connectionKey, fullNonce(SHORT_PREFIX.ready, counter), encodeMetadata(this.context.localMetadata));
    this.state = 'done';
    this.cipher = new CurveMessageCipher(
      connectionKey,
      SHORT_PREFIX.messageFromServer,
      SHORT_PREFIX.messageFromClient,
      this.nextNonce,
      this.lastPeerNonce,
    );
    return {
      send: [concatBytes(READY, counter, box)],
      done: { metadata, ...(userId !== undefined ? { userId } : {}) },
    };
  }
}

