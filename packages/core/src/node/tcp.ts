import { lookup } from 'node:dns/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import type { Connection } from '../contracts/connection.js';
import type { AcceptHandler, Listener, StreamTransport, TransportOptions } from '../contracts/transport.js';
import { ZmqError } from '../errors.js';
import { connectSocket, whenNotAborted } from './connect-socket.js';
import { listenServer } from './listen-server.js';
import { NetConnection } from './net-connection.js';
import { systemErrorCode, toZmqError } from './net-errors.js';
import { formatTcpEndpoint, parseTcpBindEndpoint, parseTcpConnectEndpoint } from './tcp-address.js';

/** libzmq's default for `ZMQ_BACKLOG`. */
const DEFAULT_BACKLOG = 100;

/**
 * The `tcp://` transport over IPv4, with libzmq's endpoint syntax (see
 * `tcp-address.ts`). IPv6 endpoints fail with EPROTONOSUPPORT and point to
 * `@zmtp/transport-ipv6`.
 *
 * Socket options read from `options.socket`: `backlog` (default 100),
 * `tcpKeepalive` (-1 = system default, 0 = off, 1 = on) and `tcpKeepaliveIdle`
 * (seconds). Node cannot set the keepalive count and interval per socket, so
 * `tcpKeepaliveCount` and `tcpKeepaliveInterval` are ignored, like any other
 * option this transport does not know.
 */
export function tcp(): StreamTransport {
  return {
    spec: 'zmtp/transport@1',
    schemes: ['tcp'],
    capabilities: { kind: 'stream', reliable: true, ordered: true, multicast: false },
    checkEndpoint: checkTcpEndpoint,
    listen: listenTcp,
    dial: dialTcp,
  };
}

/**
 * Syntax only, so `connect()` can fail at once: a source interface name is
 * looked up when dialing (it may come up later), as libzmq defers it.
 */
function checkTcpEndpoint(endpoint: string, role: 'listen' | 'dial'): void {
  if (role === 'listen') parseTcpBindEndpoint(endpoint);
  else parseTcpConnectEndpoint(endpoint, () => '0.0.0.0');
}

async function listenTcp(
  endpoint: string,
  options: TransportOptions,
  accept: AcceptHandler<Connection>,
): Promise<Listener> {
  const { host, port } = parseTcpBindEndpoint(endpoint);
  const backlog = integerOption(options.socket.backlog) ?? DEFAULT_BACKLOG;
  const keepalive = keepaliveOf(options.socket);
  const server = createServer({ allowHalfOpen: true, noDelay: true });

  await listenServer(server, { host, port, backlog }, (error) => toZmqError(error, `Cannot bind "${endpoint}"`));
  const bound = server.address() as AddressInfo;
  server.on('connection', (socket: Socket) => {
    if (socket.remoteAddress === undefined || socket.localAddress === undefined) {
      socket.destroy(); // Reset before we saw it.
      return;
    }
    applyKeepalive(socket, keepalive);
    accept(new NetConnection(socket, addressesOf(socket)));
  });

  let open = true;
  return {
    endpoint: formatTcpEndpoint(bound.address, bound.port),
    async close() {
      if (!open) return;
      open = false;
      // Stops listening now; accepted connections are not touched.
      server.close();
    },
  };
}

async function dialTcp(endpoint: string, options: TransportOptions, signal: AbortSignal): Promise<Connection> {
  const target = parseTcpConnectEndpoint(endpoint);
  signal.throwIfAborted();
  const host = target.lookup ? await whenNotAborted(resolveIpv4(target.host, endpoint), signal) : target.host;
  signal.throwIfAborted();
  const keepalive = keepaliveOf(options.socket);

  const socket = await connectSocket(
    {
      host,
      port: target.port,
      localAddress: target.source?.host,
      localPort: target.source?.port || undefined,
      allowHalfOpen: true,
      noDelay: true,
    },
    signal,
    (error) => toZmqError(error, `Cannot connect to "${endpoint}"`),
  );
  applyKeepalive(socket, keepalive);
  return new NetConnection(socket, addressesOf(socket));
}

/** A records only, as libzmq does without `ZMQ_IPV6`. */
async function resolveIpv4(name: string, endpoint: string): Promise<string> {
  try {
    return (await lookup(name, { family: 4 })).address;
  } catch (error) {
    const code = systemErrorCode(error) ?? 'unknown error';
    throw new ZmqError(
      'EHOSTUNREACH',
      `Cannot connect to "${endpoint}": the name "${name}" does not resolve to an IPv4 address (${code}); check the spelling or use a numeric address`,
      { cause: error },
    );
  }
}

function addressesOf(socket: Socket): { localAddress: string; remoteAddress: string } {
  return {
    localAddress: formatTcpEndpoint(socket.localAddress ?? '0.0.0.0', socket.localPort ?? 0),
    remoteAddress: formatTcpEndpoint(socket.remoteAddress ?? '0.0.0.0', socket.remotePort ?? 0),
  };
}

interface Keepalive {
  readonly enable: boolean | undefined;
  readonly idleMs: number;
}

function keepaliveOf(socketOptions: Readonly<Record<string, unknown>>): Keepalive {
  const mode = socketOptions.tcpKeepalive;
  const enable = mode === 1 || mode === true ? true : mode === 0 || mode === false ? false : undefined;
  const idle = integerOption(socketOptions.tcpKeepaliveIdle);
  return { enable, idleMs: idle !== undefined && idle > 0 ? idle * 1000 : 0 };
}

function applyKeepalive(socket: Socket, keepalive: Keepalive): void {
  if (keepalive.enable === true) socket.setKeepAlive(true, keepalive.idleMs);
  else if (keepalive.enable === false) socket.setKeepAlive(false);
}

function integerOption(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}
