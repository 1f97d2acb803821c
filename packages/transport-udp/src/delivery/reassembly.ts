/**
 * Rebuilds whole messages from DATA fragments and passes them through the delivery policy.
 * A one-fragment message (the common case) goes straight through with no bookkeeping.
 * Fragments of a larger message are held, keyed by message sequence number, until all have
 * come; then they are joined with one copy. Everything held is bounded: incomplete messages
 * expire, and caps on messages and bytes drop the oldest first. The caller owns the clock:
 * it passes `now` (ms, never going backwards) and calls `expire` when `nextExpiry` is due.
 */
import { InvalidArgumentError } from '@zmtp/core';
import { DATA_HEADER, MAX_FRAGMENTS } from '../wire/extension.js';
import type { DeliveryPolicy } from './newest-only.js';

/** One DATA datagram's part of a message (a decoded `DataDatagram` is one). */
export interface Fragment {
  readonly messageSeq: number;
  readonly index: number;
  readonly count: number;
  /** A slice of the message in libzmq's layout. */
  readonly payload: Uint8Array;
}

export interface ReassemblyOptions {
  /** Decides which whole messages are delivered, and which fragments are not worth keeping. */
  readonly delivery: DeliveryPolicy;
  /** Milliseconds from a message's first fragment until it is given up. Default 1000. */
  readonly timeout?: number;
  /** Largest message, group + body. Default 1 MiB. */
  readonly maxMessageSize?: number;
  /** Largest fragment count accepted (the Dish derives it from segment size). Default 65535. */
  readonly maxFragments?: number;
  /** Memory that incomplete messages may hold, estimated. Default 8 MiB, or 2 whole messages if more. */
  readonly maxBytes?: number;
  /** Incomplete messages held at once. Default 256. */
  readonly maxMessages?: number;
}

/** What a held fragment costs beyond its payload: its view object and the datagram header it pins. */
const FRAGMENT_OVERHEAD = 64 + DATA_HEADER;
/** What a message in progress costs beyond its fragments. */
const MESSAGE_OVERHEAD = 256;

interface Partial {
  readonly count: number;
  readonly deadline: number;
  /** Bit per fragment index: received. */
  readonly have: Uint8Array;
  readonly indices: number[];
  readonly payloads: Uint8Array[];
  /** Payload bytes held. */
  size: number;
  /** Estimated memory held (payloads, overheads, bitmap). */
  cost: number;
}

export class Reassembly {
  readonly delivery: DeliveryPolicy;
  private readonly timeout: number;
  private readonly maxSize: number;
  private readonly maxFragments: number;
  private readonly maxBytes: number;
  private readonly maxMessages: number;
  /** Insertion order is creation order, so also deadline order: the oldest come first. */
  private readonly partials = new Map<number, Partial>();
  private held = 0;

  /** Messages of several fragments completed (whether or not the policy then delivered them). */
  completed = 0;
  /** Fragments already held, ignored. */
  duplicateFragments = 0;
  /** Fragments of messages the policy would no longer deliver, dropped at once. */
  staleFragments = 0;
  /** Incomplete messages given up after the timeout. */
  expired = 0;
  /** Incomplete messages dropped, oldest first, to stay within `maxMessages` / `maxBytes`. */
  evicted = 0;
  /** Messages dropped because their fragments disagreed on the fragment count (and fragments with an index not below their count). */
  inconsistent = 0;
  /** Messages dropped for exceeding `maxMessageSize` or `maxFragments`. */
  oversize = 0;
  /** Incomplete messages dropped because a newer one was delivered (newest-only). */
  abandoned = 0;

  constructor(options: ReassemblyOptions) {
    this.delivery = options.delivery;
    this.timeout = options.timeout ?? 1000;
    const maxMessageSize = options.maxMessageSize ?? 1024 * 1024;
    this.maxSize = maxMessageSize + 1; // the group length byte
    this.maxFragments = options.maxFragments ?? MAX_FRAGMENTS;
    this.maxBytes = options.maxBytes ?? Math.max(8 * 1024 * 1024, 2 * this.maxSize);
    this.maxMessages = options.maxMessages ?? 256;
    positive('timeout', this.timeout, false);
    positive('maxMessageSize', maxMessageSize, true);
    positive('maxFragments', this.maxFragments, true);
    positive('maxMessages', this.maxMessages, true);
    if (this.maxFragments > MAX_FRAGMENTS) {
      throw new InvalidArgumentError(`maxFragments is at most ${MAX_FRAGMENTS}; got ${this.maxFragments}`);
    }
    if (!Number.isInteger(this.maxBytes) || this.maxBytes < this.maxSize) {
      throw new InvalidArgumentError(
        `maxBytes must be an integer of at least maxMessageSize + 1 (${this.maxSize}), better twice that; got ${String(this.maxBytes)}`,
      );
    }
  }

