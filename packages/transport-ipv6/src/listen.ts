import { createServer, type AddressInfo, type Server, type Socket as NetSocket } from 'node:net';
import { ZmqError, type AcceptHandler, type Connection, type Listener, type TransportOptions } from '@zmtp/core';
import { NetConnection, listenServer, toZmqError } from '@zmtp/core/node';
import { nodeHost, type HostPort } from './endpoint.js';
import { formatTcpEndpoint } from './format.js';
import type { InterfaceTable } from './interfaces.js';
import { applyKeepalive } from './keepalive.js';
import { addressesOf } from './net-addresses.js';
import type { AddressMode } from './options.js';

/** libzmq's default for `ZMQ_BACKLOG`. */
const DEFAULT_BACKLOG = 100;
/** Binding several addresses to one ephemeral port can collide; tries this often. */
const SHARED_PORT_TRIES = 5;

/** One socket address to listen on. */
interface BindAddress {
  readonly host: string;
  readonly ipv6Only: boolean;
}

/**
 * Listens as libzmq does with `ZMQ_IPV6` set: `*` is `[::]`, dual-stack unless
 * `ipv6Only`; an IPv4 address is bound in its IPv4-mapped form, so `lastEndpoint` reads
 * `tcp://[::ffff:127.0.0.1]:p`. Beyond libzmq, an interface name binds all of the
 * interface's addresses (IPv6 first, then IPv4) on one port; the listener reports the
 * first.
 */
export async function listenIpv6(
  endpoint: string,
  target: HostPort,
  mode: Exclude<AddressMode, 'ipv4'>,
  options: TransportOptions,
  interfaces: InterfaceTable,
  accept: AcceptHandler<Connection>,
): Promise<Listener> {
  const addresses = bindAddresses(endpoint, target, mode, interfaces);
  const backlog = typeof options.socket.backlog === 'number' && options.socket.backlog >= 0 ? options.socket.backlog : DEFAULT_BACKLOG;
  const servers = await listenAll(endpoint, addresses, target.port, backlog);

  for (const server of servers) {
    server.on('connection', (socket: NetSocket) => {
      if (socket.remoteAddress === undefined || socket.localAddress === undefined) {
        socket.destroy(); // Reset before we saw it.
        return;
      }
      applyKeepalive(socket, options.socket);
      accept(new NetConnection(socket, addressesOf(socket)));
    });
  }

  const first = servers[0].address() as AddressInfo;
  let open = true;
  return {
    endpoint: formatTcpEndpoint(first.address, first.port),
    async close() {
      if (!open) return;
      open = false;
      // Stops listening now; accepted connections are not touched.
      for (const server of servers) server.close();
    },
  };
}

function bindAddresses(endpoint: string, target: HostPort, mode: Exclude<AddressMode, 'ipv4'>, interfaces: InterfaceTable): BindAddress[] {
  const ipv6Only = mode === 'ipv6-only';
  switch (target.kind) {
    case 'wildcard':
      return [{ host: '::', ipv6Only }];
    case 'ipv6':
      return [{ host: nodeHost(target), ipv6Only }];
    case 'ipv4':
      if (ipv6Only) throw ipv4Refused(endpoint, target.host);
      return [{ host: `::ffff:${target.host}`, ipv6Only: false }];
    case 'name': {
      const found = interfaces.addresses(target.host);
      if (found === undefined) {
        throw new ZmqError(
          'ENODEV',
          `Cannot bind "${target.host}" in "${endpoint}": it is not an IP address or the name of a network interface. ` +
            `DNS names are not resolved for bind (as in libzmq); use "*" for every interface, a numeric address such as "[::1]", or an interface name such as "lo"`,
        );
      }
      const usable = found.filter((a) => a.family === 6 || !ipv6Only);
      if (usable.length === 0) {
        throw new ZmqError(
          'ENODEV',
          `Cannot bind "${endpoint}": the interface "${target.host}" has no ${ipv6Only ? 'IPv6 ' : ''}address; ` +
            `give it one, bind another interface, or bind "*"`,
        );
      }
      return usable.map((a) => ({ host: a.family === 6 ? a.address : `::ffff:${a.address}`, ipv6Only }));
    }
  }
}

function ipv4Refused(endpoint: string, host: string): ZmqError {
  return new ZmqError(
    'ENODEV',
    `Cannot bind "${endpoint}": "${host}" is an IPv4 address, but the socket's ipv6Only option is on; bind an IPv6 address or turn ipv6Only off`,
  );
}

/**
 * Binds every address on one port. With an ephemeral port the first address picks it
 * and the rest follow; if one of them finds the port taken, all start again.
 */
async function listenAll(endpoint: string, addresses: readonly BindAddress[], port: number, backlog: number): Promise<Server[]> {
  for (let tries = 1; ; tries++) {
    const servers: Server[] = [];
    try {
      for (const { host, ipv6Only } of addresses) {
        const server = createServer({ allowHalfOpen: true, noDelay: true });
        const shared = servers.length === 0 ? port : (servers[0].address() as AddressInfo).port;
        const where = addresses.length > 1 ? ` (address ${host})` : '';
        await listenServer(server, { host, port: shared, backlog, ipv6Only }, (error) =>
          toZmqError(error, `Cannot bind "${endpoint}"${where}`),
        );
        servers.push(server);
      }
      return servers;
    } catch (error) {
      for (const server of servers) server.close();
      const collided = port === 0 && servers.length > 0 && (error as ZmqError).code === 'EADDRINUSE';
      if (!collided || tries >= SHARED_PORT_TRIES) throw error;
    }
  }
}
