/**
 * The contract between the UDP engines and a congestion controller. Controllers are pure:
 * no sockets, no timers of their own; the engine passes the time (`now`, milliseconds from
 * any fixed origin, fractional allowed) and calls `onTimer` when `nextTimer()` comes due.
 * That keeps them testable with a simulated link and a manual clock.
 *
 * Sequence numbers are the engine's 32-bit DATA sequence numbers, compared with serial
 * arithmetic (../wire/serial.ts): they wrap.
 */

/** The modes a Radio may ask for. */
export type CongestionMode = 'none' | 'ccid2' | 'tfrc';

/** What a sender reports for statistics. */
export interface SenderState {
  /** Smoothed round-trip time in ms, once measured. */
  readonly rttMs: number | undefined;
  /** Sending rate allowed now, in bytes per second (Infinity when unlimited). */
  readonly allowedRate: number;
  /** CCID2: congestion window in packets. */
  readonly cwnd?: number;
  /** TFRC: loss event rate p the receiver reported (0 before any loss). */
  readonly lossEventRate?: number;
}

export interface CongestionSender {
  readonly mode: CongestionMode;
  /**
   * Milliseconds until the next DATA packet may leave: 0 means now; Infinity means only
   * feedback or a timer can open the way (a full CCID2 window).
   */
  sendDelay(now: number): number;
  /** A DATA packet of `bytes` (header included) with sequence number `seq` left now. */
  onSent(seq: number, bytes: number, now: number): void;
  /**
   * Feedback arrived. `rttSample` is the round trip the engine measured from the echoed
   * send time (ms), if the feedback carried one. `body` is the controller's own bytes,
   * as its receiver's `feedbackBody` wrote them. Returns false when `body` is malformed
   * (the engine counts it and carries on).
   */
  onFeedback(body: Uint8Array, rttSample: number | undefined, now: number): boolean;
  /** When `onTimer` must next be called (absolute ms), or undefined for no timer. */
  nextTimer(): number | undefined;
  /** A timer came due (RTO, no-feedback timer). */
  onTimer(now: number): void;
  state(): SenderState;
}

export interface CongestionReceiver {
  /**
   * A DATA packet arrived: its sequence number, size on the wire (header included), and the
   * sender's RTT estimate carried in its header (ms, 0 when the sender has none).
   * Returns true when feedback should be sent at once (ack ratio reached, new loss event).
   */
  onData(seq: number, bytes: number, senderRttMs: number, now: number): boolean;
  /** The controller's part of the FEEDBACK datagram being sent now. */
  feedbackBody(now: number): Uint8Array;
  /** When periodic feedback is next due (absolute ms), or undefined. */
  nextFeedback(): number | undefined;
}

/** Settings both halves get. */
export interface CongestionSettings {
  /** Bytes of a full DATA datagram (header + payload): TFRC's fixed packet size s. */
  readonly segmentSize: number;
}
