/**
 * 32-bit sequence numbers compared with serial-number arithmetic (RFC 1982): `a` is
 * after `b` when it lies less than half the number space ahead of it, so comparisons
 * stay right across the wrap from 0xffffffff to 0.
 */

export const SEQ_MODULO = 2 ** 32;

/** `seq + n`, wrapped to 32 bits. */
export function seqAdd(seq: number, n: number): number {
  return (seq + n) >>> 0;
}

/** Signed distance from `b` to `a` (positive when `a` is after `b`). */
export function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

export function seqAfter(a: number, b: number): boolean {
  return seqDiff(a, b) > 0;
}
