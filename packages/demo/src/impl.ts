import * as libzmqModule from 'zeromq';
import type { ZmqLike } from './zmq-like.js';

export interface Implementation {
  /** How the result lines and the header name this side. */
  readonly label: string;
  readonly zmq: ZmqLike;
}

/** The reference peer: the native binding, libzmq 4.3.5. */
export const libzmq: Implementation = {
  label: `zeromq (libzmq ${libzmqModule.version})`,
  zmq: libzmqModule,
};

/**
 * With ZMTP_IMPL=zeromq "ours" is the native binding too: that checks the scenarios
 * themselves against libzmq on both sides, as the core tests do.
 */
export const usingNativeForOurs = process.env.ZMTP_IMPL === 'zeromq';

async function loadOurs(): Promise<Implementation> {
  if (usingNativeForOurs) {
    return { label: `${libzmq.label}, because ZMTP_IMPL=zeromq`, zmq: libzmqModule };
  }
  try {
    const core: ZmqLike = await import('@zmtp/core');
    return { label: '@zmtp/core (workspace source)', zmq: core };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Could not load @zmtp/core: ${reason}\n` +
        'To check the demo itself with the native binding on both sides, set ZMTP_IMPL=zeromq.',
      { cause: error },
    );
  }
}

export const ours: Implementation = await loadOurs();
