import { ZmqError, type ErrorCode } from '@zmtp/core';

/** Awaits a rejection and checks that it is a typed ZmqError with `code`; returns it. */
export async function expectZmqError(promise: Promise<unknown>, code: ErrorCode, doing: string): Promise<ZmqError> {
  const outcome = await promise.then(
    () => ({ resolved: true as const }),
    (reason: unknown) => ({ resolved: false as const, reason }),
  );
  if (outcome.resolved) throw new Error(`${doing} succeeded; expected a ZmqError with code ${code}`);
  const { reason } = outcome;
  if (!(reason instanceof ZmqError)) {
    const what = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
    throw new Error(`${doing} rejected with ${what}; expected a ZmqError (from @zmtp/core) with code ${code}`);
  }
  if (reason.code !== code) {
    throw new Error(`${doing} rejected with code ${reason.code} ("${reason.message}"); expected ${code}`);
  }
  return reason;
}

/** Calls `act` and checks that it throws, at once, a typed ZmqError with `code`; returns it. */
export function expectZmqErrorNow(act: () => unknown, code: ErrorCode, doing: string): Promise<ZmqError> {
  try {
    act();
  } catch (error) {
    return expectZmqError(Promise.reject(error), code, doing);
  }
  return expectZmqError(Promise.resolve(), code, doing);
}
