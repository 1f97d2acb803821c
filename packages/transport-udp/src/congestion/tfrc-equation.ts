/**
 * The TCP throughput equation of RFC 5348 section 3.1, with b = 1 and t_RTO = 4R:
 *
 *   X = s / (R * sqrt(2bp/3) + t_RTO * (3 * sqrt(3bp/8)) * p * (1 + 32p^2))
 *
 * s in bytes, R in milliseconds here (converted to seconds inside), X in bytes per second.
 */

/** Loss event rates below this are treated as this (1 loss in 10^10): keeps X finite. */
const MIN_P = 1e-10;

/** Allowed rate (bytes/s) for packets of `segmentBytes`, round trip `rttMs` and loss event rate `p`. */
export function tfrcThroughput(segmentBytes: number, rttMs: number, p: number): number {
  const r = rttMs / 1000;
  const q = Math.min(1, Math.max(MIN_P, p));
  const tRto = 4 * r;
  const denominator = r * Math.sqrt((2 * q) / 3) + tRto * 3 * Math.sqrt((3 * q) / 8) * q * (1 + 32 * q * q);
  return segmentBytes / denominator;
}

/**
 * The inverse: the loss event rate p for which the equation allows `rate` bytes/s.
 * Used to seed the loss history at the first loss event (RFC 5348 6.3.1). The equation
 * falls steadily with p, so bisection (on log p) finds it; the result lies in [1e-10, 1].
 */
export function tfrcLossRateFor(segmentBytes: number, rttMs: number, rate: number): number {
  if (!(rate > 0) || !(rttMs > 0) || !(segmentBytes > 0)) return 1;
  if (rate >= tfrcThroughput(segmentBytes, rttMs, MIN_P)) return MIN_P;
  if (rate <= tfrcThroughput(segmentBytes, rttMs, 1)) return 1;
  let low = Math.log(MIN_P); // rate is below X(low)
  let high = 0; // and above X(high)
  for (let i = 0; i < 60; i++) {
    const middle = (low + high) / 2;
    if (tfrcThroughput(segmentBytes, rttMs, Math.exp(middle)) > rate) low = middle;
    else high = middle;
  }
  return Math.exp((low + high) / 2);
}
