import type { TransportConformanceCapabilities } from '../capabilities.js';
import type { Check } from '../check.js';
import { registerTransportSubject, type TransportSubject } from '../subject.js';
import { halfClose, remoteClose } from './close-checks.js';
import {
  abortBeforeDial,
  abortDuringDial,
  addresses,
  addressInUse,
  dialRefused,
  listenAndAccept,
  listenerClose,
  twoDialers,
} from './connect-checks.js';
import { backpressure, largePayloads, manySmallWrites, pingAck } from './data-checks.js';
import { garbageInput } from './garbage-check.js';
import { TransportScope } from './transport-scope.js';

/** Every transport check, in the order they run. */
export const transportChecks: readonly Check<TransportConformanceCapabilities, TransportScope>[] = [
  listenAndAccept,
  dialRefused,
  abortBeforeDial,
  abortDuringDial,
  addressInUse,
  listenerClose,
  pingAck,
  twoDialers,
  largePayloads,
  manySmallWrites,
  backpressure,
  remoteClose,
  halfClose,
  addresses,
  garbageInput,
];

/**
 * Registers the transport suite for `subject` with vitest: one test per check,
 * through the Transport and Connection contracts only (plus one check through
 * core's sockets, for garbage input). Call it at the top level of a test file.
 *
 * @example
 * ```ts
 * transportSuite({
 *   name: 'tls',
 *   capabilities: { ...tls(options).capabilities },
 *   addresses: { listen: () => 'tls://127.0.0.1:*' },
 *   setup: () => ({ transport: tls(options) }),
 * });
 * ```
 */
export function transportSuite(subject: TransportSubject): void {
  registerTransportSubject(
    'transport',
    subject,
    transportChecks,
    (fixture) => new TransportScope(fixture, subject.addresses, subject.capabilities),
  );
}
