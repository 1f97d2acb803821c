import type { Clock, Timer } from './clock.js';
import type { Impairment } from './impairment.js';
import { MinHeap } from './min-heap.js';
import { createRandom, type Random } from './prng.js';

/** What one direction did so far. */
export interface PathCounters {
  received: number;
  receivedBytes: number;
  delivered: number;
  deliveredBytes: number;
  /** Dropped by random loss. */
  lost: number;
  /** Dropped because the bottleneck queue was full. */
  queueDropped: number;
  /** Dropped because the delay line held `holdLimit` bytes already. */
  overflowDropped: number;
  duplicated: number;
  reordered: number;
  /** Bytes waiting for the bottleneck now, and the most ever. */
  queuedBytes: number;
  maxQueuedBytes: number;
  /** Packets (and bytes) inside the path now: queued or in flight. */
  held: number;
  heldBytes: number;
  /** deliver() callbacks that threw (the packet counts as delivered). */
  deliverErrors: number;
}

interface Held<M> {
  at: number;
  seq: number;
  packet: Uint8Array;
  meta: M;
}

export interface ImpairedPathOptions<M> {
  clock: Clock;
  seed: number;
  /** Names the random streams, so two directions with one seed draw differently. */
  stream?: string;
  deliver: (packet: Uint8Array, meta: M) => void;
}

/**
 * One direction of an emulated path: random loss, duplication, a rate-limited
 * bottleneck with a drop-tail queue, then propagation delay with jitter, and optional
 * reordering. Each packet's release time is computed on arrival (the bottleneck is a
 * virtual "link free at" time, so no per-packet serialisation events), and one timer
 * serves the earliest release. Jitter never reorders; only `reorder` does.
 */
export class ImpairedPath<M = undefined> {
  #s: Impairment;
  readonly #clock: Clock;
  readonly #deliver: (packet: Uint8Array, meta: M) => void;
  readonly #loss: Random;
  readonly #dup: Random;
  readonly #jitter: Random;
  readonly #reorder: Random;
  readonly #line = new MinHeap<Held<M>>();
  #timer: { at: number; handle: Timer } | undefined;
  #linkFreeAt = Number.NEGATIVE_INFINITY;
  #lastInOrder = Number.NEGATIVE_INFINITY;
  #seq = 0;
  #flushing = false;
  #closed = false;
  readonly #c: PathCounters = {
    received: 0,
    receivedBytes: 0,
    delivered: 0,
    deliveredBytes: 0,
    lost: 0,
    queueDropped: 0,
    overflowDropped: 0,
    duplicated: 0,
    reordered: 0,
    queuedBytes: 0,
    maxQueuedBytes: 0,
    held: 0,
    heldBytes: 0,
    deliverErrors: 0,
  };

  constructor(settings: Impairment, options: ImpairedPathOptions<M>) {
    this.#s = { ...settings };
    this.#clock = options.clock;
    this.#deliver = options.deliver;
    const stream = options.stream ?? '';
    this.#loss = createRandom(options.seed, `${stream}/loss`);
    this.#dup = createRandom(options.seed, `${stream}/duplicate`);
    this.#jitter = createRandom(options.seed, `${stream}/jitter`);
    this.#reorder = createRandom(options.seed, `${stream}/reorder`);
  }

  get settings(): Impairment {
    return { ...this.#s };
  }

  /** Applies to packets sent from now on; packets already inside keep their times. */
  update(settings: Impairment): void {
    this.#s = { ...settings };
  }

  /** Offers a packet to the path; it is delivered later, or dropped. */
  send(packet: Uint8Array, meta: M): void {
    if (this.#closed) return;
    const c = this.#c;
    c.received++;
    c.receivedBytes += packet.byteLength;
    // Every draw happens for every packet, so packet i's fate depends only on the seed.
    const lost = this.#loss.next() < this.#s.loss;
    const twice = this.#dup.next() < this.#s.duplicate;
    if (lost) {
      c.lost++;
      return;
    }
    this.#enqueue(packet, meta);
    if (twice) {
      c.duplicated++;
      this.#enqueue(packet, meta);
    }
    this.#arm();
  }

  /** A snapshot of the counters. */
  counters(): PathCounters {
    return { ...this.#c, queuedBytes: Math.round(this.#backlog(this.#clock.now())), maxQueuedBytes: Math.round(this.#c.maxQueuedBytes) };
  }

  /** Drops whatever is inside and stops; later sends are ignored. */
  close(): void {
    this.#closed = true;
    this.#timer?.handle.cancel();
    this.#timer = undefined;
    this.#line.clear();
    this.#c.held = 0;
    this.#c.heldBytes = 0;
  }

  /** Bytes not yet through the bottleneck at `now`. */
  #backlog(now: number): number {
    if (this.#s.rate === 0 || this.#linkFreeAt <= now) return 0;
    return ((this.#linkFreeAt - now) * this.#s.rate) / 8000;
  }

  #enqueue(packet: Uint8Array, meta: M): void {
    const s = this.#s;
    const c = this.#c;
    const now = this.#clock.now();
    const size = packet.byteLength;
    let departed = now;
    if (s.rate > 0) {
      const backlog = this.#backlog(now);
      if (backlog + size > s.queue) {
        c.queueDropped++;
        return;
      }
      this.#linkFreeAt = Math.max(now, this.#linkFreeAt) + (size * 8000) / s.rate;
      departed = this.#linkFreeAt;
      c.maxQueuedBytes = Math.max(c.maxQueuedBytes, backlog + size);
    }
    if (c.heldBytes + size > s.holdLimit) {
      c.overflowDropped++;
      return;
    }
    const jitter = s.jitter > 0 ? (2 * this.#jitter.next() - 1) * s.jitter : 0;
    let at = departed + Math.max(0, s.delay + jitter);
    if (this.#reorder.next() < s.reorder) {
      at += s.reorderDelay;
      c.reordered++;
    } else {
      // In-order packets never overtake each other, whatever the jitter drew.
      at = Math.max(at, this.#lastInOrder);
      this.#lastInOrder = at;
    }
    this.#line.push({ at, seq: this.#seq++, packet, meta });
    c.held++;
    c.heldBytes += size;
  }

  /** Keeps one timer on the earliest release; releases what is due now at once. */
  #arm(): void {
    if (this.#flushing) return;
    const head = this.#line.peek();
    if (!head) return;
    if (this.#timer && this.#timer.at <= head.at) return;
    this.#timer?.handle.cancel();
    this.#timer = undefined;
    const wait = head.at - this.#clock.now();
    if (wait <= this.#clock.resolutionMs / 2) {
      this.#flush();
      return;
    }
    this.#timer = { at: head.at, handle: this.#clock.setTimer(wait, this.#onTimer) };
  }

  readonly #onTimer = (): void => {
    this.#timer = undefined;
    this.#flush();
  };

  #flush(): void {
    this.#flushing = true;
    const c = this.#c;
    try {
      const due = this.#clock.now() + this.#clock.resolutionMs / 2;
      for (let head = this.#line.peek(); head && head.at <= due && !this.#closed; head = this.#line.peek()) {
        this.#line.pop();
        c.held--;
        c.heldBytes -= head.packet.byteLength;
        c.delivered++;
        c.deliveredBytes += head.packet.byteLength;
        try {
          this.#deliver(head.packet, head.meta);
        } catch {
          c.deliverErrors++;
        }
      }
    } finally {
      this.#flushing = false;
    }
    if (!this.#closed) this.#arm();
  }
}
