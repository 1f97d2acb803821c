/** Milliseconds from a fixed origin, fractional: the time controllers and timers use. */
export function clockMs(): number {
  return performance.now();
}

/** A time in ms as the wire's wrapping 32-bit microseconds. */
export function microseconds(ms: number): number {
  return Math.round(ms * 1000) >>> 0;
}
