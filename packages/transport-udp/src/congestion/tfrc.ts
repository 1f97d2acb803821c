/**
 * TFRC (RFC 5348; CCID3, RFC 4342): equation-based, paced rate control.
 *
 * Receiver: detects losses and loss events (./loss-history.ts), measures the receive rate
 * X_recv over about the last RTT, and sends feedback once per RTT while data arrives, at
 * once on a new loss event, and for every packet while the sender has no RTT yet.
 *
 * Sender: X starts at one packet per second; the first feedback with an RTT sets it to the
 * initial rate W_init/R. Without loss it doubles once per RTT (slow start), capped at twice
 * the receive rate. With loss, X = max(min(X_calc, 2 X_recv), s/t_mbi). A no-feedback
 * timer of max(4R, 2s/X) halves the rate. Packets leave s/X apart.
 *
 * We count every DATA packet as s bytes (the segment size), as TFRC's fixed packet size
 * model does: small messages cost a whole packet of rate, which keeps the packet rate, and
 * so the loss it causes, what the equation assumes.
 *
 * Feedback body, 8 bytes, big-endian:
 *   0  float32  p, the loss event rate, 0..1
 *   4  float32  X_recv, the receive rate in bytes per second, >= 0
 */
import type {
  CongestionMode,
  CongestionReceiver,
  CongestionSender,
  CongestionSettings,
  SenderState,
} from './controller.js';
import { LossHistory } from './loss-history.js';
import { RttEstimator } from './rtt-estimator.js';
import { tfrcLossRateFor, tfrcThroughput } from './tfrc-equation.js';

export const TFRC_FEEDBACK_BYTES = 8;
/** t_mbi: the longest the rate may fall to is one packet per 64 s. */
const T_MBI_MS = 64_000;
/** No-feedback timer before an RTT is known (RFC 5348 4.2). */
const INITIAL_NO_FEEDBACK_MS = 2000;
/**
 * How far behind schedule the pacer may run and catch up in a burst: timers fire a
 * millisecond or more late, and at high rates several packets are due per wake-up.
 */
const PACING_SLACK_MS = 4;
/** A sender that used less than this share of its allowed rate was data-limited. */
const DATA_LIMITED_SHARE = 0.5;

export function encodeTfrcFeedback(p: number, receiveRate: number): Uint8Array {
  const body = new Uint8Array(TFRC_FEEDBACK_BYTES);
  const view = new DataView(body.buffer);
  view.setFloat32(0, p);
  view.setFloat32(4, receiveRate);
  return body;
}

/** Undefined when malformed: wrong length, p outside 0..1, or a rate that is negative or not finite. */
export function decodeTfrcFeedback(body: Uint8Array): { p: number; receiveRate: number } | undefined {
  if (body.length !== TFRC_FEEDBACK_BYTES) return undefined;
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const p = view.getFloat32(0);
  const receiveRate = view.getFloat32(4);
  if (!(p >= 0 && p <= 1) || !(receiveRate >= 0 && Number.isFinite(receiveRate))) return undefined;
  return { p, receiveRate };
}

/** RFC 5348 4.2: W_init = min(4s, max(2s, 4380)) bytes per RTT. */
function initialRate(segmentSize: number, rttMs: number): number {
  return (Math.min(4 * segmentSize, Math.max(2 * segmentSize, 4380)) * 1000) / rttMs;
}

export class TfrcSender implements CongestionSender {
  readonly mode: CongestionMode = 'tfrc';
  private readonly s: number;
  private readonly rtt = new RttEstimator();
  /** Allowed rate X, bytes per second. */
  private rate: number;
  private p = 0;
  private hasFeedback = false;
  /** The receive rates that bound X (RFC 5348's X_recv_set, kept to the last two reports). */
  private receiveRate = 0;
  private previousReceiveRate = 0;
  /** When X last doubled in slow start. */
  private lastDoubled = Number.NEGATIVE_INFINITY;
  private noFeedbackDeadline: number;
  private sentSinceTimerSet = false;
  /** Bytes (s per packet) sent since the last feedback, to tell a data-limited sender. */
  private sentSinceFeedback = 0;
  private lastFeedbackAt: number;
  /** Virtual send time of the last packet: the next may leave s/X after it. */
  private paceBase = Number.NEGATIVE_INFINITY;

