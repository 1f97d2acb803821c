import { isIPv4 } from 'node:net';
import { InvalidArgumentError } from '@zmtp/core';
import { systemInterfaces, type InterfaceTable } from './interfaces.js';
import { ipv6LiteralProblem } from './ipv6-literal.js';

/** What a host in an endpoint is. */
export type HostKind = 'wildcard' | 'ipv4' | 'ipv6' | 'name';

/** One `host:port` of an endpoint, checked. */
export interface HostPort {
  readonly kind: HostKind;
  /** As written, without brackets or zone: `*`, `::1`, `127.0.0.1`, `example.com`, `eth0`. */
  readonly host: string;
  /** The zone as an interface name (`%3` is given as the name of interface 3). */
  readonly zone?: string;
  /** 0 for `*` or `0` (bind and source only). */
  readonly port: number;
}

/** A parsed `tcp://` endpoint: where to bind or connect, and for connects an optional source. */
export interface TcpEndpoint {
  readonly target: HostPort;
  /** `tcp://src:port;dst:port`: the local address to connect from. */
  readonly source?: HostPort;
}

export type EndpointRole = 'listen' | 'dial';
type PartRole = 'bind' | 'connect' | 'source';

/**
 * Parses a `tcp://` endpoint with libzmq's grammar (ip_resolver.cpp): the port follows
 * the last ":", one pair of brackets around the host is removed, a zone follows the
 * last "%" and is an interface name or index. Names are not resolved here (DNS names
 * when dialing, interface names when binding), but zones are checked, so a wrong zone
 * fails at once.
 *
 * @throws InvalidArgumentError (EINVAL) whose message quotes the bad part.
 */
export function parseTcpEndpoint(
  endpoint: string,
  role: EndpointRole,
  interfaces: InterfaceTable = systemInterfaces,
): TcpEndpoint {
  const address = addressOf(endpoint);
  const split = address.lastIndexOf(';');
  if (role === 'listen') {
    if (split >= 0) {
      throw new InvalidArgumentError(
        `Cannot bind "${endpoint}": a source address ("src;dst") is only for connect; bind to one address such as "tcp://[::]:5555"`,
      );
    }
    return { target: parsePart(endpoint, address, 'bind', interfaces) };
  }
  if (split < 0) return { target: parsePart(endpoint, address, 'connect', interfaces) };
  const sourcePart = address.slice(0, split);
  const target = parsePart(endpoint, address.slice(split + 1), 'connect', interfaces);
  if (sourcePart === '') {
    throw new InvalidArgumentError(
      `Cannot connect to "${endpoint}": the source address before ";" is empty; write it as "src:port;", for example "tcp://[::1]:0;${address.slice(split + 1)}"`,
    );
  }
  return { target, source: parsePart(endpoint, sourcePart, 'source', interfaces) };
}

/**
 * Whether an endpoint is written with IPv6 syntax anywhere: brackets, a zone, or an
 * unbracketed address with several colons. Core's IPv4 transport refuses these.
 */
export function hasIpv6Syntax(endpoint: string): boolean {
  const separator = endpoint.indexOf('://');
  const address = separator < 0 ? endpoint : endpoint.slice(separator + 3);
  return address.split(';').some((part) => /[[\]%]/.test(part) || part.indexOf(':') !== part.lastIndexOf(':'));
}

/** The host as Node takes it: `fe80::1%eth0`, `::1`, `127.0.0.1`. */
export function nodeHost(part: HostPort): string {
  return part.zone === undefined ? part.host : `${part.host}%${part.zone}`;
}

// ---- pieces -------------------------------------------------------------------

function addressOf(endpoint: string): string {
  if (typeof endpoint !== 'string' || !endpoint.startsWith('tcp://')) {
    throw new InvalidArgumentError(
      `Endpoint "${String(endpoint)}" was given to the tcp transport, which only serves "tcp://" endpoints such as "tcp://[::1]:5555"`,
    );
  }
  const address = endpoint.slice('tcp://'.length);
  if (address === '') {
    throw new InvalidArgumentError(`Invalid endpoint "${endpoint}": the address after "tcp://" is empty; write one, for example "tcp://[::1]:5555"`);
  }
  return address;
}

function parsePart(endpoint: string, part: string, role: PartRole, interfaces: InterfaceTable): HostPort {
  const { hostText, portText, bracketed } = splitHostPort(endpoint, part, role);
  const port = parsePort(endpoint, portText, role);

  const percent = hostText.lastIndexOf('%');
  const host = percent < 0 ? hostText : hostText.slice(0, percent);
  const zoneText = percent < 0 ? undefined : hostText.slice(percent + 1);
  const kind = kindOf(endpoint, host, role, bracketed);

  if (zoneText === undefined) return { kind, host, port };
  if (kind !== 'ipv6') {
    throw new InvalidArgumentError(
      `Endpoint "${endpoint}" has a zone "%${zoneText}" after "${host}", but zones only apply to IPv6 addresses such as "[fe80::1%eth0]"`,
    );
  }
  return { kind, host, port, zone: zoneName(endpoint, hostText, zoneText, interfaces) };
}

