/** RFC 8305's recommended Connection Attempt Delay. */
export const DEFAULT_ATTEMPT_DELAY_MS = 250;

/** Anything with an address family; the order of a list is the resolver's preference. */
export interface FamilyTagged {
  readonly family: 4 | 6;
}

/**
 * Orders addresses for connection attempts as RFC 8305 section 4 says: the family of
 * the first (preferred) address first, then alternating families, keeping the
 * resolver's order within each family.
 */
export function interleaveFamilies<T extends FamilyTagged>(addresses: readonly T[]): T[] {
  if (addresses.length === 0) return [];
  const first = addresses[0].family;
  const preferred = addresses.filter((a) => a.family === first);
  const other = addresses.filter((a) => a.family !== first);
  const ordered: T[] = [];
  for (let i = 0; i < Math.max(preferred.length, other.length); i++) {
    if (i < preferred.length) ordered.push(preferred[i]);
    if (i < other.length) ordered.push(other[i]);
  }
  return ordered;
}

/** Every attempt failed: the errors in the order the attempts were made. */
export class AttemptsFailedError<C> extends Error {
  constructor(readonly failures: ReadonlyArray<{ readonly candidate: C; readonly error: unknown }>) {
    super(`All ${failures.length} connection attempts failed`);
    this.name = 'AttemptsFailedError';
  }
}

export interface RaceOptions<T> {
  /** Milliseconds between the starts of two attempts while the earlier one is still pending. */
  readonly attemptDelay: number;
  /** Aborts every attempt; the race then rejects with the signal's reason. */
  readonly signal: AbortSignal;
  /** Releases a result that arrived after another attempt had won. */
  readonly discard: (result: T) => void;
  /** Told when an attempt starts (for tests and diagnostics). */
  readonly onAttempt?: (index: number) => void;
}

/**
 * Connection racing as in RFC 8305 section 5: attempts start one after another, each
 * `attemptDelay` after the previous one or at once when the previous one fails; earlier
 * attempts keep running. The first to succeed wins and the others are aborted through
 * their signals. Rejects with {@link AttemptsFailedError} when all fail.
 */
export function raceAttempts<C, T>(
  candidates: readonly C[],
  attempt: (candidate: C, signal: AbortSignal) => Promise<T>,
  options: RaceOptions<T>,
): Promise<T> {
  const { signal, attemptDelay, discard } = options;
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const controllers: AbortController[] = [];
    const failures: { candidate: C; error: unknown }[] = [];
    let started = 0;
    let pending = 0;
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const settle = (): void => {
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };
    const abortAll = (reason: unknown, except?: number): void => {
      controllers.forEach((controller, index) => {
        if (index !== except) controller.abort(reason);
      });
    };
    const onAbort = (): void => {
      if (settled) return;
      settle();
      abortAll(signal.reason);
      reject(signal.reason);
    };
    const finishIfAllFailed = (): void => {
      if (started === candidates.length && pending === 0) {
        settle();
        reject(new AttemptsFailedError(failures));
      }
    };

    const startNext = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      if (settled || started >= candidates.length) return;
      const index = started++;
      const candidate = candidates[index];
      const controller = new AbortController();
      controllers.push(controller);
      pending += 1;
      options.onAttempt?.(index);
      // A synchronous throw counts as a failed attempt, like a rejection.
      new Promise<T>((resolveAttempt) => resolveAttempt(attempt(candidate, controller.signal))).then(
        (result) => {
          pending -= 1;
          if (settled) {
            discard(result);
            return;
          }
          settle();
          abortAll(new Error('Another connection attempt won'), index);
          resolve(result);
        },
        (error: unknown) => {
          pending -= 1;
          if (settled) return;
          failures.push({ candidate, error });
          // A failed attempt does not wait for the delay: the next one starts now.
          if (started < candidates.length) startNext();
          else finishIfAllFailed();
        },
      );
      if (started < candidates.length) timer = setTimeout(startNext, attemptDelay);
    };

    signal.addEventListener('abort', onAbort, { once: true });
    if (candidates.length === 0) finishIfAllFailed();
    else startNext();
  });
}
