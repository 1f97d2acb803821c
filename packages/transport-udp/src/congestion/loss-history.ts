/**
 * The TFRC receiver's loss history (RFC 5348 section 5): which packets were lost, how the
 * losses group into loss events, and the loss event rate p from the last 8 loss intervals.
 *
 * - A packet is lost once NDUPACK (3) packets after it have arrived (5.1).
 * - Its loss time is interpolated between the arrivals of the packets around it (5.2); a
 *   loss more than one RTT (the sender's, from the DATA header) after the start of the
 *   current loss event starts a new one.
 * - A loss interval runs from the first loss of one event to the first loss of the next,
 *   in sequence numbers; the open interval I_0 runs from the latest event to the newest
 *   packet (5.3). p = 1 / mean, with weights 1,1,1,1,0.8,0.6,0.4,0.2 and the open interval
 *   counted only when it raises the mean (5.4).
 * - The first loss event has no interval before it; its interval is synthesised by the
 *   caller from the receive rate (6.3.1).
 *
 * Bounded: undecided packets live in a ring of WINDOW sequence numbers; a jump further
 * ahead than that is taken as one loss event covering the whole gap.
 */
import { seqAdd, seqAfter, seqDiff } from '../wire/serial.js';

export const LOSS_INTERVAL_WEIGHTS: readonly number[] = [1, 1, 1, 1, 0.8, 0.6, 0.4, 0.2];
export const NDUPACK = 3;
/** Sequence numbers a packet may lag behind the newest and still count as received, not lost. */
const WINDOW = 1024;

/**
 * RFC 5348 5.4's average loss interval. `closed` is newest first; only the first 8 are used.
 * Undefined while there is no closed interval (no loss event yet).
 */
export function meanLossInterval(open: number, closed: readonly number[]): number | undefined {
  const weights = LOSS_INTERVAL_WEIGHTS;
  const k = Math.min(closed.length, weights.length);
  if (k === 0) return undefined;
  let withOpen = open * weights[0]; // I_0 and the k-1 newest closed intervals
  let closedOnly = 0; // the k newest closed intervals
  let weightSum = 0;
  for (let i = 0; i < k; i++) {
    if (i > 0) withOpen += closed[i - 1] * weights[i];
    closedOnly += closed[i] * weights[i];
    weightSum += weights[i];
  }
  return Math.max(withOpen, closedOnly) / weightSum;
}

export class LossHistory {
  private readonly received = new Uint8Array(WINDOW);
  private readonly arrival = new Float64Array(WINDOW);
  private started = false;
  /** Every sequence number up to here is decided: received, or lost. */
  private decided = 0;
  private highest = 0;
  /** Received packets in (decided, highest]. */
  private receivedAhead = 0;
  /** The newest decided received packet: the "before" point of a loss's interpolated time. */
  private beforeSeq = 0;
  private beforeTime = 0;
  /** Cached "after" point for a run of losses. */
  private afterSeq: number | undefined;
  private afterTime = 0;
  /** Closed loss intervals, newest first, at most 8. */
  private readonly closed: number[] = [];
  private eventStart: number | undefined;
  private eventTime = 0;
  private newEvent = false;
  private lost = 0;
  private events = 0;

  /** `firstInterval(now)` gives the synthetic interval to use before the first loss event. */
  constructor(private readonly firstInterval: (now: number) => number) {}

  /** Packets found lost so far. */
  get lostPackets(): number {
    return this.lost;
  }

  /** Loss events so far. */
  get lossEvents(): number {
    return this.events;
  }

