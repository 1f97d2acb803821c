import type { TransportConformanceCapabilities } from '../capabilities.js';
import type { Check } from '../check.js';
import { registerTransportSubject, type TransportSubject } from '../subject.js';
import { radioDishIntact, radioDishMaxSize } from './datagram-checks.js';
import { highWaterMark, multipartAtomic } from './delivery-checks.js';
import { dishEndpoints } from './dish-endpoint-checks.js';
import { radioDishGroups, radioDishLeave } from './group-checks.js';
import { dealerRouter, pair, pullFairQueue, pushPullRoundRobin, requestReply } from './pattern-checks.js';
import { pubSubFilter, pubSubResubscribe } from './pubsub-checks.js';
import { heartbeat, reconnect } from './recovery-checks.js';
import { SocketScope } from './socket-scope.js';

/** Every socket check, in the order they run. */
export const socketChecks: readonly Check<TransportConformanceCapabilities, SocketScope>[] = [
  pushPullRoundRobin,
  pullFairQueue,
  pubSubFilter,
  pubSubResubscribe,
  requestReply,
  dealerRouter,
  pair,
  multipartAtomic,
  reconnect,
  highWaterMark,
  heartbeat,
  radioDishGroups,
  radioDishLeave,
  radioDishMaxSize,
  radioDishIntact,
  dishEndpoints,
];

/**
 * Registers the socket suite for `subject` with vitest: ZeroMQ socket patterns
 * over the transport under test, through core's sockets. Takes the same subject
 * as {@link transportSuite}.
 */
export function socketSuite(subject: TransportSubject): void {
  registerTransportSubject(
    'socket',
    subject,
    socketChecks,
    (fixture) => new SocketScope(fixture, subject.addresses, subject.capabilities, subject.name),
  );
}
