import { sodium } from './sodium.js';

/** NaCl's key, nonce and MAC sizes. */
export const KEY_SIZE = 32;
export const NONCE_SIZE = 24;
export const MAC_SIZE = 16;

/** A Curve25519 key pair as raw bytes. */
export interface BoxKeyPair {
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
}

/** A fresh key pair. */
export function boxKeyPair(): BoxKeyPair {
  const { publicKey, privateKey } = sodium.crypto_box_keypair();
  return { publicKey, secretKey: privateKey };
}

/** The public key of a secret key. */
export function publicKeyOf(secretKey: Uint8Array): Uint8Array {
  return sodium.crypto_scalarmult_base(secretKey);
}

/** libsodium throws where NaCl returns -1: a failed check becomes undefined. */
function unlessRefused<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}

/** The X25519 shared secret; undefined for a low-order public key (an all-zero result). */
export function sharedSecret(theirPublic: Uint8Array, ourSecret: Uint8Array): Uint8Array | undefined {
  return unlessRefused(() => sodium.crypto_scalarmult(ourSecret, theirPublic));
}

/**
 * NaCl `crypto_box_beforenm`: the key of a box between our secret and their public
 * key. Undefined for a low-order public key (libsodium refuses an all-zero secret).
 */
export function boxKey(theirPublic: Uint8Array, ourSecret: Uint8Array): Uint8Array | undefined {
  return unlessRefused(() => sodium.crypto_box_beforenm(theirPublic, ourSecret));
}

/** A box with a precomputed key: MAC (16 bytes) then ciphertext, as on the CURVE wire. */
export function seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return sodium.crypto_box_easy_afternm(plaintext, nonce, key);
}

/** Opens what `seal` made; undefined when it was not sealed with this key and nonce, or was altered. */
export function open(key: Uint8Array, nonce: Uint8Array, box: Uint8Array): Uint8Array | undefined {
  if (box.length < MAC_SIZE) return undefined;
  return unlessRefused(() => sodium.crypto_box_open_easy_afternm(box, nonce, key));
}

/** `crypto_secretbox`, for the CURVE server's cookie. */
export function secretSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return sodium.crypto_secretbox_easy(plaintext, nonce, key);
}

export function secretOpen(key: Uint8Array, nonce: Uint8Array, box: Uint8Array): Uint8Array | undefined {
  if (box.length < MAC_SIZE) return undefined;
  return unlessRefused(() => sodium.crypto_secretbox_open_easy(box, nonce, key));
}

/** Random bytes from libsodium's generator (the platform CSPRNG). */
export function randomBytes(size: number): Uint8Array {
  return sodium.randombytes_buf(size);
}
