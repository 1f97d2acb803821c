/**
 * Workarounds for zeromq.js behaviours that are bugs in the binding, not ZeroMQ
 * semantics. Each applies only when the tests run against the native binding
 * (ZMTP_IMPL=zeromq); our implementation must pass without them.
 */
import type { Receiver } from './sockets.js';
import { receiveText } from './sockets.js';

/** True when '@zmtp/core' resolves to the native zeromq.js binding. */
export const againstNativeZeromq = process.env.ZMTP_IMPL === 'zeromq';

/**
 * Receives on a socket that may silently drop messages first: REQ dropping stray
 * replies (wrong peer or wrong request id), REP dropping requests without a
 * delimiter. zeromq.js rejects `receive()` with EAGAIN when the socket looked
 * readable only because of a message libzmq then dropped. Under ZMTP_IMPL=zeromq
 * that rejection is retried; our implementation must simply keep waiting.
 */
export async function receiveAfterDrops(socket: Receiver, what = 'the message after the dropped ones'): Promise<string[]> {
  for (let strays = 0; ; strays += 1) {
    try {
      return await receiveText(socket, what);
    } catch (error) {
      const spurious = againstNativeZeromq && (error as { code?: string }).code === 'EAGAIN' && strays < 100;
      if (!spurious) throw error;
    }
  }
}
