import type { TransportCapabilities } from '@zmtp/core';

/** Something outside the test process that a transport needs (a relay, a proxy, a second host). */
export interface OutsideFixture {
  /** What it is and how to provide it; printed when checks skip because it is missing. */
  readonly description: string;
  /** Whether it is there now (for example, an environment variable naming its address is set). */
  available(): boolean | Promise<boolean>;
}

/**
 * What a transport can do. Start from the transport's own `capabilities` and add
 * what only the suite asks about. A check the transport cannot meet is skipped,
 * and the reason is printed and written to the report.
 */
export interface TransportConformanceCapabilities extends TransportCapabilities {
  /** Set when the transport needs an outside fixture; every check skips while it is unavailable. */
  readonly fixture?: OutsideFixture;
  /** False when one side cannot end its half while still reading (default true). */
  readonly halfClose?: boolean;
  /**
   * True when a dial to an address nobody listens on waits for a listener instead
   * of failing, as libzmq's inproc does (default false).
   */
  readonly dialWaitsForListener?: boolean;
}

/** Mechanism features the suite asks about. */
export interface MechanismCapabilities {
  /** The mechanism protects every frame after the handshake (it returns a `cipher`). */
  readonly encrypts: boolean;
  /** The mechanism carries credentials a server can refuse (PLAIN, CURVE); NULL has none. */
  readonly credentials: boolean;
}

/** Scheduler features the suite asks about. */
export interface SchedulerCapabilities {
  /** Strict per-message round robin among the active pipes of one priority, as libzmq's lb/fq. */
  readonly roundRobin: boolean;
  /** Strict priority: an active pipe of a higher priority (1 is highest) is always picked first. */
  readonly priorities: boolean;
}

// ---- reasons a transport check does not apply -------------------------------------

/** The reason stream-only checks skip on a transport that brings its own engine. */
export const MESSAGE_LEVEL =
  "message-level transport (capabilities.kind is 'engine'): byte-stream checks do not apply";

/** Reasons the connection-level checks cannot run, or undefined. */
export function needsByteStream(caps: TransportConformanceCapabilities): string | undefined {
  return caps.kind === 'engine' ? MESSAGE_LEVEL : needsBothEnds(caps) ?? needsReliableOrdered(caps);
}

export function needsBothEnds(caps: TransportConformanceCapabilities): string | undefined {
  if (caps.dialOnly) return 'the transport is dial-only (capabilities.dialOnly): the check needs a listener';
  if (caps.listenOnly) return 'the transport is listen-only (capabilities.listenOnly): the check needs to dial';
  return undefined;
}

export function needsReliableOrdered(caps: TransportConformanceCapabilities): string | undefined {
  if (!caps.reliable) return 'the transport is not reliable (capabilities.reliable is false): the check counts on every byte or message arriving';
  if (!caps.ordered) return 'the transport is not ordered (capabilities.ordered is false): the check counts on order';
  return undefined;
}

/** For socket checks: the socket types must be served by the transport. */
export function needsSocketTypes(caps: TransportConformanceCapabilities, types: readonly string[]): string | undefined {
  const served = caps.socketTypes;
  if (!served) return undefined;
  const missing = types.filter((type) => !served.includes(type));
  if (missing.length === 0) return undefined;
  return `the transport serves only ${served.join(', ')} sockets (capabilities.socketTypes); the check needs ${missing.join(', ')}`;
}

/** For dial checks that need a dial to learn whether anything listens (a datagram transport cannot). */
export function needsConnections(caps: TransportConformanceCapabilities): string | undefined {
  if (!caps.reliable) {
    return 'the transport is not reliable (capabilities.reliable is false): a dial sends datagrams without a connection, so it cannot learn that nothing listens';
  }
  return undefined;
}

/** For the Radio/Dish checks: a Dish binds and a Radio connects over the transport. */
export function needsRadioDish(caps: TransportConformanceCapabilities): string | undefined {
  return needsBothEnds(caps) ?? needsSocketTypes(caps, ['RADIO', 'DISH']);
}

/** For checks at the size limit: the transport must declare one. */
export function needsMaxMessageSize(caps: TransportConformanceCapabilities): string | undefined {
  if (caps.maxMessageSize === undefined) {
    return 'the transport declares no size limit (capabilities.maxMessageSize is not set): nothing to check at the limit';
  }
  return undefined;
}

/** For socket checks that count on the ZMTP engine running on a stream: reconnects, heartbeats. */
export function needsZmtpStream(caps: TransportConformanceCapabilities, what: string): string | undefined {
  if (caps.kind === 'engine') {
    return `message-level transport (capabilities.kind is 'engine'): ${what} belong to the ZMTP engine over a byte stream`;
  }
  return undefined;
}

/** The capabilities as plain data for the report (functions dropped). */
export function describeCapabilities(caps: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(caps)) {
    if (typeof value === 'function') continue;
    if (key === 'fixture' && value && typeof value === 'object') out.fixture = (value as OutsideFixture).description;
    else out[key] = value;
  }
  return out;
}
