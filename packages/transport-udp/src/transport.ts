import { createSocket, type Socket as DgramSocket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIPv4 } from 'node:net';
import {
  AddressInUseError,
  ZmqError,
  type AcceptHandler,
  type Engine,
  type EngineTransport,
  type Listener,
  type TransportOptions,
} from '@zmtp/core';
import { DishEngine } from './dish-engine.js';
import { parseUdpEndpoint, type UdpEndpoint } from './endpoint.js';
import { optionsFromQuery, resolveUdpOptions, type ResolvedUdpOptions, type UdpOptions } from './options.js';
import type { UdpPeerStatistics } from './peer-statistics.js';
import { RadioEngine } from './radio-engine.js';
import type { UdpStatistics } from './statistics.js';

/**
 * `udp://` for RADIO (connects) and DISH (binds): libzmq's datagrams, and the extension of
 * PROTOCOL.md where both ends are ours. `peers` collects every path's live figures.
 */
export function udpTransport(stats: UdpStatistics, defaults: UdpOptions, peers: Set<UdpPeerStatistics>): EngineTransport {
  const parse = (endpoint: string, role: 'listen' | 'dial'): [UdpEndpoint, ResolvedUdpOptions] => {
    const parsed = parseUdpEndpoint(endpoint, role);
    return [parsed, resolveUdpOptions(defaults, optionsFromQuery(parsed.query, endpoint))];
  };
  return {
    spec: 'zmtp/transport@1',
    schemes: ['udp'],
    capabilities: {
      kind: 'engine',
      reliable: false,
      ordered: false,
      multicast: true,
      // With a zmtp-basket peer (fragmentation); a libzmq peer takes at most 8191 bytes.
      maxMessageSize: resolveUdpOptions(defaults).maxMessageSize,
      socketTypes: ['RADIO', 'DISH'],
      joins: false, // a Dish filters groups itself, so a Radio sends it every group
    },

    checkEndpoint(endpoint: string, role: 'listen' | 'dial') {
      parse(endpoint, role);
    },

    async listen(endpoint: string, options: TransportOptions, accept: AcceptHandler<Engine>): Promise<Listener> {
      const [parsed, udpOptions] = parse(endpoint, 'listen');
      requireType(options.socketType, 'DISH', endpoint, 'bind');
      // A multicast group is joined on a socket bound to the wildcard address and its port.
      const socket = createSocket({ type: 'udp4', reuseAddr: parsed.multicast });
      await bind(socket, parsed.multicast ? '0.0.0.0' : parsed.host, parsed.port, endpoint);
      if (parsed.multicast) {
        try {
          socket.addMembership(parsed.host, parsed.iface);
        } catch (error) {
          socket.close();
          throw new ZmqError('ENODEV', `Cannot join multicast group of "${endpoint}": ${(error as Error).message}`, { cause: error });
        }
      }
      const port = socket.address().port;
      const prefix = parsed.iface === undefined ? '' : `${parsed.iface};`;
      const query = parsed.query === '' ? '' : `?${parsed.query}`;
      const real = `udp://${prefix}${parsed.host}:${port}${query}`;
      const engine = new DishEngine(socket, stats, real, udpOptions, peers);
      accept(engine);
      return {
        endpoint: real,
        async close() {
          engine.destroy();
        },
      };
    },

    async dial(endpoint: string, options: TransportOptions, signal: AbortSignal): Promise<Engine> {
      const [parsed, udpOptions] = parse(endpoint, 'dial');
      requireType(options.socketType, 'RADIO', endpoint, 'connect');
      signal.throwIfAborted();
      const host = isIPv4(parsed.host) ? parsed.host : (await lookup(parsed.host, { family: 4 })).address;
      signal.throwIfAborted();
      const socket = createSocket({ type: 'udp4' });
      await bind(socket, '0.0.0.0', 0, endpoint);
      if (parsed.multicast && parsed.iface !== undefined) socket.setMulticastInterface(parsed.iface);
      if (signal.aborted) {
        socket.close();
        throw signal.reason;
      }
      const engine = new RadioEngine(socket, stats, endpoint, host, parsed.port, udpOptions, (peer) => peers.delete(peer), !parsed.multicast);
      peers.add(engine.peer);
      return engine;
    },
  };
}

function requireType(actual: string, wanted: string, endpoint: string, verb: string): void {
  if (actual !== wanted) {
    throw new ZmqError(
      'ENOTSUP',
      `Cannot ${verb} "${endpoint}" on a ${actual} socket: over udp:// a Dish binds and a Radio connects`,
    );
  }
}

function bind(socket: DgramSocket, address: string, port: number, endpoint: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      socket.close();
      reject(
        error.code === 'EADDRINUSE'
          ? new AddressInUseError(`Cannot bind "${endpoint}": the port is in use; pick another port`)
          : new ZmqError('EADDRNOTAVAIL', `Cannot bind "${endpoint}": ${error.message}`, { cause: error }),
      );
    };
    socket.once('error', failed);
    socket.bind(port, address, () => {
      socket.off('error', failed);
      resolve();
    });
  });
}
