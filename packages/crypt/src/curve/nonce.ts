import { readUint64, writeUint64 } from '../bytes.js';
import { NONCE_SIZE } from '../nacl-box.js';

/** The 16-byte prefixes of CURVE's short nonces (RFC 26), before the 8-byte counter. */
export const SHORT_PREFIX = {
  hello: 'CurveZMQHELLO---',
  initiate: 'CurveZMQINITIATE',
  ready: 'CurveZMQREADY---',
  /** Client to server. */
  messageFromClient: 'CurveZMQMESSAGEC',
  /** Server to client. */
  messageFromServer: 'CurveZMQMESSAGES',
} as const;

/** The 8-byte prefixes of long nonces, before 16 random bytes. */
export const LONG_PREFIX = { welcome: 'WELCOME-', cookie: 'COOKIE--', vouch: 'VOUCH---' } as const;

/** Bytes of a short nonce's counter and of a long nonce's random part on the wire. */
export const SHORT_NONCE_SIZE = 8;
export const LONG_NONCE_SIZE = 16;

/** A 24-byte nonce: the ASCII prefix, then `tail` (a counter or random bytes). */
export function fullNonce(prefix: string, tail: Uint8Array): Uint8Array {
  const nonce = new Uint8Array(NONCE_SIZE);
  for (let i = 0; i < prefix.length; i++) nonce[i] = prefix.charCodeAt(i);
  nonce.set(tail, prefix.length);
  return nonce;
}

/** A counter as 8 big-endian bytes (counters stay far below 2^53). */
export function counterBytes(counter: number): Uint8Array {
  const bytes = new Uint8Array(SHORT_NONCE_SIZE);
  writeUint64(bytes, 0, counter);
  return bytes;
}

/**
 * Reads a short nonce's counter. Values above 2^53 lose precision, which only makes
 * a later comparison stricter; the exact bytes still go into the nonce.
 */
export const readCounter = readUint64;