  constructor(settings: CongestionSettings, now: number) {
    this.s = settings.segmentSize;
    this.rate = this.s; // one packet per second until the first RTT (RFC 5348 4.2)
    this.noFeedbackDeadline = now + INITIAL_NO_FEEDBACK_MS;
    this.lastFeedbackAt = now;
  }

  sendDelay(now: number): number {
    const delay = this.paceBase + (this.s * 1000) / this.rate - now;
    return delay > 1e-6 ? delay : 0;
  }

  onSent(_seq: number, _bytes: number, now: number): void {
    const interval = (this.s * 1000) / this.rate;
    this.paceBase = Math.max(this.paceBase + interval, now - PACING_SLACK_MS);
    this.sentSinceTimerSet = true;
    this.sentSinceFeedback += this.s;
  }

  onFeedback(body: Uint8Array, rttSample: number | undefined, now: number): boolean {
    const feedback = decodeTfrcFeedback(body);
    if (feedback === undefined) return false;
    if (rttSample !== undefined) this.rtt.addSample(rttSample);
    const r = this.rtt.srtt;
    const elapsed = now - this.lastFeedbackAt;
    const dataLimited = this.sentSinceFeedback < DATA_LIMITED_SHARE * this.rate * (elapsed / 1000);
    const lossIncreased = feedback.p > this.p;
    this.p = feedback.p;
    this.lastFeedbackAt = now;
    this.sentSinceFeedback = 0;
    if (r === undefined) {
      // No RTT yet: nothing to base a rate on. Keep one packet per second.
      this.noFeedbackDeadline = now + INITIAL_NO_FEEDBACK_MS;
      this.sentSinceTimerSet = false;
      return true;
    }

    const receiveLimit = this.updateReceiveLimit(feedback.receiveRate, dataLimited, lossIncreased);
    if (!this.hasFeedback) {
      this.hasFeedback = true;
      this.rate = initialRate(this.s, r);
      this.lastDoubled = now;
    } else if (this.p > 0) {
      this.rate = Math.max(Math.min(tfrcThroughput(this.s, r, this.p), receiveLimit), this.minRate());
    } else if (now - this.lastDoubled >= r) {
      // Slow start; a data-limited sender does not double on each report of its own small rate.
      const doubled = dataLimited ? this.rate : 2 * this.rate;
      this.rate = Math.max(Math.min(doubled, receiveLimit), initialRate(this.s, r));
      this.lastDoubled = now;
    }
    this.restartNoFeedbackTimer(now);
    return true;
  }

  nextTimer(): number | undefined {
    return this.noFeedbackDeadline;
  }

  /** The no-feedback timer (RFC 5348 4.4): feedback stopped coming, so slow down. */
  onTimer(now: number): void {
    if (now < this.noFeedbackDeadline) return;
    const r = this.rtt.srtt;
    const idle = !this.sentSinceTimerSet;
    if (!this.hasFeedback || r === undefined) {
      if (!idle) this.rate = Math.max(this.rate / 2, this.minRate());
    } else {
      const recoverRate = initialRate(this.s, r);
      const calculated = this.p > 0 ? tfrcThroughput(this.s, r, this.p) : Number.POSITIVE_INFINITY;
      const alreadyLow = (this.p === 0 ? this.receiveRate : calculated) < recoverRate;
      // An idle sender whose rate is already low keeps it: there was nothing to hear about.
      if (!(idle && alreadyLow)) {
        if (this.p === 0 || calculated > 2 * this.receiveRate) {
          this.receiveRate = Math.max(this.receiveRate / 2, this.s / (2 * (T_MBI_MS / 1000)));
        } else {
          this.receiveRate = calculated / 4;
        }
        this.previousReceiveRate = this.receiveRate;
        const ceiling = this.p > 0 ? calculated : this.rate;
        this.rate = Math.max(Math.min(ceiling, 2 * this.receiveRate), this.minRate());
      }
    }
    this.restartNoFeedbackTimer(now);
  }

  state(): SenderState {
    return { rttMs: this.rtt.srtt, allowedRate: this.rate, lossEventRate: this.p };
  }

