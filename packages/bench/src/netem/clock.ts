/**
 * Time as the impairment engine sees it. Injected so tests run on virtual time and
 * check statistics without depending on the wall clock.
 */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds on a monotonic scale. */
  now(): number;
  /** How late timers may fire; packets due within half of it are released together. */
  readonly resolutionMs: number;
  setTimer(delayMs: number, callback: () => void): Timer;
}

/** The event loop's clock: performance.now() and setTimeout (1 ms granularity). */
export const realClock: Clock = {
  now: () => performance.now(),
  resolutionMs: 1,
  setTimer(delayMs, callback) {
    const handle = setTimeout(callback, Math.max(1, Math.round(delayMs)));
    return { cancel: () => clearTimeout(handle) };
  },
};
