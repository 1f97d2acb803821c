import type { Socket as NetSocket } from 'node:net';
import { InvalidArgumentError, ZmqError, type Connection, type ErrorCode, type TransportOptions } from '@zmtp/core';
import { NetConnection, connectSocket, systemErrorCode, toZmqError, whenNotAborted } from '@zmtp/core/node';
import { nodeHost, type HostPort, type TcpEndpoint } from './endpoint.js';
import { formatTcpEndpoint } from './format.js';
import { AttemptsFailedError, interleaveFamilies, raceAttempts } from './happy-eyeballs.js';
import type { InterfaceTable } from './interfaces.js';
import { applyKeepalive } from './keepalive.js';
import { addressesOf } from './net-addresses.js';
import type { AddressMode, Ipv6Settings } from './options.js';
import { resolveHost, type ResolvedAddress } from './resolver.js';

/** Local addresses to connect from, per family, and the local port (0: any). */
interface SourceAddresses {
  readonly byFamily: { readonly 4?: string; readonly 6?: string };
  readonly port: number;
}

/**
 * Connects to a parsed endpoint. Names are resolved on every call (so each reconnect
 * follows DNS changes) and raced with Happy Eyeballs v2 over all their addresses,
 * of both families unless the mode allows only one. The winner becomes the Connection;
 * the other attempts are closed.
 */
export async function dialIpv6(
  endpoint: string,
  parsed: TcpEndpoint,
  mode: AddressMode,
  options: TransportOptions,
  settings: Ipv6Settings,
  signal: AbortSignal,
): Promise<Connection> {
  signal.throwIfAborted();
  const source = parsed.source && sourceAddresses(endpoint, parsed.source, mode, settings.interfaces);
  const { target } = parsed;
  let candidates: ResolvedAddress[];
  if (target.kind === 'name') {
    const family = mode === 'ipv4' ? 4 : mode === 'ipv6-only' ? 6 : 0;
    const found = await whenNotAborted(resolveHost(settings.resolver, target.host, family, endpoint), signal);
    candidates = interleaveFamilies(found);
  } else if (target.kind === 'ipv4') {
    if (mode === 'ipv6-only') {
      throw new InvalidArgumentError(
        `Cannot connect to "${endpoint}": "${target.host}" is an IPv4 address, but the socket's ipv6Only option is on; use an IPv6 address or turn ipv6Only off`,
      );
    }
    candidates = [{ address: target.host, family: 4 }];
  } else {
    candidates = [{ address: nodeHost(target), family: 6 }];
  }
  if (source) {
    candidates = candidates.filter((c) => source.byFamily[c.family] !== undefined);
    if (candidates.length === 0) {
      throw new InvalidArgumentError(
        `Cannot connect to "${endpoint}": the source address has no address of the target's family (IPv4 or IPv6); ` +
          `give a source of the same family, "*", or an interface with such an address`,
      );
    }
  }
  signal.throwIfAborted();

  let socket: NetSocket;
  try {
    socket = await raceAttempts(
      candidates,
      (candidate, attemptSignal) =>
        connectSocket(
          {
            host: candidate.address,
            port: target.port,
            localAddress: source?.byFamily[candidate.family],
            localPort: source?.port || undefined,
            allowHalfOpen: true,
            noDelay: true,
          },
          attemptSignal,
          (error) => toZmqError(error, `Cannot connect to "${endpoint}" at ${formatTcpEndpoint(candidate.address, target.port)}`),
        ),
      { attemptDelay: settings.attemptDelay, signal, discard: (late) => late.destroy() },
    );
  } catch (error) {
    throw error instanceof AttemptsFailedError ? combinedFailure(endpoint, target.port, error) : error;
  }
  applyKeepalive(socket, options.socket);
  return new NetConnection(socket, addressesOf(socket));
}

/** The local address for each family that `tcp://src:port;...` allows. */
function sourceAddresses(endpoint: string, source: HostPort, mode: AddressMode, interfaces: InterfaceTable): SourceAddresses {
  const v4 = mode !== 'ipv6-only';
  const v6 = mode !== 'ipv4';
  switch (source.kind) {
    case 'wildcard':
      return { byFamily: { 4: v4 ? '0.0.0.0' : undefined, 6: v6 ? '::' : undefined }, port: source.port };
    case 'ipv4':
      return { byFamily: { 4: v4 ? source.host : undefined }, port: source.port };
    case 'ipv6':
      return { byFamily: { 6: v6 ? nodeHost(source) : undefined }, port: source.port };
    case 'name': {
      const found = interfaces.addresses(source.host) ?? [];
      const first = (family: 4 | 6) => found.find((a) => a.family === family)?.address;
      const byFamily = { 4: v4 ? first(4) : undefined, 6: v6 ? first(6) : undefined };
      if (byFamily[4] === undefined && byFamily[6] === undefined) {
        throw new ZmqError(
          'ENODEV',
          `Cannot use "${source.host}" in "${endpoint}" as a source address: it is not the name of a network interface with ` +
            `${v6 ? (v4 ? 'an' : 'an IPv6') : 'an IPv4'} address; use a numeric address, "*", or an interface name such as "lo"`,
        );
      }
      return { byFamily, port: source.port };
    }
  }
}

/** One error for a failed race: the first attempt's code, each address's reason in the message. */
function combinedFailure(endpoint: string, port: number, failed: AttemptsFailedError<ResolvedAddress>): ZmqError {
  if (failed.failures.length === 1) return failed.failures[0].error as ZmqError;
  const reasons = failed.failures.map(({ candidate, error }) => {
    const cause = (error as { cause?: unknown }).cause;
    const reason = systemErrorCode(cause) ?? (error as ZmqError).code ?? String(error);
    return `${formatTcpEndpoint(candidate.address, port).slice('tcp://'.length)} ${reason}`;
  });
  const code: ErrorCode = (failed.failures[0].error as ZmqError).code ?? 'EHOSTUNREACH';
  return new ZmqError(code, `Cannot connect to "${endpoint}": every address failed (${reasons.join(', ')})`, { cause: failed });
}
