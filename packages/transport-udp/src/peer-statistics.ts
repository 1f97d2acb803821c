import type { CongestionMode } from './congestion/controller.js';
import type { DeliveryMode } from './options.js';

/**
 * Live figures of one Radio-to-Dish path, as seen from one end. A Radio has one per
 * connect; a Dish one per source address that sent to it (bounded, idle ones forgotten).
 */
export interface UdpPeerStatistics {
  /** Which end this is. */
  readonly side: 'radio' | 'dish';
  /** Our endpoint (what was connected or bound). */
  readonly endpoint: string;
  /** The other end, `address:port`. */
  readonly remote: string;
  /** True once both ends agreed on the extension (PROTOCOL.md); false for a libzmq peer. */
  extension: boolean;
  congestion: CongestionMode;
  delivery: DeliveryMode;
  /** Radio: messages its engine took (before any drop). Dish: 0. */
  sent: number;
  /** Dish: messages delivered. Radio: DATA datagrams the Dish reported received. */
  received: number;
  /** DATA datagrams lost (sequence gaps), as the Dish counts them. */
  lost: number;
  /** Dish: messages dropped because a newer one was already delivered (newest-only), or duplicates. */
  late: number;
  /** Bytes per second: Radio, the rate congestion control allows (Infinity when none); Dish, the receive rate. */
  rate: number;
  /** Smoothed round-trip time in ms (Radio: measured; Dish: as the Radio reports it), once known. */
  rttMs: number | undefined;
  /** Radio with CCID2: the congestion window in packets. */
  cwnd?: number;
  /** Radio with TFRC: the loss event rate p the Dish reports. */
  lossEventRate?: number;
}

export function newPeerStatistics(side: 'radio' | 'dish', endpoint: string, remote: string): UdpPeerStatistics {
  return { side, endpoint, remote, extension: false, congestion: 'none', delivery: 'arrival', sent: 0, received: 0, lost: 0, late: 0, rate: 0, rttMs: undefined };
}
