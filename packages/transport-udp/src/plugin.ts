import type { Plugin } from '@zmtp/core';
import { newStatistics, type UdpStatistics } from './statistics.js';
import { udpTransport } from './transport.js';

/** The plugin, with live counters of every udp:// endpoint it served. */
export interface UdpPlugin extends Plugin {
  readonly statistics: Readonly<UdpStatistics>;
}

/** `context.use(udp())`: adds `udp://` for the draft Radio and Dish sockets. */
export function udp(): UdpPlugin {
  const statistics = newStatistics();
  return { spec: 'zmtp/plugin@1', name: '@zmtp/transport-udp', transports: [udpTransport(statistics)], statistics };
}