  /**
   * A DATA packet arrived at `now`; `rttMs` is the sender's RTT (0 when unknown).
   * Returns true when this arrival revealed a new loss event.
   */
  onPacket(seq: number, now: number, rttMs: number): boolean {
    seq >>>= 0;
    this.newEvent = false;
    if (!this.started) {
      this.started = true;
      this.decided = seqAdd(seq, -1);
      this.highest = seqAdd(seq, -1);
    }
    const ahead = seqDiff(seq, this.highest);
    if (ahead > WINDOW) {
      this.resync(seq, now, rttMs);
    } else if (ahead > 0) {
      while (seqDiff(seq, this.decided) > WINDOW) this.decideOldest(now, rttMs, true);
      for (let s = seqAdd(this.highest, 1); s !== seq; s = seqAdd(s, 1)) this.received[s & (WINDOW - 1)] = 0;
      this.highest = seq;
      this.mark(seq, now);
    } else if (seqAfter(seq, this.decided) && this.received[seq & (WINDOW - 1)] === 0) {
      this.mark(seq, now); // a reordered packet fills a hole before it was declared lost
    } else {
      return false; // duplicate, or too late: already counted as lost
    }
    while (this.decided !== this.highest && this.decideOldest(now, rttMs, false));
    return this.newEvent;
  }

  /** Loss event rate p: 0 before the first loss event. */
  lossEventRate(): number {
    if (this.eventStart === undefined) return 0;
    const open = seqDiff(this.highest, this.eventStart) + 1;
    const mean = meanLossInterval(Math.max(1, open), this.closed) ?? 0;
    return mean > 0 ? Math.min(1, 1 / mean) : 0;
  }

  private mark(seq: number, now: number): void {
    this.received[seq & (WINDOW - 1)] = 1;
    this.arrival[seq & (WINDOW - 1)] = now;
    this.receivedAhead++;
  }

  /** Decides the oldest undecided packet. Returns false when it cannot be decided yet. */
  private decideOldest(now: number, rttMs: number, forced: boolean): boolean {
    const seq = seqAdd(this.decided, 1);
    const slot = seq & (WINDOW - 1);
    if (this.received[slot] === 1) {
      this.receivedAhead--;
      this.beforeSeq = seq;
      this.beforeTime = this.arrival[slot];
    } else if (forced || this.receivedAhead >= NDUPACK) {
      this.onLoss(seq, this.lossTime(seq), rttMs, now);
    } else {
      return false;
    }
    this.decided = seq;
    return true;
  }

  /** RFC 5348 5.2: interpolate between the arrivals of the packets before and after. */
  private lossTime(seq: number): number {
    if (this.afterSeq === undefined || !seqAfter(this.afterSeq, seq)) {
      let s = seqAdd(seq, 1);
      while (this.received[s & (WINDOW - 1)] === 0 && s !== this.highest) s = seqAdd(s, 1);
      this.afterSeq = s;
      this.afterTime = this.arrival[s & (WINDOW - 1)];
    }
    const span = seqDiff(this.afterSeq, this.beforeSeq);
    return this.beforeTime + ((this.afterTime - this.beforeTime) * seqDiff(seq, this.beforeSeq)) / span;
  }

  private onLoss(seq: number, time: number, rttMs: number, now: number): void {
    this.lost++;
    if (this.eventStart === undefined) {
      this.closed.unshift(Math.max(1, this.firstInterval(now)));
    } else if (time - this.eventTime > rttMs) {
      this.closed.unshift(seqDiff(seq, this.eventStart));
      if (this.closed.length > LOSS_INTERVAL_WEIGHTS.length) this.closed.pop();
    } else {
      return; // part of the current loss event
    }
    this.events++;
    this.eventStart = seq;
    this.eventTime = time;
    this.newEvent = true;
  }

  /** `seq` is more than WINDOW ahead: settle what is pending, then count the gap as one loss event. */
  private resync(seq: number, now: number, rttMs: number): void {
    while (this.decided !== this.highest) this.decideOldest(now, rttMs, true);
    const gapStart = seqAdd(this.highest, 1);
    this.afterSeq = seq;
    this.afterTime = now;
    this.onLoss(gapStart, this.lossTime(gapStart), rttMs, now);
    this.lost += seqDiff(seq, gapStart) - 1; // the rest of the gap, same event
    this.received.fill(0);
    this.decided = seqAdd(seq, -1);
    this.highest = seq;
    this.mark(seq, now);
  }
}
