/**
 * A deterministic one-way link for tests of the congestion controllers: a fixed delay,
 * random loss from a seeded generator, and optionally a bottleneck rate with a drop-tail
 * queue. Time is whatever the caller says it is (a manual clock), so a minute of traffic
 * runs in milliseconds. Used only by tests.
 */

/** Small seeded PRNG (mulberry32): the same seed gives the same sequence in [0, 1) every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The same, as an object (the simulated link and the controller tests hold one). */
export class SeededRandom {
  readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }
}

export interface LinkOptions {
  readonly oneWayDelayMs: number;
  /** Chance that a packet is lost, 0..1. Can be changed later through `lossRate`. */
  readonly lossRate?: number;
  /** Bottleneck rate in bytes per second; unlimited when absent. */
  readonly bottleneckBytesPerSecond?: number;
  /** Bytes the bottleneck queue holds before it drops (drop-tail). Default 64 kB. */
  readonly queueBytes?: number;
  readonly seed?: number;
}

interface InFlight<T> {
  readonly item: T;
  readonly bytes: number;
  readonly arrival: number;
}

export class SimulatedLink<T> {
  lossRate: number;
  /** Drops a packet when it returns true (a test's deterministic loss). */
  drop: ((item: T, now: number) => boolean) | undefined;
  sent = 0;
  lost = 0;
  delivered = 0;
  private readonly random: SeededRandom;
  private readonly delay: number;
  private readonly bottleneck: number | undefined;
  private readonly queueLimit: number;
  /** Packets on the wire, by arrival time (FIFO: the delay is fixed and the queue is FIFO). */
  private queue: InFlight<T>[] = [];
  private head = 0;
  /** When the bottleneck finishes sending what it already holds. */
  private busyUntil = 0;

  constructor(options: LinkOptions) {
    this.delay = options.oneWayDelayMs;
    this.lossRate = options.lossRate ?? 0;
    this.bottleneck = options.bottleneckBytesPerSecond;
    this.queueLimit = options.queueBytes ?? 64 * 1024;
    this.random = new SeededRandom(options.seed ?? 1);
  }

  /** Puts a packet on the link. Returns false when it is lost (randomly, by `drop`, or by a full queue). */
  send(item: T, bytes: number, now: number): boolean {
    this.sent++;
    if (this.drop?.(item, now) === true || this.random.next() < this.lossRate) {
      this.lost++;
      return false;
    }
    let leaves = now;
    if (this.bottleneck !== undefined) {
      const start = Math.max(now, this.busyUntil);
      const queuedBytes = ((start - now) / 1000) * this.bottleneck;
      if (queuedBytes + bytes > this.queueLimit) {
        this.lost++;
        return false;
      }
      this.busyUntil = start + (bytes / this.bottleneck) * 1000;
      leaves = this.busyUntil;
    }
    this.queue.push({ item, bytes, arrival: leaves + this.delay });
    return true;
  }

  /** When the next packet arrives, if one is on the way. */
  nextArrival(): number | undefined {
    return this.head < this.queue.length ? this.queue[this.head].arrival : undefined;
  }

  /** Takes the next packet that has arrived by `now`, if any. */
  receive(now: number): T | undefined {
    if (this.head >= this.queue.length || this.queue[this.head].arrival > now) return undefined;
    const { item } = this.queue[this.head++];
    this.delivered++;
    // Drop delivered entries now and then so the array holds only packets in flight.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}
