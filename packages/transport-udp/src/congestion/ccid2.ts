/**
 * CCID2, TCP-like congestion control (RFC 4341), over our DATA/FEEDBACK datagrams.
 *
 * Sender: a congestion window counted in packets. Initial window per RFC 3390; slow start
 * (+1 per acked packet) below ssthresh, then congestion avoidance (+1 per window acked).
 * A packet is lost once 3 packets sent after it are acked (NUMDUPACK); the window is then
 * halved, at most once per window of data. An RTO (RFC 6298) drops the window to 1 and
 * restarts slow start. The window only grows while it is in use (at least half full), and
 * after an idle period longer than the RTO it restarts from the initial window (RFC 5681 4.1).
 *
 * Receiver: an ack vector (./ack-vector.ts) sent every ACK_RATIO data packets, and at the
 * latest ACK_DELAY after an unacknowledged packet arrived. The Ack Ratio stays fixed at 2
 * (RFC 4341's default): we do not adapt it, so there is no Ack Ratio feature to negotiate.
 */
import { seqAdd, seqAfter, seqDiff } from '../wire/serial.js';
import { AckVector, decodeAckVector, forEachReceivedRun } from './ack-vector.js';
import type {
  CongestionMode,
  CongestionReceiver,
  CongestionSender,
  CongestionSettings,
  SenderState,
} from './controller.js';
import { RttEstimator } from './rtt-estimator.js';

export const ACK_RATIO = 2;
export const NUMDUPACK = 3;
/** Largest congestion window: 4096 packets of 1448 bytes at 100 ms is ~470 Mbit/s. */
export const MAX_CWND = 4096;
/** Packets the sender tracks; more than MAX_CWND so a window of acks can lag behind sending. */
const TRACKED = 2 * MAX_CWND;
const MAX_ACK_DELAY_MS = 25;

/** Per-packet state in the sender's ring. */
const FREE = 0;
const IN_FLIGHT = 1;
const ACKED = 2;
const LOST = 3;

/** RFC 3390's initial window, min(4s, max(2s, 4380 bytes)), in whole packets. */
export function initialWindow(segmentSize: number): number {
  return Math.min(4, Math.max(2, Math.floor(4380 / segmentSize)));
}

export class Ccid2Sender implements CongestionSender {
  readonly mode: CongestionMode = 'ccid2';
  private readonly rtt = new RttEstimator();
  private readonly initialCwnd: number;
  private cwnd: number;
  private ssthresh = MAX_CWND;
  /** Acked packets counted towards the next +1 in congestion avoidance. */
  private avoidanceCredit = 0;
  /** The state of the packet with sequence number `seq`, at `states[seq % TRACKED]`. */
  private readonly states = new Uint8Array(TRACKED);
  /** Oldest sequence number still tracked, and the one after the newest sent. */
  private tail = 0;
  private next = 0;
  private started = false;
  private inFlight = 0;
  /** The three highest acked sequence numbers, highest first: a packet below the third is lost. */
  private readonly topAcked: number[] = [];
  /** Losses of packets sent up to here belong to the reduction already made. */
  private recoveryEnd: number | undefined;
  private rtoDeadline: number | undefined;
  private lastActivity: number;
  private reductions = 0;
  private timeouts = 0;
  private readonly segmentSize: number;

  constructor(settings: CongestionSettings, now: number) {
    this.segmentSize = settings.segmentSize;
    this.initialCwnd = initialWindow(settings.segmentSize);
    this.cwnd = this.initialCwnd;
    this.lastActivity = now;
  }

  /** Window reductions after loss so far (statistics, tests). */
  get lossReductions(): number {
    return this.reductions;
  }

  /** Retransmission timeouts so far. */
  get rtoTimeouts(): number {
    return this.timeouts;
  }

  get packetsInFlight(): number {
    return this.inFlight;
  }

  sendDelay(_now: number): number {
    return this.inFlight < this.cwnd ? 0 : Number.POSITIVE_INFINITY;
  }