  /** Incomplete messages held now. */
  get inProgress(): number {
    return this.partials.size;
  }

  /** Estimated memory held by incomplete messages now. */
  get heldBytes(): number {
    return this.held;
  }

  /**
   * Takes one fragment. Returns the whole message in libzmq's layout when this fragment
   * completes it and the delivery policy accepts it; else undefined (held or dropped, and
   * counted). A one-fragment message comes back as the fragment's own payload (no copy).
   */
  add(fragment: Fragment, now: number): Uint8Array | undefined {
    const { messageSeq, count, payload } = fragment;
    if (count === 1) {
      if (payload.length > this.maxSize) {
        this.oversize++;
        return undefined;
      }
      return this.deliver(messageSeq) ? payload : undefined;
    }
    const index = fragment.index;
    if (!(index >= 0 && index < count)) {
      this.inconsistent++; // the decoder never lets one through; a caller might
      return undefined;
    }
    let partial = this.partials.get(messageSeq);
    if (partial === undefined) {
      if (!this.delivery.wants(messageSeq)) {
        this.staleFragments++;
        return undefined;
      }
      if (count > this.maxFragments || count > this.maxSize) {
        this.oversize++;
        return undefined;
      }
      if (this.partials.size >= this.maxMessages) this.evictOldest(undefined);
      const have = new Uint8Array((count + 7) >>> 3);
      partial = { count, deadline: now + this.timeout, have, indices: [], payloads: [], size: 0, cost: MESSAGE_OVERHEAD + have.length };
      this.partials.set(messageSeq, partial);
      this.held += partial.cost;
    } else if (partial.count !== count) {
      this.drop(messageSeq, partial);
      this.inconsistent++;
      return undefined;
    }
    const bit = 1 << (index & 7);
    if ((partial.have[index >>> 3] & bit) !== 0) {
      this.duplicateFragments++;
      return undefined;
    }
    partial.size += payload.length;
    if (partial.size > this.maxSize) {
      this.drop(messageSeq, partial);
      this.oversize++;
      return undefined;
    }
    partial.have[index >>> 3] |= bit;
    partial.indices.push(index);
    partial.payloads.push(payload);
    const cost = payload.length + FRAGMENT_OVERHEAD;
    partial.cost += cost;
    this.held += cost;
    if (partial.indices.length === count) {
      this.drop(messageSeq, partial);
      this.completed++;
      const message = join(partial);
      return this.deliver(messageSeq) ? message : undefined;
    }
    while (this.held > this.maxBytes) {
      if (!this.evictOldest(messageSeq)) {
        // This message alone is over the cap (many tiny fragments): it goes too.
        this.drop(messageSeq, partial);
        this.evicted++;
        break;
      }
    }
    return undefined;
  }

  /** Gives up incomplete messages whose time is up; returns how many. */
  expire(now: number): number {
    let dropped = 0;
    for (const [messageSeq, partial] of this.partials) {
      if (partial.deadline > now) break;
      this.drop(messageSeq, partial);
      dropped++;
    }
    this.expired += dropped;
    return dropped;
  }

  /** When `expire` next has work (absolute ms), or undefined while nothing is held. */
  nextExpiry(): number | undefined {
    for (const partial of this.partials.values()) return partial.deadline;
    return undefined;
  }

  private deliver(messageSeq: number): boolean {
    if (!this.delivery.accept(messageSeq)) return false;
    // Newest-only: what is still in progress behind this message can never be delivered.
    if (this.partials.size > 0 && this.delivery.mode === 'newest-only') {
      for (const [held, partial] of this.partials) {
        if (this.delivery.wants(held)) continue;
        this.drop(held, partial);
        this.abandoned++;
      }
    }
    return true;
  }

  /** Drops the oldest message in progress other than `keep`; false if there is none. */
  private evictOldest(keep: number | undefined): boolean {
    for (const [messageSeq, partial] of this.partials) {
      if (messageSeq === keep) continue;
      this.drop(messageSeq, partial);
      this.evicted++;
      return true;
    }
    return false;
  }

  private drop(messageSeq: number, partial: Partial): void {
    this.partials.delete(messageSeq);
    this.held -= partial.cost;
  }
}

/** The fragments in index order, copied once into one buffer. */
function join(partial: Partial): Uint8Array {
  const ordered: Uint8Array[] = new Array(partial.count);
  for (let i = 0; i < partial.count; i++) ordered[partial.indices[i]] = partial.payloads[i];
  const message = new Uint8Array(partial.size);
  let offset = 0;
  for (const payload of ordered) {
    message.set(payload, offset);
    offset += payload.length;
  }
  return message;
}

function positive(name: string, value: number, integer: boolean): void {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new InvalidArgumentError(`${name} must be a positive ${integer ? 'integer' : 'number'}; got ${String(value)}`);
  }
}
