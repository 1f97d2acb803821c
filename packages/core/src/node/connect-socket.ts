import { connect, type NetConnectOpts, type Socket } from 'node:net';
import type { ZmqError } from '../errors.js';

/**
 * Opens a `net.Socket` and settles once it is connected. If `signal` aborts
 * first, the half-open socket is destroyed and the promise rejects with the
 * signal's reason; a socket error rejects with `mapError(error)`.
 */
export function connectSocket(
  options: NetConnectOpts,
  signal: AbortSignal,
  mapError: (error: Error) => ZmqError,
): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const socket = connect(options);
    const settle = (): void => {
      signal.removeEventListener('abort', onAbort);
      socket.off('connect', onConnect);
      socket.off('error', onError);
    };
    const onAbort = (): void => {
      settle();
      socket.destroy();
      reject(signal.reason);
    };
    const onError = (error: Error): void => {
      settle();
      socket.destroy();
      reject(mapError(error));
    };
    const onConnect = (): void => {
      settle();
      resolve(socket);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', onConnect);
    socket.once('error', onError);
  });
}

/** Settles like `promise`, or rejects with the abort reason as soon as `signal` fires. */
export function whenNotAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