  onSent(seq: number, _bytes: number, now: number): void {
    seq >>>= 0;
    if (this.inFlight === 0 && now - this.lastActivity > this.rtt.rto) {
      this.cwnd = Math.min(this.cwnd, this.initialCwnd);
    }
    this.lastActivity = now;
    if (!this.started) {
      this.started = true;
      this.tail = seq;
      this.next = seq;
    }
    const ahead = seqDiff(seq, this.next);
    if (ahead < 0) return; // an old sequence number again: the engine never does this
    if (ahead >= TRACKED) this.forgetAll(seq);
    // Sequence numbers skipped (none, with the engine) stay FREE: never sent, never acked.
    while (seqDiff(seq, this.tail) >= TRACKED) this.dropOldest();
    for (let s = this.next; s !== seq; s = seqAdd(s, 1)) this.states[s % TRACKED] = FREE;
    this.states[seq % TRACKED] = IN_FLIGHT;
    this.inFlight++;
    this.next = seqAdd(seq, 1);
    this.rtoDeadline ??= now + this.rtt.rto;
  }

  onFeedback(body: Uint8Array, rttSample: number | undefined, now: number): boolean {
    // An empty body is the receiver's "nothing yet" (feedback sent before any DATA came).
    const vector = body.length === 0 ? undefined : decodeAckVector(body);
    if (vector === undefined && body.length !== 0) return false;
    if (rttSample !== undefined) this.rtt.addSample(rttSample);
    if (vector === undefined || !this.started || this.tail === this.next) return true;
    this.lastActivity = now;

    const inFlightBefore = this.inFlight;
    let newlyAcked = 0; // sent after the last reduction: these may grow the window
    forEachReceivedRun(vector, (first, count) => {
      // Only sequence numbers in [tail, next) are ours to ack.
      let low = first;
      let high = seqAdd(first, count - 1);
      if (seqAfter(this.tail, high) || !seqAfter(this.next, low)) return;
      if (seqAfter(this.tail, low)) low = this.tail;
      if (!seqAfter(this.next, high)) high = seqAdd(this.next, -1);
      for (let s = low; ; s = seqAdd(s, 1)) {
        const slot = s % TRACKED;
        if (this.states[slot] === IN_FLIGHT) {
          this.inFlight--;
          if (this.recoveryEnd === undefined || seqAfter(s, this.recoveryEnd)) newlyAcked++;
        }
        if (this.states[slot] === IN_FLIGHT || this.states[slot] === LOST) {
          this.states[slot] = ACKED;
          this.noteAcked(s);
        }
        if (s === high) break;
      }
    });

    const lostNow = this.detectLosses();
    if (lostNow !== undefined && (this.recoveryEnd === undefined || seqAfter(lostNow, this.recoveryEnd))) {
      this.reduceWindow();
    } else if (newlyAcked > 0 && 2 * inFlightBefore >= this.cwnd) {
      this.growWindow(newlyAcked);
    }
    if (this.inFlight === 0) this.rtoDeadline = undefined;
    else if (this.inFlight !== inFlightBefore) this.rtoDeadline = now + this.rtt.rto; // progress
    return true;
  }

  nextTimer(): number | undefined {
    return this.rtoDeadline;
  }

  onTimer(now: number): void {
    if (this.rtoDeadline === undefined || now < this.rtoDeadline) return;
    this.rtoDeadline = undefined;
    if (this.inFlight === 0) return;
    // RFC 4341 5: on timeout, cwnd = 1 and slow start. Nothing is retransmitted, so what
    // was in flight is given up as lost; the next packet sent re-arms the timer.
    this.timeouts++;
    this.ssthresh = Math.max(2, Math.floor(this.cwnd / 2));
    this.cwnd = 1;
    this.avoidanceCredit = 0;
    for (let s = this.tail; s !== this.next; s = seqAdd(s, 1)) {
      if (this.states[s % TRACKED] === IN_FLIGHT) this.states[s % TRACKED] = LOST;
    }
    this.inFlight = 0;
    this.recoveryEnd = seqAdd(this.next, -1);
    this.rtt.backoff();
    this.lastActivity = now;
  }

