import type { Plugin } from '@zmtp/core';
import { resolveUdpOptions, type UdpOptions } from './options.js';
import type { UdpPeerStatistics } from './peer-statistics.js';
import { newStatistics, type UdpStatistics } from './statistics.js';
import { udpTransport } from './transport.js';

/** The plugin, with live counters of every udp:// endpoint it served. */
export interface UdpPlugin extends Plugin {
  /** Totals over all endpoints, read live. */
  readonly statistics: Readonly<UdpStatistics>;
  /** Per path figures: one per Radio connect, one per source a Dish hears from (live objects). */
  peers(): readonly Readonly<UdpPeerStatistics>[];
}

/**
 * `context.use(udp())`: adds `udp://` for the draft Radio and Dish sockets. `options`
 * apply to every endpoint; an endpoint's query (`?congestion=ccid2`) overrides them.
 */
export function udp(options: UdpOptions = {}): UdpPlugin {
  resolveUdpOptions(options); // throws EINVAL now for a bad option, not at the first bind
  const statistics = newStatistics();
  const peers = new Set<UdpPeerStatistics>();
  return {
    spec: 'zmtp/plugin@1',
    name: '@zmtp/transport-udp',
    transports: [udpTransport(statistics, options, peers)],
    statistics,
    peers: () => [...peers],
  };
}
