import { InvalidArgumentError } from '@zmtp/core';
import { KEY_SIZE, boxKeyPair, publicKeyOf } from './nacl-box.js';
import { z85Decode, z85Encode } from './z85.js';

/** Characters of a Z85-encoded 32-byte key. */
export const Z85_KEY_LENGTH = 40;

/** A key pair as Z85 text, as zeromq.js's `curveKeyPair()` returns it. */
export interface CurveKeyPair {
  readonly publicKey: string;
  readonly secretKey: string;
}

/** A new Curve25519 key pair for `curvePublicKey`/`curveSecretKey` (or `encryptionPublicKey`/`encryptionSecretKey`). */
export function curveKeyPair(): CurveKeyPair {
  const { publicKey, secretKey } = boxKeyPair();
  return { publicKey: z85Encode(publicKey), secretKey: z85Encode(secretKey) };
}

/** The Z85 public key that belongs to a Z85 secret key. */
export function curvePublicKey(secretKey: string): string {
  return z85Encode(publicKeyOf(decodeKey(secretKey, 'secretKey')));
}

/** True for a 40-character Z85 string (which decodes to 32 bytes). */
export function isZ85Key(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== Z85_KEY_LENGTH) return false;
  try {
    z85Decode(value);
    return true;
  } catch {
    return false;
  }
}

/** Decodes a Z85 key option to its 32 bytes; throws EINVAL naming the option otherwise. */
export function decodeKey(value: unknown, name: string): Uint8Array {
  if (!isZ85Key(value)) {
    throw new InvalidArgumentError(
      `${name} must be a ${Z85_KEY_LENGTH}-character Z85 key such as curveKeyPair() returns`,
    );
  }
  const key = z85Decode(value);
  if (key.length !== KEY_SIZE) throw new InvalidArgumentError(`${name} must decode to ${KEY_SIZE} bytes`);
  return key;
}
