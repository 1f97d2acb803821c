import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { InvalidArgumentError } from '@zmtp/core';

/** 9000, '127.0.0.1:9000', '[::1]:9000', or { host, port }. */
export type UdpAddressLike = number | string | { host?: string; port: number };

export interface UdpAddress {
  host: string;
  port: number;
  family: 'udp4' | 'udp6';
}

function checkPort(port: number, what: string): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(`${what} port must be an integer from 0 to 65535, got ${String(port)}`);
  }
  return port;
}

/** Splits and checks an address; the host may still be a name. */
export function parseUdpAddress(value: UdpAddressLike, what: string, defaultHost = '127.0.0.1'): { host: string; port: number } {
  if (typeof value === 'number') return { host: defaultHost, port: checkPort(value, what) };
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return { host: defaultHost, port: checkPort(Number(value), what) };
    // Split at the last ':' like libzmq; brackets are optional around IPv6 literals.
    const colon = value.lastIndexOf(':');
    const port = Number(value.slice(colon + 1));
    const host = value.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
    if (colon <= 0 || !/^\d+$/.test(value.slice(colon + 1)) || host === '') {
      throw new InvalidArgumentError(`${what} '${value}' is not host:port; write e.g. '127.0.0.1:9000' or '[::1]:9000'`);
    }
    return { host, port: checkPort(port, what) };
  }
  if (typeof value === 'object' && value !== null && typeof value.port === 'number') {
    return { host: value.host ?? defaultHost, port: checkPort(value.port, what) };
  }
  throw new InvalidArgumentError(`${what} must be a port, 'host:port' or { host, port }, got ${String(value)}`);
}

/** Parses and resolves a name to one numeric address. */
export async function resolveUdpAddress(value: UdpAddressLike, what: string): Promise<UdpAddress> {
  const { host, port } = parseUdpAddress(value, what);
  let address = host;
  if (isIP(host) === 0) {
    try {
      address = (await lookup(host)).address;
    } catch (error) {
      throw new InvalidArgumentError(`${what} host '${host}' does not resolve (${(error as Error).message}); use an IP address`);
    }
  }
  return { host: address, port, family: isIP(address) === 6 ? 'udp6' : 'udp4' };
}
