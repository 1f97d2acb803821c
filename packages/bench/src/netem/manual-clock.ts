import type { Clock, Timer } from './clock.js';
import { MinHeap } from './min-heap.js';

interface Pending {
  at: number;
  seq: number;
  callback: () => void;
  cancelled: boolean;
}

/**
 * Virtual time for tests: nothing happens until advance() moves the clock, and timers
 * fire exactly at their due time, in order.
 */
export class ManualClock implements Clock {
  readonly resolutionMs = 0;
  #now: number;
  #seq = 0;
  readonly #timers = new MinHeap<Pending>();

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(delayMs: number, callback: () => void): Timer {
    const pending: Pending = { at: this.#now + Math.max(0, delayMs), seq: this.#seq++, callback, cancelled: false };
    this.#timers.push(pending);
    return { cancel: () => void (pending.cancelled = true) };
  }

  /** Moves time forward by `ms`, firing every timer due on the way. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      const next = this.#timers.peek();
      if (!next || next.at > end) break;
      this.#timers.pop();
      if (next.cancelled) continue;
      this.#now = next.at;
      next.callback();
    }
    this.#now = end;
  }

  /** Fires timers until none is left (timers set by callbacks included). */
  runAll(): void {
    for (;;) {
      const next = this.#timers.peek();
      if (!next) return;
      this.advance(Math.max(0, next.at - this.#now));
    }
  }
}
