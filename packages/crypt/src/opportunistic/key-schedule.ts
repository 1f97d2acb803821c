import { createHash, hkdfSync } from 'node:crypto';

/** Every label starts with the mechanism and its version, so keys of other protocols never collide. */
const LABEL = 'ZCRYPT1 ';
export const KEY_SIZE = 32;

export type Role = 'A' | 'B';

/** The handshake transcript hash: both HELLOs in role order (A, the smaller ephemeral key, first). */
export function transcriptHash(helloA: Uint8Array, helloB: Uint8Array): Uint8Array {
  return createHash('sha256').update(`${LABEL}transcript`).update(helloA).update(helloB).digest();
}

function derive(secret: Uint8Array, salt: Uint8Array, label: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secret, salt, LABEL + label, KEY_SIZE));
}

/** What the ephemeral key agreement yields: one key per direction and the session id. */
export interface SessionKeys {
  readonly send: Uint8Array;
  readonly receive: Uint8Array;
  readonly sessionId: Uint8Array;
}

/** HKDF-SHA256 over the X25519 secret, salted with the transcript hash. */
export function sessionKeys(shared: Uint8Array, transcript: Uint8Array, role: Role): SessionKeys {
  const aToB = derive(shared, transcript, 'key A to B');
  const bToA = derive(shared, transcript, 'key B to A');
  return {
    send: role === 'A' ? aToB : bToA,
    receive: role === 'A' ? bToA : aToB,
    sessionId: derive(shared, transcript, 'session id'),
  };
}

/**
 * The proof that side `role` holds the secret of its long-term key: a value derived
 * from the X25519 of that key with the peer's ephemeral key, bound to this transcript.
 * Only the holder of the long-term secret or of the peer's ephemeral secret can make it.
 */
export function staticKeyProof(dh: Uint8Array, transcript: Uint8Array, role: Role): Uint8Array {
  return derive(dh, transcript, `static key proof ${role}`);
}

/** The key after a key update; the old one cannot be computed back from it. */
export function nextKey(key: Uint8Array): Uint8Array {
  return derive(key, new Uint8Array(0), 'key update');
}
