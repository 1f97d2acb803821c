/** How long a test waits for something that should happen promptly before failing with a message. */
export const PROMPTLY_MS = 5_000;

/** Resolves or rejects like `promise`, or rejects with a message naming `what` after `ms`. */
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

/**
 * Runs a socket operation so that a synchronous throw becomes a rejection.
 * zeromq.js throws EBUSY synchronously from a second `send()`/`receive()`; our
 * implementation may reject instead. Tests accept either through this.
 */
export function attempt<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return operation();
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * True if `promise` is still unsettled after `ms`. Used only to show that an
 * operation blocks, where nothing could ever be awaited instead. The promise gets
 * a handler, so a later rejection (for example when the socket closes) is not
 * reported as unhandled.
 */
export async function staysPending(promise: Promise<unknown>, ms = 200): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setTimeout(resolve, ms));
  return !settled;
}

/**
 * Gives messages that were already sent time to reach the receiver's queues.
 *
 * Fair queueing and conflation are only defined once every message sits in the
 * receiver's queues, and neither libzmq nor zeromq.js reports "bytes arrived"
 * through any event. This wait is used only there; everywhere else tests await a
 * message or an event.
 */
export async function settleDelivery(ms = 200): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Re-checks `condition` every few milliseconds until it holds, failing with `what`
 * after `ms`. For states that no event reports, such as libzmq's socket catching up
 * on a pipe its I/O thread already closed.
 */
export async function eventually(condition: () => Promise<boolean>, what: string, ms: number = PROMPTLY_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
