/**
 * The Dish's validity window for DATA sequence numbers (PROTOCOL.md, after DCCP's
 * Sequence Window): a number is valid from `behind` before to `ahead` after the greatest
 * one received so far, compared with serial arithmetic so the window slides across the
 * wrap. Anything else is stale or forged and is dropped before it touches any state.
 */
import { InvalidArgumentError } from '@zmtp/core';
import { seqDiff } from '../wire/serial.js';

export interface SequenceWindowOptions {
  /** How far behind the greatest received number is still valid. Default 4096. */
  readonly behind?: number;
  /** How far ahead of it is valid. Default 12288. */
  readonly ahead?: number;
  /**
   * After this many consecutive numbers beyond the window's front that agree with each
   * other (each within the window around the greatest of them), treat them as the new greatest.
   * 0, the default, never does, as PROTOCOL.md v1 says; without it a burst of more than
   * `ahead` lost datagrams leaves the session dropping everything.
   */
  readonly resyncAfter?: number;
}

export const DEFAULT_WINDOW_BEHIND = 4096;
export const DEFAULT_WINDOW_AHEAD = 12288;

export class SequenceWindow {
  private readonly behind: number;
  private readonly ahead: number;
  private readonly resyncAfter: number;
  private greatest_: number | undefined;
  /** Beyond-the-front numbers seen in a row, and the greatest of them. */
  private streak = 0;
  private streakGreatest = 0;
  /** Numbers rejected as outside the window. */
  invalid = 0;
  /** Times the window jumped forward after `resyncAfter` numbers beyond its front. */
  resyncs = 0;

  constructor(options: SequenceWindowOptions = {}) {
    this.behind = options.behind ?? DEFAULT_WINDOW_BEHIND;
    this.ahead = options.ahead ?? DEFAULT_WINDOW_AHEAD;
    this.resyncAfter = options.resyncAfter ?? 0;
    const { behind, ahead, resyncAfter } = this;
    if (!Number.isInteger(behind) || !Number.isInteger(ahead) || behind < 0 || ahead < 1 || behind + ahead >= 2 ** 31) {
      throw new InvalidArgumentError(
        `Sequence window needs integers behind >= 0 and ahead >= 1 with behind + ahead < 2^31; got behind ${String(behind)}, ahead ${String(ahead)}`,
      );
    }
    if (!Number.isInteger(resyncAfter) || resyncAfter < 0) {
      throw new InvalidArgumentError(`resyncAfter must be an integer >= 0 (0: never); got ${String(resyncAfter)}`);
    }
  }

  /** The greatest sequence number accepted, undefined before the first. */
  get greatest(): number | undefined {
    return this.greatest_;
  }

  /**
   * Whether `seq` is valid; if so and it is the newest, it becomes the greatest. The first
   * number is always valid (it opens the window).
   */
  accept(seq: number): boolean {
    const greatest = this.greatest_;
    if (greatest === undefined) {
      this.greatest_ = seq;
      return true;
    }
    const distance = seqDiff(seq, greatest);
    if (distance >= -this.behind && distance <= this.ahead) {
      if (distance > 0) this.greatest_ = seq;
      this.streak = 0;
      return true;
    }
    if (distance > this.ahead && this.resyncAfter > 0 && this.beyondFront(seq)) return true;
    this.invalid++;
    return false;
  }

  /** Counts a number beyond the front; true when enough agree to move the window there. */
  private beyondFront(seq: number): boolean {
    const distance = seqDiff(seq, this.streakGreatest);
    const near = this.streak > 0 && distance >= -this.behind && distance <= this.ahead;
    if (!near) {
      this.streak = 0;
      this.streakGreatest = seq;
    } else if (distance > 0) {
      this.streakGreatest = seq;
    }
    if (++this.streak < this.resyncAfter) return false;
    this.greatest_ = this.streakGreatest;
    this.streak = 0;
    this.resyncs++;
    return true;
  }
}
