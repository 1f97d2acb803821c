import { timingSafeEqual } from 'node:crypto';
import {
  AuthenticationError,
  type HandshakeStep,
  type MechanismContext,
  type MechanismSession,
  type Metadata,
  ProtocolError,
  decodeMetadata,
  encodeMetadata,
} from '@zmtp/core';
import { commandName, commandPrefix, concatBytes, sameBytes } from '../bytes.js';
import { authenticatePeer, failStep } from '../handshake-step.js';
import { DEFAULT_REKEY_BYTES } from '../options.js';
import { type BoxKeyPair, boxKeyPair, publicKeyOf, sharedSecret } from '../nacl-box.js';
import { z85Decode, z85Encode } from '../z85.js';
import { decodeHello, encodeHello, helloError } from './hello.js';
import { KEY_SIZE, type Role, sessionKeys, staticKeyProof, transcriptHash } from './key-schedule.js';
import { RecordCipher } from './record-cipher.js';
import { SUPPORTED_SUITES, chooseSuite } from './suites.js';

/** The first record each way: `05 'READY'`, carrying the long-term key proof and the metadata. */
const READY = commandPrefix('READY');
const NO_STATIC_KEY = 0;
const STATIC_KEY = 1;
const EMPTY = new Uint8Array(0);

/** The mechanism name in the greeting once both sides chose to encrypt. */
export const ZCRYPT = 'ZCRYPT';

type State = 'expect-hello' | 'expect-ready' | 'authenticating' | 'done';

/**
 * One side of the opportunistic mechanism's handshake. It is symmetric: each side
 * sends HELLO (an ephemeral X25519 key and its AEAD suites) at once, then READY (its
 * metadata, and optionally its long-term key with a proof) as soon as the peer's
 * HELLO is in. Nobody waits for anybody before sending, so it cannot deadlock. The
 * side with the smaller ephemeral key is "A"; that fixes the transcript order and
 * which key goes which way.
 */
export class ZcryptSession implements MechanismSession {
  cipher: RecordCipher | undefined;
  private state: State = 'expect-hello';
  private readonly ephemeral = boxKeyPair();
  private readonly hello: Uint8Array;
  private longTerm: BoxKeyPair | undefined;
  private role: Role = 'A';
  private transcript: Uint8Array = EMPTY;
  private sessionId: Uint8Array = EMPTY;
  private records: RecordCipher | undefined;

  constructor(private readonly context: MechanismContext) {
    this.hello = encodeHello(
      this.ephemeral.publicKey,
      SUPPORTED_SUITES.map((suite) => suite.id),
    );
  }

  start(): HandshakeStep {
    try {
      this.longTerm = ownLongTermKey(this.context.options);
    } catch (error) {
      if (error instanceof ProtocolError) return failStep(error);
      throw error;
    }
    return { send: [this.hello] };
  }

  receive(command: Uint8Array): HandshakeStep | Promise<HandshakeStep> {
    try {
      if (this.state === 'expect-hello') return this.peerHello(command);
      if (this.state === 'expect-ready') return this.peerReady(command);
      throw helloError('ERR_ZMTP_UNEXPECTED_COMMAND', `the peer sent ${commandName(command)} after READY.`);
    } catch (error) {
      if (error instanceof ProtocolError || error instanceof AuthenticationError) return { fail: { error } };
      throw error;
    }
  }

  private peerHello(command: Uint8Array): HandshakeStep {
    const peer = decodeHello(command);
    const order = Buffer.compare(this.ephemeral.publicKey, peer.ephemeral);
    if (order === 0) {
      throw helloError('ERR_ZMTP_KEY_EXCHANGE', 'the peer sent back our own HELLO (a reflected connection).');
    }
    this.role = order < 0 ? 'A' : 'B';
    const ours = decodeHello(this.hello);
    const [helloA, helloB] = this.role === 'A' ? [this.hello, command] : [command, this.hello];
    const suite = this.role === 'A' ? chooseSuite(ours.suites, peer.suites) : chooseSuite(peer.suites, ours.suites);
    if (suite === undefined) {
      throw helloError('ERR_ZMTP_KEY_EXCHANGE', `the peer offers no AEAD suite this side has (it lists ${[...peer.suites].join(', ')}).`);
    }
    const shared = sharedSecret(peer.ephemeral, this.ephemeral.secretKey);
    if (shared === undefined) {
      throw helloError('ERR_ZMTP_KEY_EXCHANGE', 'the peer ephemeral key is a low-order point.');
    }
    this.transcript = transcriptHash(helloA, helloB);
    const keys = sessionKeys(shared, this.transcript, this.role);
    this.sessionId = keys.sessionId;
    const rekeyBytes = (this.context.options.encryptionRekeyBytes as number | undefined) ?? DEFAULT_REKEY_BYTES;
    this.records = new RecordCipher(suite, keys.send, keys.receive, rekeyBytes);
    let identity: Uint8Array = Uint8Array.of(NO_STATIC_KEY);
    if (this.longTerm !== undefined) {
      // The X25519 of our long-term key with the peer's ephemeral key: only we can compute it on our side.
      const dh = sharedSecret(peer.ephemeral, this.longTerm.secretKey)!;
      const proof = staticKeyProof(dh, this.transcript, this.role);
      identity = concatBytes(Uint8Array.of(STATIC_KEY), this.longTerm.publicKey, proof);
    }
    const ready = this.records.seal(READY, 0, concatBytes(identity, encodeMetadata(this.context.localMetadata)));
    this.state = 'expect-ready';
    return { send: [ready] };
  }