function splitHostPort(endpoint: string, part: string, role: PartRole): { hostText: string; portText: string; bracketed: boolean } {
  if (part.startsWith('[')) {
    const close = part.indexOf(']');
    if (close < 0) {
      throw new InvalidArgumentError(
        `Endpoint "${endpoint}" has "[" without a closing "]" in "${part}"; write an IPv6 address in brackets with the port after them, such as "tcp://[::1]:5555"`,
      );
    }
    const rest = part.slice(close + 1);
    if (!rest.startsWith(':')) {
      const what = rest === '' ? 'no port' : `"${rest}" instead of ":port"`;
      throw new InvalidArgumentError(
        `Endpoint "${endpoint}" has ${what} after "${part.slice(0, close + 1)}"; add the port after the brackets, for example "tcp://${part.slice(0, close + 1)}:${exampleTail(role)}"`,
      );
    }
    return { hostText: part.slice(1, close), portText: rest.slice(1), bracketed: true };
  }
  const colon = part.lastIndexOf(':');
  if (part.includes(']')) {
    throw new InvalidArgumentError(`Endpoint "${endpoint}" has "]" without an opening "[" in "${part}"; write IPv6 addresses as "[::1]:5555"`);
  }
  // "tcp://::1" or "tcp://fe80::1%eth0": an address with no port, split at its own last colon.
  const hostOnly = (text: string) => ipv6LiteralProblem(text.split('%')[0]) === undefined;
  if (colon < 0 || (part.slice(0, colon).includes(':') && !hostOnly(part.slice(0, colon)) && hostOnly(part))) {
    const bracket = part.includes(':') ? `[${part}]` : part;
    throw new InvalidArgumentError(
      `Endpoint "${endpoint}" has no port after "${part}"; add one, for example "tcp://${bracket}:${exampleTail(role)}"`,
    );
  }
  return { hostText: part.slice(0, colon), portText: part.slice(colon + 1), bracketed: false };
}

function exampleTail(role: PartRole): string {
  return role === 'bind' ? '5555" or ":*' : role === 'source' ? '0;…' : '5555';
}

function parsePort(endpoint: string, text: string, role: PartRole): number {
  if (text === '*' && role !== 'connect') return 0;
  if (!/^[0-9]{1,5}$/.test(text) || Number(text) > 65535) {
    throw new InvalidArgumentError(
      `Endpoint "${endpoint}" has an invalid port "${text}": use a number from 1 to 65535 (or "*" / "0" for an ephemeral port when binding)`,
    );
  }
  const port = Number(text);
  if (role === 'connect' && port === 0) {
    throw new InvalidArgumentError(
      `Cannot connect to "${endpoint}": port 0 is only for bind; give the port the peer listens on, for example "tcp://[::1]:5555"`,
    );
  }
  return port;
}

function kindOf(endpoint: string, host: string, role: PartRole, bracketed: boolean): HostKind {
  if (host === '') {
    const fix = role === 'connect' ? 'give an address or a DNS name' : 'use "*" for every interface, an address or an interface name';
    throw new InvalidArgumentError(`Endpoint "${endpoint}" has an empty host; ${fix}, for example "tcp://[::1]:5555"`);
  }
  if (host === '*') {
    if (role === 'connect') {
      throw new InvalidArgumentError(
        `Cannot connect to "${endpoint}": the host "*" is only for bind; give the peer's address, for example "tcp://[::1]:5555"`,
      );
    }
    return 'wildcard';
  }
  if (host.includes(':')) {
    const problem = ipv6LiteralProblem(host);
    if (problem) throw new InvalidArgumentError(`Endpoint "${endpoint}" has a malformed IPv6 address "${host}": ${problem}`);
    return 'ipv6';
  }
  if (bracketed) {
    throw new InvalidArgumentError(
      `Endpoint "${endpoint}" has "${host}" in brackets; brackets are only for IPv6 addresses such as "[::1]"; write "${host}" without them`,
    );
  }
  if (/^[0-9.]+$/.test(host)) {
    if (!isIPv4(host)) {
      throw new InvalidArgumentError(
        `Endpoint "${endpoint}" has a malformed IPv4 address "${host}": write four numbers from 0 to 255, such as "192.168.1.17"`,
      );
    }
    return 'ipv4';
  }
  if (role === 'connect' ? !isHostName(host) : /[\s/]/.test(host)) {
    const what = role === 'connect' ? 'an IP address nor a valid DNS name' : 'an IP address nor an interface name';
    throw new InvalidArgumentError(`Endpoint "${endpoint}" has "${host}", which is neither ${what}`);
  }
  return 'name';
}

/** Labels of letters, digits, "-" and "_", each 1 to 63 long, 253 in all, optionally a final ".". */
function isHostName(host: string): boolean {
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name.length === 0 || name.length > 253) return false;
  return name.split('.').every((label) => /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/.test(label));
}

/** The interface name for a zone, as libzmq checks it: empty, 0 and unknown zones are errors. */
function zoneName(endpoint: string, hostText: string, zone: string, interfaces: InterfaceTable): string {
  if (zone === '') {
    throw new InvalidArgumentError(
      `Endpoint "${endpoint}" has an empty zone after "%" in "${hostText}"; name the interface ("%eth0") or give its index ("%2"), or drop the "%"`,
    );
  }
  if (/^[0-9]+$/.test(zone)) {
    const index = Number(zone);
    const name = index > 0 ? interfaces.nameOfIndex(index) : undefined;
    if (name !== undefined) return name;
    throw new InvalidArgumentError(
      `Endpoint "${endpoint}" has the zone "%${zone}", but no network interface has index ${zone}; ` +
        `use an interface name or index that exists here (see "ip link")`,
    );
  }
  if (interfaces.has(zone)) return zone;
  const urlEncoded = zone.startsWith('25') && interfaces.has(zone.slice(2));
  throw new InvalidArgumentError(
    `Endpoint "${endpoint}" has the zone "%${zone}", but no network interface is called "${zone}"` +
      (urlEncoded ? `; write the zone with a plain "%" ("%${zone.slice(2)}"), not URL-encoded as "%25"` : '; use an interface name or index that exists here (see "ip link")'),
  );
}
