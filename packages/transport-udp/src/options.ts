import { InvalidArgumentError } from '@zmtp/core';
import type { CongestionMode } from './congestion/controller.js';

/** How a Dish hands messages of one Radio to the application. */
export type DeliveryMode = 'arrival' | 'newest-only';

/**
 * What `udp()` takes, and what an endpoint may override in its query
 * (`udp://host:port?congestion=tfrc&delivery=newest-only`). Everything beyond libzmq's
 * format is used only once both ends are zmtp-basket peers (see PROTOCOL.md).
 */
export interface UdpOptions {
  /** Radio: the congestion control it asks for. Default `'tfrc'`. */
  readonly congestion?: CongestionMode;
  /** Dish: how it delivers (a Radio's own setting, if given, wins). Default `'arrival'`. */
  readonly delivery?: DeliveryMode;
  /** Bytes of a full DATA datagram, header included (TFRC's packet size). Default 1400. */
  readonly segmentSize?: number;
  /** Largest message (group + body) sent or reassembled once fragmentation is on. Default 1 MiB. */
  readonly maxMessageSize?: number;
  /** Milliseconds an incomplete message waits for its missing fragments. Default 1000. */
  readonly fragmentTimeout?: number;
  /** Radio: messages waiting for congestion control before `send` sees backpressure. Default 1000. */
  readonly sendQueue?: number;
}

export type ResolvedUdpOptions = Required<UdpOptions> & {
  /** Whether the Radio asked for a delivery mode itself (so the Dish's setting does not apply). */
  readonly deliveryGiven: boolean;
};

export const defaultUdpOptions: Required<UdpOptions> = {
  congestion: 'tfrc',
  delivery: 'arrival',
  segmentSize: 1400,
  maxMessageSize: 1024 * 1024,
  fragmentTimeout: 1000,
  sendQueue: 1000,
};

const congestionModes: readonly CongestionMode[] = ['none', 'ccid2', 'tfrc'];
const deliveryModes: readonly DeliveryMode[] = ['arrival', 'newest-only'];
/** A DATA header (26 bytes) plus at least a few bytes of payload; at most what libzmq reads. */
const segmentLimits = [64, 8192] as const;

/** Checks `options` (from code or from an endpoint query) and fills in defaults. */
export function resolveUdpOptions(base: UdpOptions, override: UdpOptions = {}): ResolvedUdpOptions {
  const given = { ...base, ...override };
  for (const key of Object.keys(given)) {
    if (!(key in defaultUdpOptions)) {
      throw new InvalidArgumentError(`Unknown udp option "${key}"; known: ${Object.keys(defaultUdpOptions).join(', ')}`);
    }
  }
  const merged = { ...defaultUdpOptions, ...stripUndefined(given) };
  oneOf('congestion', merged.congestion, congestionModes);
  oneOf('delivery', merged.delivery, deliveryModes);
  integer('segmentSize', merged.segmentSize, segmentLimits[0], segmentLimits[1]);
  integer('maxMessageSize', merged.maxMessageSize, 1, 64 * 1024 * 1024);
  integer('fragmentTimeout', merged.fragmentTimeout, 1, 60_000);
  integer('sendQueue', merged.sendQueue, 1, 1_000_000);
  return { ...merged, deliveryGiven: given.delivery !== undefined };
}

/** Reads `congestion=tfrc&delivery=newest-only&...` from an endpoint's query. */
export function optionsFromQuery(query: string, endpoint: string): UdpOptions {
  const options: Record<string, string | number> = {};
  for (const [key, value] of new URLSearchParams(query)) {
    if (!(key in defaultUdpOptions)) {
      throw new InvalidArgumentError(
        `"${endpoint}": unknown option "${key}"; known: ${Object.keys(defaultUdpOptions).join(', ')}`,
      );
    }
    options[key] = typeof defaultUdpOptions[key as keyof UdpOptions] === 'number' ? Number(value) : value;
  }
  return options as UdpOptions;
}

function stripUndefined(options: UdpOptions): UdpOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): void {
  if (!allowed.includes(value as T)) {
    throw new InvalidArgumentError(`udp option ${name} must be ${allowed.map((a) => `'${a}'`).join(' or ')}; got ${String(value)}`);
  }
}

function integer(name: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(`udp option ${name} must be an integer from ${min} to ${max}; got ${String(value)}`);
  }
}
