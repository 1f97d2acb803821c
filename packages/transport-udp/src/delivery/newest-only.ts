/**
 * Which whole messages a Dish hands on, judged by their message sequence numbers (serial
 * arithmetic, so the wrap is harmless):
 *  - newest-only ("weak ordering by only accepting new packets"): a message is delivered
 *    only if it is newer than the newest delivered; older ones are dropped as late. No
 *    reorder buffer, no head-of-line blocking, and the application never sees stale state.
 *  - arrival: everything in the order it comes, except copies of a message already
 *    delivered (the network may duplicate a datagram), which are dropped and counted.
 * Both are O(1) per message and hold a fixed amount of memory.
 */
import { InvalidArgumentError } from '@zmtp/core';
import type { DeliveryMode } from '../options.js';
import { seqAfter, seqDiff } from '../wire/serial.js';

export interface DeliveryPolicy {
  readonly mode: DeliveryMode;
  /** Messages accepted for delivery. */
  readonly delivered: number;
  /** Newest-only: messages dropped for being older than the newest delivered. */
  readonly late: number;
  /** Messages dropped as copies of one already delivered (as far as the policy remembers). */
  readonly duplicates: number;
  /** Arrival: messages delivered although older than the newest delivered. */
  readonly reordered: number;
  /** Could a message with this number still be delivered? Changes nothing; lets reassembly drop fragments early. */
  wants(messageSeq: number): boolean;
  /** A whole message with this number is ready: true to deliver it. Records the decision. */
  accept(messageSeq: number): boolean;
}

export function createDeliveryPolicy(mode: DeliveryMode): DeliveryPolicy {
  if (mode === 'newest-only') return new NewestOnly();
  if (mode === 'arrival') return new ArrivalOrder();
  throw new InvalidArgumentError(`delivery must be 'arrival' or 'newest-only'; got ${String(mode)}`);
}

export class NewestOnly implements DeliveryPolicy {
  readonly mode = 'newest-only';
  private newest: number | undefined;
  delivered = 0;
  late = 0;
  duplicates = 0;
  readonly reordered = 0;

  /** The newest message sequence number delivered, undefined before the first. */
  get newestDelivered(): number | undefined {
    return this.newest;
  }

  wants(messageSeq: number): boolean {
    return this.newest === undefined || seqAfter(messageSeq, this.newest);
  }

  accept(messageSeq: number): boolean {
    if (this.wants(messageSeq)) {
      this.newest = messageSeq;
      this.delivered++;
      return true;
    }
    if (messageSeq === this.newest) this.duplicates++;
    else this.late++;
    return false;
  }
}

export interface ArrivalOrderOptions {
  /** How many message numbers back from the newest it remembers, to spot copies. A power of two; default 4096. */
  readonly history?: number;
}

export class ArrivalOrder implements DeliveryPolicy {
  readonly mode = 'arrival';
  private newest: number | undefined;
  private readonly history: number;
  /** Bit `seq % history` is set when that number was delivered (for numbers within `history` of the newest). */
  private readonly seen: Uint32Array;
  delivered = 0;
  readonly late = 0;
  duplicates = 0;
  reordered = 0;

  constructor(options: ArrivalOrderOptions = {}) {
    const history = options.history ?? 4096;
    if (!Number.isInteger(history) || history < 32 || history > 2 ** 24 || (history & (history - 1)) !== 0) {
      throw new InvalidArgumentError(`history must be a power of two from 32 to 2^24; got ${String(history)}`);
    }
    this.history = history;
    this.seen = new Uint32Array(history / 32);
  }

  wants(messageSeq: number): boolean {
    return !this.remembered(messageSeq);
  }

  accept(messageSeq: number): boolean {
    const newest = this.newest;
    const distance = newest === undefined ? 1 : seqDiff(messageSeq, newest);
    if (distance > 0) {
      this.forgetUpTo(messageSeq, distance);
      this.newest = messageSeq;
    } else if (-distance < this.history) {
      if (this.bit(messageSeq)) {
        this.duplicates++;
        return false;
      }
      this.reordered++;
    } else {
      this.reordered++; // too old to tell a copy from a late original: deliver it
      this.delivered++;
      return true;
    }
    this.seen[(messageSeq & (this.history - 1)) >>> 5] |= 1 << (messageSeq & 31);
    this.delivered++;
    return true;
  }

  private remembered(messageSeq: number): boolean {
    if (this.newest === undefined) return false;
    const distance = seqDiff(messageSeq, this.newest);
    return distance <= 0 && -distance < this.history && this.bit(messageSeq);
  }

  private bit(seq: number): boolean {
    return (this.seen[(seq & (this.history - 1)) >>> 5] & (1 << (seq & 31))) !== 0;
  }

  /** The window moves forward to `seq`: forget the slots it reuses. */
  private forgetUpTo(seq: number, distance: number): void {
    if (distance >= this.history) {
      this.seen.fill(0);
      return;
    }
    const mask = this.history - 1;
    for (let step = distance - 1; step >= 0; step--) {
      const slot = (seq - step) & mask;
      this.seen[slot >>> 5] &= ~(1 << (slot & 31));
    }
  }
}