  state(): SenderState {
    const rttMs = this.rtt.srtt;
    // Before any RTT sample, assume RFC 6298's initial 1 s.
    const perSecond = rttMs === undefined ? 1 : 1000 / Math.max(rttMs, 0.001);
    return { rttMs, allowedRate: this.cwnd * this.segmentSize * perSecond, cwnd: this.cwnd };
  }

  private noteAcked(seq: number): void {
    const top = this.topAcked;
    if (top.includes(seq)) return;
    let i = top.length;
    while (i > 0 && seqAfter(seq, top[i - 1])) i--;
    if (i >= NUMDUPACK) return;
    top.splice(i, 0, seq);
    if (top.length > NUMDUPACK) top.pop();
  }

  /**
   * Marks in-flight packets with NUMDUPACK later packets acked as lost, and drops decided
   * packets off the tail. Returns the newest packet found lost now, if any.
   */
  private detectLosses(): number | undefined {
    const threshold = this.topAcked.length === NUMDUPACK ? this.topAcked[NUMDUPACK - 1] : undefined;
    let newestLost: number | undefined;
    while (this.tail !== this.next) {
      const slot = this.tail % TRACKED;
      if (this.states[slot] === IN_FLIGHT) {
        if (threshold === undefined || !seqAfter(threshold, this.tail)) break;
        this.inFlight--;
        newestLost = this.tail;
      }
      this.states[slot] = FREE;
      this.tail = seqAdd(this.tail, 1);
    }
    return newestLost;
  }

  private reduceWindow(): void {
    this.reductions++;
    this.ssthresh = Math.max(2, Math.floor(this.cwnd / 2));
    this.cwnd = this.ssthresh;
    this.avoidanceCredit = 0;
    this.recoveryEnd = seqAdd(this.next, -1);
  }

  private growWindow(acked: number): void {
    if (this.cwnd < this.ssthresh) {
      this.cwnd = Math.min(this.cwnd + acked, this.ssthresh, MAX_CWND);
      return;
    }
    this.avoidanceCredit += acked;
    while (this.avoidanceCredit >= this.cwnd && this.cwnd < MAX_CWND) {
      this.avoidanceCredit -= this.cwnd;
      this.cwnd++;
    }
  }

  /** The tracking ring is full (acks lag far behind): forget the oldest packet. */
  private dropOldest(): void {
    const slot = this.tail % TRACKED;
    if (this.states[slot] === IN_FLIGHT) this.inFlight--;
    this.states[slot] = FREE;
    this.tail = seqAdd(this.tail, 1);
  }

  /** The sequence number jumped beyond the ring: start tracking afresh from `seq`. */
  private forgetAll(seq: number): void {
    this.states.fill(FREE);
    this.topAcked.length = 0;
    this.inFlight = 0;
    this.tail = seq;
    this.next = seq;
  }
}

export class Ccid2Receiver implements CongestionReceiver {
  private readonly vector = new AckVector();
  private unacked = 0;
  private firstUnackedAt: number | undefined;
  private senderRttMs = 0;

  onData(seq: number, _bytes: number, senderRttMs: number, now: number): boolean {
    if (Number.isFinite(senderRttMs) && senderRttMs > 0) this.senderRttMs = senderRttMs;
    this.vector.record(seq);
    this.unacked++;
    this.firstUnackedAt ??= now;
    return this.unacked >= ACK_RATIO;
  }

  feedbackBody(_now: number): Uint8Array {
    this.unacked = 0;
    this.firstUnackedAt = undefined;
    return this.vector.encode();
  }

  /** A lone packet is acked after a quarter RTT, at most MAX_ACK_DELAY_MS. */
  nextFeedback(): number | undefined {
    if (this.firstUnackedAt === undefined) return undefined;
    const delay = this.senderRttMs > 0 ? Math.min(MAX_ACK_DELAY_MS, this.senderRttMs / 4) : MAX_ACK_DELAY_MS;
    return this.firstUnackedAt + delay;
  }
}
