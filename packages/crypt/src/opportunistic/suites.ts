import { type KeyObject, createCipheriv, createDecipheriv, createSecretKey, hkdfSync } from 'node:crypto';
import { sodium } from '../sodium.js';

/** Bytes of the authentication tag of every suite. */
export const TAG_SIZE = 16;
/**
 * Below this many plaintext bytes a record uses libsodium's ChaCha20-Poly1305, whose
 * per-call cost is a third of Node's cipher objects; above it Node's (OpenSSL) AEADs win.
 */
export const SMALL_RECORD = 1024;

/** One direction's key, prepared for a suite. */
export interface SuiteKey {
  readonly aes?: KeyObject;
  readonly chacha?: Uint8Array;
  readonly chachaObject?: KeyObject;
}

/**
 * An AEAD suite of the opportunistic mechanism, by the id HELLO lists it with. Records
 * carry `flags + body` sealed; the output is the ciphertext then the 16-byte tag.
 */
export interface Suite {
  readonly id: number;
  readonly name: string;
  prepare(key: Uint8Array): SuiteKey;
  /** Writes the sealed `flags + body` (ciphertext, tag) into `out` from `at`. */
  seal(key: SuiteKey, nonce: Uint8Array, aad: Uint8Array, flags: number, body: Uint8Array, out: Uint8Array, at: number): void;
  /** `flags + body`, or undefined when the sealed bytes fail authentication. */
  open(key: SuiteKey, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | undefined;
}

type NodeAead = 'aes-256-gcm' | 'chacha20-poly1305';

function nodeSeal(algorithm: NodeAead, key: KeyObject, nonce: Uint8Array, aad: Uint8Array, flags: number, body: Uint8Array, out: Uint8Array, at: number): void {
  // Node types the two algorithms apart; both have the AEAD methods used here.
  const cipher = createCipheriv(algorithm as 'aes-256-gcm', key, nonce, { authTagLength: TAG_SIZE });
  cipher.setAAD(aad);
  out.set(cipher.update(Uint8Array.of(flags)), at);
  if (body.length > 0) out.set(cipher.update(body), at + 1);
  cipher.final();
  out.set(cipher.getAuthTag(), at + 1 + body.length);
}

function nodeOpen(algorithm: NodeAead, key: KeyObject, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | undefined {
  const decipher = createDecipheriv(algorithm as 'aes-256-gcm', key, nonce, { authTagLength: TAG_SIZE });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_SIZE));
  const plaintext = decipher.update(sealed.subarray(0, sealed.length - TAG_SIZE));
  try {
    decipher.final();
    return plaintext;
  } catch {
    return undefined;
  }
}

function sodiumSeal(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, flags: number, body: Uint8Array, out: Uint8Array, at: number): void {
  const plaintext = new Uint8Array(1 + body.length);
  plaintext[0] = flags;
  plaintext.set(body, 1);
  out.set(sodium.crypto_aead_chacha20poly1305_ietf_encrypt(plaintext, aad, null, nonce, key), at);
}

function sodiumOpen(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | undefined {
  try {
    const plaintext = sodium.crypto_aead_chacha20poly1305_ietf_decrypt(null, sealed, aad, nonce, key);
    return Buffer.from(plaintext.buffer, plaintext.byteOffset, plaintext.length);
  } catch {
    return undefined;
  }
}

const isSmall = (plaintextSize: number) => plaintextSize < SMALL_RECORD;

export const AES_256_GCM: Suite = {
  id: 1,
  name: 'AES-256-GCM',
  prepare: (key) => ({ aes: createSecretKey(key) }),
  seal: (key, nonce, aad, flags, body, out, at) => nodeSeal('aes-256-gcm', key.aes!, nonce, aad, flags, body, out, at),
  open: (key, nonce, aad, sealed) => nodeOpen('aes-256-gcm', key.aes!, nonce, aad, sealed),
};

/**
 * A suite whose small records are ChaCha20-Poly1305 through libsodium and whose others
 * go through Node's `large` AEAD, with the keys `prepare` makes.
 */
function bySize(id: number, name: string, large: NodeAead, prepare: (key: Uint8Array) => SuiteKey): Suite {
  const largeKey = (key: SuiteKey) => (large === 'aes-256-gcm' ? key.aes! : key.chachaObject!);
  return {
    id,
    name,
    prepare,
    seal: (key, nonce, aad, flags, body, out, at) =>
      isSmall(1 + body.length)
        ? sodiumSeal(key.chacha!, nonce, aad, flags, body, out, at)
        : nodeSeal(large, largeKey(key), nonce, aad, flags, body, out, at),
    open: (key, nonce, aad, sealed) =>
      isSmall(sealed.length - TAG_SIZE)
        ? sodiumOpen(key.chacha!, nonce, aad, sealed)
        : nodeOpen(large, largeKey(key), nonce, aad, sealed),
  };
}

/** RFC 8439; libsodium and OpenSSL give the same bytes, so each record takes whichever is faster at its size. */
export const CHACHA20_POLY1305: Suite = bySize(2, 'ChaCha20-Poly1305', 'chacha20-poly1305', (key) => ({
  chacha: Uint8Array.from(key),
  chachaObject: createSecretKey(key),
}));

/**
 * The default: ChaCha20-Poly1305 for records under SMALL_RECORD bytes, AES-256-GCM for
 * the others, each under its own key derived from the direction key (one algorithm per key).
 */
export const SIZED: Suite = bySize(3, 'ChaCha20-Poly1305 (small records) + AES-256-GCM', 'aes-256-gcm', (key) => ({
  aes: createSecretKey(subkey(key, 'aes-256-gcm')),
  chacha: subkey(key, 'chacha20-poly1305'),
}));

function subkey(key: Uint8Array, algorithm: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', key, new Uint8Array(0), `ZCRYPT1 ${algorithm} key`, 32));
}

/** Ours, in order of preference. */
export const SUPPORTED_SUITES: readonly Suite[] = [SIZED, AES_256_GCM, CHACHA20_POLY1305];

export function suiteById(id: number): Suite | undefined {
  return SUPPORTED_SUITES.find((suite) => suite.id === id);
}

/**
 * The suite both sides pick: the first of side A's list that side B also lists.
 * Both lists are in the transcript, so a change in transit breaks the handshake.
 */
export function chooseSuite(listA: Uint8Array, listB: Uint8Array): Suite | undefined {
  for (const id of listA) if (listB.includes(id) && suiteById(id)) return suiteById(id);
  return undefined;
}
