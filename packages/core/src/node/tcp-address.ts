import { networkInterfaces } from 'node:os';
import { addressForScheme } from '../endpoint.js';
import { InvalidArgumentError, ProtocolNotSupportedError, ZmqError } from '../errors.js';

/** A numeric IPv4 address and a port (0 = pick an ephemeral port). */
export interface TcpHostPort {
  readonly host: string;
  readonly port: number;
}

/** Where to connect: `host` is numeric unless `lookup` says it is a DNS name to resolve. */
export interface TcpConnectTarget extends TcpHostPort {
  /** True when `host` is a DNS name (resolved to an A record when dialing). */
  readonly lookup: boolean;
  /** The local address to connect from (`tcp://src:port;dst:port`). */
  readonly source?: TcpHostPort;
}

/** Finds the IPv4 address of a network interface by name (`lo`, `eth0`), or undefined. */
export type InterfaceResolver = (name: string) => string | undefined;

/** The first IPv4 address of the named interface, from `os.networkInterfaces()`. */
export const ipv4OfInterface: InterfaceResolver = (name) => {
  const all = networkInterfaces();
  const addresses = Object.prototype.hasOwnProperty.call(all, name) ? all[name] : undefined;
  // Node reports the family as 'IPv4' (or the number 4 on some 18.x releases).
  return addresses?.find((entry) => entry.family === 'IPv4' || (entry.family as unknown) === 4)?.address;
};

/** `tcp://host:port` as libzmq prints it. */
export function formatTcpEndpoint(host: string, port: number): string {
  return `tcp://${host}:${port}`;
}

/**
 * Parses a bind endpoint as libzmq does: the host is `*`, a numeric IPv4
 * address or a network interface name (never a DNS name); the port is a
 * number, or `*` / `0` for an ephemeral one.
 */
export function parseTcpBindEndpoint(endpoint: string, resolveInterface: InterfaceResolver = ipv4OfInterface): TcpHostPort {
  const address = addressForScheme(endpoint, 'tcp');
  if (address.includes(';')) {
    throw new InvalidArgumentError(
      `Cannot bind "${endpoint}": a source address ("src;dst") is only for connect; bind to one address such as "tcp://*:5555"`,
    );
  }
  return parseLocalPart(endpoint, address, 'bind', resolveInterface);
}

/**
 * Parses a connect endpoint as libzmq does: the host is a numeric IPv4
 * address or a DNS name, the port a number, optionally preceded by a source
 * address and `;` (`tcp://192.168.1.17:0;server:5555`; the source takes a
 * numeric address, `*` or an interface name, and a port that may be `0`/`*`).
 */
export function parseTcpConnectEndpoint(
  endpoint: string,
  resolveInterface: InterfaceResolver = ipv4OfInterface,
): TcpConnectTarget {
  const address = addressForScheme(endpoint, 'tcp');
  const split = address.lastIndexOf(';');
  const target = split < 0 ? address : address.slice(split + 1);
  const sourcePart = split < 0 ? undefined : address.slice(0, split);
  rejectIpv6(endpoint, target);
  if (sourcePart !== undefined) rejectIpv6(endpoint, sourcePart);

  const { host, portText } = splitHostPort(endpoint, target, 'connect');
  if (portText === '*') {
    throw new InvalidArgumentError(
      `Cannot connect to "${endpoint}": the port "*" is only for bind; give the port the peer listens on, for example "tcp://127.0.0.1:5555"`,
    );
  }
  const port = parsePort(endpoint, portText);
  if (port === 0) {
    throw new InvalidArgumentError(
      `Cannot connect to "${endpoint}": port 0 is only for bind; give the port the peer listens on, for example "tcp://127.0.0.1:5555"`,
    );
  }
  if (host === '' || host === '*') {
    throw new InvalidArgumentError(
      `Cannot connect to "${endpoint}": the host "${host}" is not an address; give an IPv4 address or a DNS name, for example "tcp://127.0.0.1:5555"`,
    );
  }

  let lookup: boolean;
  if (looksNumeric(host)) {
    if (!isIpv4(host)) throw malformedIpv4(endpoint, host);
    lookup = false;
  } else if (isHostName(host)) {
    lookup = true;
  } else {
    throw new InvalidArgumentError(
      `Cannot connect to "${endpoint}": "${host}" is neither an IPv4 address nor a valid DNS name`,
    );
  }

  if (sourcePart === undefined) return { host, port, lookup };
  if (sourcePart === '') {
    throw new InvalidArgumentError(
      `Cannot connect to "${endpoint}": the source address before ";" is empty; write it as "src:port;", for example "tcp://eth0:0;${target}"`,
    );
  }
  const source = parseLocalPart(endpoint, sourcePart, 'source', resolveInterface);
  return { host, port, lookup, source };
}

