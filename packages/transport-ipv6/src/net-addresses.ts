import type { Socket as NetSocket } from 'node:net';
import type { NetConnectionAddresses } from '@zmtp/core/node';
import { formatTcpEndpoint } from './format.js';

/** A connected socket's two ends as endpoints (`tcp://[::ffff:127.0.0.1]:41234`). */
export function addressesOf(socket: NetSocket): NetConnectionAddresses {
  return {
    localAddress: formatTcpEndpoint(socket.localAddress ?? '::', socket.localPort ?? 0),
    remoteAddress: formatTcpEndpoint(socket.remoteAddress ?? '::', socket.remotePort ?? 0),
  };
}
