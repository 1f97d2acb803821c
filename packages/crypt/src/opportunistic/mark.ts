/** Version of the opportunistic mechanism that our mark announces. */
export const ZCRYPT_VERSION = 1;

/**
 * Bytes 1..8 of our greeting signature. libzmq never reads them (it sends its
 * routing-id size + 1 there, at most 256), and no other ZMTP peer may check them,
 * so "ZMTP+E" plus a version byte tells our peers apart from every stock peer.
 */
export const MARK = Uint8Array.of(0x5a, 0x4d, 0x54, 0x50, 0x2b, 0x45, ZCRYPT_VERSION, 0x01);

/** What we send when the policy is off: libzmq's own padding (no routing id). */
export const PLAIN_PADDING = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0x01);

/** True when the peer's bytes 1..8 carry the mark, any version from 1 on. */
export function isMarked(padding: Uint8Array): boolean {
  for (let i = 0; i < 6; i++) if (padding[i] !== MARK[i]) return false;
  return padding[6] >= 1;
}
