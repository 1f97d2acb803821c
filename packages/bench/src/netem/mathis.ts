/**
 * The Mathis et al. (1997) steady-state rate of a Reno-like flow:
 * rate = (MSS / RTT) * C / sqrt(p), C = sqrt(3/2). CUBIC matches it at the loss rates
 * and round trips where it runs in its Reno-friendly region (e.g. 1 % at 100 ms).
 */
export interface MathisInput {
  rttMs: number;
  /** Packet loss probability on the data path. */
  loss: number;
  /** Default 1448: a 1500-byte MTU less IP, TCP and timestamp option headers. */
  mss?: number;
}

/** Bits per second; Infinity without loss (the formula does not apply). */
export function mathisRate({ rttMs, loss, mss = 1448 }: MathisInput): number {
  if (loss <= 0 || rttMs <= 0) return Number.POSITIVE_INFINITY;
  return ((mss * 8) / (rttMs / 1000)) * (Math.sqrt(1.5) / Math.sqrt(loss));
}