  /**
   * RFC 5348 4.3 step 4, with X_recv_set reduced to the last two reports: a sender that
   * kept its rate busy takes the larger of them; a data-limited one keeps its best, unless
   * the loss rate rose, when that best is halved.
   */
  private updateReceiveLimit(reported: number, dataLimited: boolean, lossIncreased: boolean): number {
    if (!dataLimited) {
      this.receiveRate = Math.max(reported, this.previousReceiveRate);
      this.previousReceiveRate = reported;
      return 2 * this.receiveRate;
    }
    if (lossIncreased) {
      this.receiveRate = Math.max(this.receiveRate / 2, 0.85 * reported);
      this.previousReceiveRate = this.receiveRate;
      return this.receiveRate;
    }
    this.receiveRate = Math.max(this.receiveRate, reported);
    this.previousReceiveRate = this.receiveRate;
    return 2 * this.receiveRate;
  }

  private restartNoFeedbackTimer(now: number): void {
    const r = this.rtt.srtt;
    const timeout = r === undefined ? INITIAL_NO_FEEDBACK_MS : Math.max(4 * r, (2 * this.s * 1000) / this.rate);
    this.noFeedbackDeadline = now + timeout;
    this.sentSinceTimerSet = false;
  }

  private minRate(): number {
    return (this.s * 1000) / T_MBI_MS;
  }
}

export class TfrcReceiver implements CongestionReceiver {
  private readonly s: number;
  private readonly history: LossHistory;
  private senderRttMs = 0;
  private started = false;
  /** Packets since the last feedback, and the period before it, for X_recv. */
  private packets = 0;
  private periodStart: number;
  private previousPackets = 0;
  private previousStart: number;
  private lastFeedbackAt: number | undefined;

  constructor(settings: CongestionSettings, now: number) {
    this.s = settings.segmentSize;
    this.periodStart = now;
    this.previousStart = now;
    this.history = new LossHistory((now) => this.firstLossInterval(now));
  }

  /** Packets found lost and loss events so far (statistics). */
  get lostPackets(): number {
    return this.history.lostPackets;
  }

  get lossEvents(): number {
    return this.history.lossEvents;
  }

  onData(seq: number, _bytes: number, senderRttMs: number, now: number): boolean {
    if (Number.isFinite(senderRttMs) && senderRttMs > 0) this.senderRttMs = senderRttMs;
    const first = !this.started;
    if (first) {
      this.started = true;
      this.periodStart = now;
      this.previousStart = now;
    }
    this.packets++;
    const newLossEvent = this.history.onPacket(seq, now, this.senderRttMs);
    // Feedback at once for the first packet, and for each while the sender has no RTT yet.
    return first || newLossEvent || this.senderRttMs === 0;
  }

  feedbackBody(now: number): Uint8Array {
    const body = encodeTfrcFeedback(this.history.lossEventRate(), this.receiveRate(now));
    this.previousPackets = this.packets;
    this.previousStart = this.periodStart;
    this.packets = 0;
    this.periodStart = now;
    this.lastFeedbackAt = now;
    return body;
  }

  /** Once per RTT while data arrives. */
  nextFeedback(): number | undefined {
    if (this.packets === 0 || this.lastFeedbackAt === undefined) return undefined;
    return this.lastFeedbackAt + Math.max(1, this.senderRttMs);
  }

  /**
   * X_recv in bytes per second over the period since the last feedback; when that period
   * is shorter than an RTT (feedback sent early for a loss event), the period before it is
   * included, so the rate always covers about an RTT.
   */
  private receiveRate(now: number): number {
    let packets = this.packets;
    let since = this.periodStart;
    if (now - since < this.senderRttMs) {
      packets += this.previousPackets;
      since = this.previousStart;
    }
    const elapsed = now - since;
    return elapsed > 0 ? (packets * this.s * 1000) / elapsed : 0;
  }

  /**
   * RFC 5348 6.3.1: the interval that, through the equation, gives the rate received in
   * the last RTT; with no rate or RTT to go on, the one that gives half a packet per RTT.
   */
  private firstLossInterval(now: number): number {
    const rate = this.receiveRate(now);
    const r = this.senderRttMs;
    const target = r > 0 && rate > 0 ? rate : r > 0 ? (this.s * 1000) / (2 * r) : 0;
    const p = r > 0 ? tfrcLossRateFor(this.s, r, target) : tfrcLossRateFor(this.s, 1000, this.s / 2);
    return 1 / p;
  }
}