  private peerReady(command: Uint8Array): HandshakeStep | Promise<HandshakeStep> {
    const { flags, body } = this.records!.open(READY, command);
    if (flags !== 0 || body.length < 1 || body[0] > STATIC_KEY) {
      throw helloError('ERR_ZMTP_MALFORMED_COMMAND_READY', 'READY does not start with a valid key section.');
    }
    let peerKey: Uint8Array | undefined;
    let metadataAt = 1;
    if (body[0] === STATIC_KEY) {
      metadataAt = 1 + 2 * KEY_SIZE;
      if (body.length < metadataAt) {
        throw helloError('ERR_ZMTP_MALFORMED_COMMAND_READY', 'READY is too short for its long-term key section.');
      }
      peerKey = body.slice(1, 1 + KEY_SIZE);
      this.verifyProof(peerKey, body.subarray(1 + KEY_SIZE, metadataAt));
    }
    const metadata = decodeMetadata(body.subarray(metadataAt), 'READY');
    this.checkPin(peerKey);
    const keyText = peerKey && z85Encode(peerKey);
    const context = this.context;
    if (context.authenticate === undefined) return this.done(metadata, keyText);
    this.state = 'authenticating';
    return authenticatePeer({ ...context, authenticate: context.authenticate }, ZCRYPT, metadata, peerKey, (userId) =>
      this.done(metadata, userId ?? keyText),
    );
  }

  private verifyProof(peerKey: Uint8Array, proof: Uint8Array): void {
    const dh = sharedSecret(peerKey, this.ephemeral.secretKey);
    const peerRole: Role = this.role === 'A' ? 'B' : 'A';
    const expected = dh && staticKeyProof(dh, this.transcript, peerRole);
    if (expected === undefined || !timingSafeEqual(expected, proof)) {
      throw helloError(
        'ERR_ZMTP_KEY_EXCHANGE',
        `the peer presented long-term key ${z85Encode(peerKey)} but could not prove it holds its secret.`,
      );
    }
  }

  /** `encryptionPeerKey`: the peer must have proven exactly that key. */
  private checkPin(peerKey: Uint8Array | undefined): void {
    const pinned = this.context.options.encryptionPeerKey;
    if (typeof pinned !== 'string') return;
    if (peerKey !== undefined && sameBytes(peerKey, z85Decode(pinned))) return;
    const said = peerKey ? `proved key ${z85Encode(peerKey)}` : 'presented no long-term key';
    throw new AuthenticationError(
      400,
      `The peer at ${this.context.peerAddress} ${said}, but encryptionPeerKey requires ${pinned}; ` +
        'the connection was refused.',
    );
  }

  private done(metadata: Metadata, userId: string | undefined): HandshakeStep {
    this.state = 'done';
    this.cipher = this.records;
    return { done: { metadata, sessionId: this.sessionId, ...(userId !== undefined ? { userId } : {}) } };
  }
}

/** The long-term key pair from `encryptionSecretKey` (and a matching `encryptionPublicKey`), if set. */
function ownLongTermKey(options: Readonly<Record<string, unknown>>): BoxKeyPair | undefined {
  const { encryptionSecretKey, encryptionPublicKey } = options;
  if (typeof encryptionSecretKey !== 'string') {
    if (typeof encryptionPublicKey === 'string') {
      throw helloError('ERR_ZMTP_KEY_EXCHANGE', 'encryptionPublicKey is set without encryptionSecretKey; set both from one curveKeyPair().');
    }
    return undefined;
  }
  const secretKey = z85Decode(encryptionSecretKey);
  const pair = { publicKey: publicKeyOf(secretKey), secretKey };
  if (typeof encryptionPublicKey === 'string' && !sameBytes(z85Decode(encryptionPublicKey), pair.publicKey)) {
    throw helloError('ERR_ZMTP_KEY_EXCHANGE', 'encryptionPublicKey does not belong to encryptionSecretKey; set both from one curveKeyPair().');
  }
  return pair;
}
