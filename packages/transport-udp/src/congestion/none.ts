/**
 * Mode `none`: no congestion control. The sender never waits; it still measures the RTT
 * from feedback so statistics have one. The receiver asks for feedback once a second,
 * only for those statistics. Its body is empty.
 */
import type { CongestionMode, CongestionReceiver, CongestionSender, SenderState } from './controller.js';
import { RttEstimator } from './rtt-estimator.js';

const FEEDBACK_INTERVAL_MS = 1000;
const EMPTY = new Uint8Array(0);

export class NoneSender implements CongestionSender {
  readonly mode: CongestionMode = 'none';
  private readonly rtt = new RttEstimator();

  sendDelay(_now: number): number {
    return 0;
  }

  onSent(_seq: number, _bytes: number, _now: number): void {}

  onFeedback(body: Uint8Array, rttSample: number | undefined, _now: number): boolean {
    if (body.length !== 0) return false;
    if (rttSample !== undefined) this.rtt.addSample(rttSample);
    return true;
  }

  nextTimer(): number | undefined {
    return undefined;
  }

  onTimer(_now: number): void {}

  state(): SenderState {
    return { rttMs: this.rtt.srtt, allowedRate: Number.POSITIVE_INFINITY };
  }
}

export class NoneReceiver implements CongestionReceiver {
  private lastFeedback: number;

  constructor(now: number) {
    this.lastFeedback = now;
  }

  onData(_seq: number, _bytes: number, _senderRttMs: number, _now: number): boolean {
    return false;
  }

  feedbackBody(now: number): Uint8Array {
    this.lastFeedback = now;
    return EMPTY;
  }

  nextFeedback(): number | undefined {
    return this.lastFeedback + FEEDBACK_INTERVAL_MS;
  }
}
