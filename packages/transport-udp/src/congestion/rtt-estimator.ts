/**
 * Smoothed round-trip time, its variation and the retransmission timeout, per RFC 6298
 * (alpha 1/8, beta 1/4, K 4), in milliseconds.
 *
 * One deviation: the RTO floor defaults to 200 ms (as Linux and QUIC-era stacks use), not
 * RFC 6298's 1 s, because these controllers run on LANs as much as on the Internet.
 */

export interface RttEstimatorOptions {
  /** RTO before any sample. Default 1000 ms (RFC 6298 2.1). */
  readonly initialRtoMs?: number;
  /** Lower bound of the RTO. Default 200 ms. */
  readonly minRtoMs?: number;
  /** Upper bound of the RTO, backoff included. Default 60 000 ms (RFC 6298 2.5). */
  readonly maxRtoMs?: number;
}

const ALPHA = 1 / 8;
const BETA = 1 / 4;
const K = 4;
/** Clock granularity G: the engine's clock is fractional, timers are about 1 ms. */
const GRANULARITY_MS = 1;
/** Samples beyond this are nonsense (a wrapped or forged timestamp), not a path's RTT. */
const MAX_SAMPLE_MS = 600_000;

export class RttEstimator {
  private smoothed: number | undefined;
  private variation: number | undefined;
  private last: number | undefined;
  private backoffFactor = 1;
  private readonly initialRto: number;
  private readonly minRto: number;
  private readonly maxRto: number;

  constructor(options: RttEstimatorOptions = {}) {
    this.initialRto = options.initialRtoMs ?? 1000;
    this.minRto = options.minRtoMs ?? 200;
    this.maxRto = options.maxRtoMs ?? 60_000;
  }

  /** Smoothed RTT (ms), once a sample came in. */
  get srtt(): number | undefined {
    return this.smoothed;
  }

  get rttvar(): number | undefined {
    return this.variation;
  }

  /** The most recent accepted sample (ms). */
  get latest(): number | undefined {
    return this.last;
  }

  /** Current retransmission timeout (ms), backoff included. */
  get rto(): number {
    const base =
      this.smoothed === undefined
        ? this.initialRto
        : Math.max(this.minRto, this.smoothed + Math.max(GRANULARITY_MS, K * (this.variation ?? 0)));
    return Math.min(this.maxRto, base * this.backoffFactor);
  }

  /** Feeds one RTT measurement (ms). Returns false (and ignores it) when it is not a plausible RTT. */
  addSample(rttMs: number): boolean {
    if (!Number.isFinite(rttMs) || rttMs < 0 || rttMs > MAX_SAMPLE_MS) return false;
    if (this.smoothed === undefined || this.variation === undefined) {
      this.smoothed = rttMs;
      this.variation = rttMs / 2;
    } else {
      this.variation = (1 - BETA) * this.variation + BETA * Math.abs(this.smoothed - rttMs);
      this.smoothed = (1 - ALPHA) * this.smoothed + ALPHA * rttMs;
    }
    this.last = rttMs;
    // A fresh sample ends any backoff (RFC 6298 5.7 keeps it until then).
    this.backoffFactor = 1;
    return true;
  }

  /** A timeout fired: double the RTO until the next sample (RFC 6298 5.5). */
  backoff(): void {
    if (this.rto < this.maxRto) this.backoffFactor *= 2;
  }
}
