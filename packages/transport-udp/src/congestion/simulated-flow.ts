/**
 * Drives one congestion sender and its receiver over two simulated links, doing what the
 * UDP engines will do: the Radio sends DATA whenever `sendDelay` allows (always having
 * something to send), the Dish sends FEEDBACK when its controller asks and at least once a
 * second, and the RTT sample comes from the echoed send time minus the Dish's hold time
 * (PROTOCOL.md). Event-driven on a manual clock. Used only by tests.
 */
import type { CongestionReceiver, CongestionSender } from './controller.js';
import type { SimulatedLink } from './simulated-link.js';

export interface DataPacket {
  readonly seq: number;
  readonly bytes: number;
  readonly sentAt: number;
  /** The sender's smoothed RTT in ms, 0 when unknown (the DATA header field). */
  readonly senderRttMs: number;
}

export interface FeedbackPacket {
  /** Send time of the newest DATA received, echoed. */
  readonly echo: number;
  /** How long the Dish held that DATA before this FEEDBACK (ms). */
  readonly held: number;
  readonly body: Uint8Array;
}

export interface FlowOptions {
  readonly sender: CongestionSender;
  readonly receiver: CongestionReceiver;
  readonly forward: SimulatedLink<DataPacket>;
  readonly backward: SimulatedLink<FeedbackPacket>;
  readonly segmentSize: number;
  /** Clock at the start (ms). Default 0. */
  readonly start?: number;
  /** First sequence number. Default 0. */
  readonly firstSeq?: number;
  /**
   * Packets per second the application offers (it queues up to APP_BACKLOG of them).
   * Absent: the application always has a packet ready.
   */
  readonly appPacketsPerSecond?: number;
}

const KEEPALIVE_MS = 1000;
const APP_BACKLOG = 100;
/** More events than this at one instant means a controller keeps asking for "now": a bug. */
const MAX_STEPS_PER_INSTANT = 100_000;

export class SimulatedFlow {
  now: number;
  packetsSent = 0;
  packetsReceived = 0;
  feedbackSent = 0;
  feedbackRejected = 0;
  private readonly sender: CongestionSender;
  private readonly receiver: CongestionReceiver;
  private readonly forward: SimulatedLink<DataPacket>;
  private readonly backward: SimulatedLink<FeedbackPacket>;
  private readonly segmentSize: number;
  private nextSeq: number;
  /** The greatest DATA received so far: what FEEDBACK echoes. */
  private newest: { seq: number; sentAt: number; arrival: number } | undefined;
  private lastFeedbackAt = Number.NEGATIVE_INFINITY;
  /** With an application rate: when its next packet is ready, and the spacing. */
  private appReadyAt: number;
  private readonly appInterval: number | undefined;

  constructor(options: FlowOptions) {
    this.sender = options.sender;
    this.receiver = options.receiver;
    this.forward = options.forward;
    this.backward = options.backward;
    this.segmentSize = options.segmentSize;
    this.now = options.start ?? 0;
    this.nextSeq = (options.firstSeq ?? 0) >>> 0;
    this.appInterval = options.appPacketsPerSecond === undefined ? undefined : 1000 / options.appPacketsPerSecond;
    this.appReadyAt = this.now;
  }

  /** Runs the flow until the clock reaches `until` (ms). */
  runUntil(until: number): void {
    let steps = 0;
    let instant = this.now;
    for (;;) {
      const next = this.nextEvent();
      if (next > until) {
        this.now = until;
        return;
      }
      this.now = Math.max(this.now, next);
      if (this.now !== instant) {
        instant = this.now;
        steps = 0;
      } else if (++steps > MAX_STEPS_PER_INSTANT) {
        throw new Error(`simulation stuck at t=${this.now} ms`);
      }
      this.step();
    }
  }

  private nextEvent(): number {
    let next = Number.POSITIVE_INFINITY;
    const consider = (t: number | undefined) => {
      if (t !== undefined && t < next) next = t;
    };
    consider(this.forward.nextArrival());
    consider(this.backward.nextArrival());
    consider(this.sender.nextTimer());
    consider(this.receiver.nextFeedback());
    if (this.newest !== undefined) consider(this.lastFeedbackAt + KEEPALIVE_MS);
    const delay = this.sender.sendDelay(this.now);
    if (Number.isFinite(delay)) consider(Math.max(this.now + delay, this.appReadyAt));
    return next;
  }

  private step(): void {
    const now = this.now;
    for (let data = this.forward.receive(now); data !== undefined; data = this.forward.receive(now)) {
      this.packetsReceived++;
      if (this.newest === undefined || ((data.seq - this.newest.seq) | 0) > 0) {
        this.newest = { seq: data.seq, sentAt: data.sentAt, arrival: now };
      }
      if (this.receiver.onData(data.seq, data.bytes, data.senderRttMs, now)) this.sendFeedback();
    }
    for (let feedback = this.backward.receive(now); feedback !== undefined; feedback = this.backward.receive(now)) {
      const sample = now - feedback.echo - feedback.held;
      if (!this.sender.onFeedback(feedback.body, sample, now)) this.feedbackRejected++;
    }
    const timer = this.sender.nextTimer();
    if (timer !== undefined && timer <= now) this.sender.onTimer(now);
    const due = this.receiver.nextFeedback();
    if ((due !== undefined && due <= now) || (this.newest !== undefined && this.lastFeedbackAt + KEEPALIVE_MS <= now)) {
      this.sendFeedback();
    }
    while (this.appReadyAt <= now && this.sender.sendDelay(now) === 0) this.sendData();
  }

  private sendData(): void {
    const packet: DataPacket = {
      seq: this.nextSeq,
      bytes: this.segmentSize,
      sentAt: this.now,
      senderRttMs: this.sender.state().rttMs ?? 0,
    };
    this.nextSeq = (this.nextSeq + 1) >>> 0;
    this.packetsSent++;
    if (this.appInterval !== undefined) {
      this.appReadyAt = Math.max(this.appReadyAt, this.now - APP_BACKLOG * this.appInterval) + this.appInterval;
    }
    this.sender.onSent(packet.seq, packet.bytes, this.now);
    this.forward.send(packet, packet.bytes, this.now);
  }

  private sendFeedback(): void {
    if (this.newest === undefined) return;
    const body = this.receiver.feedbackBody(this.now);
    this.feedbackSent++;
    this.lastFeedbackAt = this.now;
    const packet: FeedbackPacket = { echo: this.newest.sentAt, held: this.now - this.newest.arrival, body };
    this.backward.send(packet, 31 + body.length, this.now);
  }
}