// ---- pieces -------------------------------------------------------------------

type Role = 'bind' | 'connect' | 'source';

function parseLocalPart(endpoint: string, part: string, role: 'bind' | 'source', resolveInterface: InterfaceResolver): TcpHostPort {
  rejectIpv6(endpoint, part);
  const { host, portText } = splitHostPort(endpoint, part, role);
  const port = portText === '*' ? 0 : parsePort(endpoint, portText);
  const verb = role === 'bind' ? 'bind' : 'connect from';
  if (host === '') {
    throw new InvalidArgumentError(
      `Cannot ${verb} "${endpoint}": the host is empty; use "*" for every interface, an IPv4 address or an interface name`,
    );
  }
  if (host === '*') return { host: '0.0.0.0', port };
  if (looksNumeric(host)) {
    if (!isIpv4(host)) throw malformedIpv4(endpoint, host);
    return { host, port };
  }
  const resolved = resolveInterface(host);
  if (resolved !== undefined) return { host: resolved, port };
  const what = role === 'bind' ? `bind "${host}" in "${endpoint}"` : `use "${host}" in "${endpoint}" as a source address`;
  throw new ZmqError(
    'ENODEV',
    `Cannot ${what}: it is not an IPv4 address or the name of a network interface with an IPv4 address. ` +
      `DNS names are not resolved here (as in libzmq); use a numeric address such as "127.0.0.1", "*" for every interface, ` +
      `or an interface name such as "lo"`,
  );
}

function splitHostPort(endpoint: string, part: string, role: Role): { host: string; portText: string } {
  const colon = part.lastIndexOf(':');
  if (colon < 0) {
    const example =
      role === 'bind' ? `"tcp://${part}:5555" or "tcp://${part}:*"` : role === 'source' ? `"tcp://${part}:0;…"` : `"tcp://${part}:5555"`;
    throw new InvalidArgumentError(`Endpoint "${endpoint}" has no port after "${part}"; add one, for example ${example}`);
  }
  return { host: part.slice(0, colon), portText: part.slice(colon + 1) };
}

function parsePort(endpoint: string, text: string): number {
  if (!/^[0-9]{1,5}$/.test(text) || Number(text) > 65535) {
    throw new InvalidArgumentError(
      `Endpoint "${endpoint}" has an invalid port "${text}": use a number from 1 to 65535 (or "*" / "0" for an ephemeral port when binding)`,
    );
  }
  return Number(text);
}

function rejectIpv6(endpoint: string, part: string): void {
  const firstColon = part.indexOf(':');
  if (part.startsWith('[') || (firstColon >= 0 && part.indexOf(':', firstColon + 1) >= 0)) {
    throw new ProtocolNotSupportedError(
      `IPv6 endpoint "${endpoint}" is not served by @zmtp/core, whose tcp transport speaks IPv4 only. ` +
        `Install the @zmtp/transport-ipv6 package and call context.use(ipv6()) to enable IPv6 literals, zone ids and dual stack`,
    );
  }
}

function looksNumeric(host: string): boolean {
  return /^[0-9.]+$/.test(host);
}

const octet = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const ipv4Pattern = new RegExp(`^${octet}\\.${octet}\\.${octet}\\.${octet}$`);

/** A dotted-quad IPv4 literal without leading zeros (as inet_pton accepts). */
export function isIpv4(text: string): boolean {
  return ipv4Pattern.test(text);
}

function malformedIpv4(endpoint: string, host: string): InvalidArgumentError {
  return new InvalidArgumentError(
    `Endpoint "${endpoint}" has a malformed IPv4 address "${host}": write four numbers from 0 to 255, such as "192.168.1.17"`,
  );
}

// Letters, digits, '-' and '_' in dot-separated labels of up to 63 characters.
const hostNamePattern = /^(?=.{1,253}\.?$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

function isHostName(host: string): boolean {
  return hostNamePattern.test(host);
}
