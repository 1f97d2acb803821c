/**
 * Waiting without measuring: every wait here ends on an event or a condition,
 * and the time limits only turn a hang into a failure that names what was missing.
 */

/** How long a check waits for something that should happen promptly. */
export const PROMPTLY_MS = 5_000;

/** Settles like `promise`, or rejects naming `what` after `ms`. */
export async function within<T>(promise: Promise<T>, what: string, ms: number = PROMPTLY_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Lets timers, I/O and microtasks run for a while. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Gives messages already sent time to reach the receiver's queues. Only for fair
 * queueing, which is defined over messages that sit in the queues while no API
 * reports their arrival; every other check awaits a message or an event.
 */
export const settleDelivery = (): Promise<void> => pause(150);

/** Adds a handler so a promise left behind by a failed check never reports an unhandled rejection. */
export function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}
