import { isIPv4 } from 'node:net';
import { networkInterfaces } from 'node:os';
import { InvalidArgumentError, ZmqError } from '@zmtp/core';

/** A `udp://[interface;]host:port` endpoint, read. */
export interface UdpEndpoint {
  /** IPv4 address of the interface to use for multicast, if one was given. */
  readonly iface?: string;
  /** `0.0.0.0` for `*`, else the host as written. */
  readonly host: string;
  /** 0 for `*` (an ephemeral port, only when binding). */
  readonly port: number;
  readonly multicast: boolean;
  /** What followed `?` (options such as `congestion=tfrc`), without the `?`; '' if none. */
  readonly query: string;
}

const example = 'udp://127.0.0.1:5555, udp://*:5555, udp://eth0;239.1.1.1:5555 or udp://127.0.0.1:5555?congestion=ccid2';

/** Reads an endpoint; throws EINVAL saying what a valid one looks like. */
export function parseUdpEndpoint(endpoint: string, role: 'listen' | 'dial'): UdpEndpoint {
  if (!endpoint.startsWith('udp://')) {
    throw new InvalidArgumentError(`"${endpoint}" is not a udp:// endpoint; use for example ${example}`);
  }
  let rest = endpoint.slice('udp://'.length);
  const question = rest.indexOf('?');
  const query = question < 0 ? '' : rest.slice(question + 1);
  if (question >= 0) rest = rest.slice(0, question);
  let ifaceName: string | undefined;
  const semicolon = rest.indexOf(';');
  if (semicolon >= 0) {
    ifaceName = rest.slice(0, semicolon);
    rest = rest.slice(semicolon + 1);
  }
  const colon = rest.lastIndexOf(':');
  if (colon <= 0) throw new InvalidArgumentError(`"${endpoint}" has no host:port; use for example ${example}`);
  const hostText = rest.slice(0, colon);
  const portText = rest.slice(colon + 1);
  let port: number;
  if (portText === '*' && role === 'listen') port = 0;
  else {
    port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 1 && port <= 65535)) {
      throw new InvalidArgumentError(
        `"${endpoint}": the port must be 1 to 65535${role === 'listen' ? ' or *' : ''}; got "${portText}"`,
      );
    }
  }
  if (hostText === '*' && role === 'dial') {
    throw new InvalidArgumentError(`"${endpoint}": a Radio connects to a host, not "*"; give the Dish's address`);
  }
  const host = hostText === '*' ? '0.0.0.0' : hostText;
  if (hostText.startsWith('[') || hostText.includes(':')) {
    throw new ZmqError('ENOTSUP', `"${endpoint}": udp:// supports IPv4 only here; give an IPv4 address`);
  }
  if (role === 'listen' && !isIPv4(host)) {
    throw new InvalidArgumentError(`"${endpoint}": bind to "*", an IPv4 address or an IPv4 multicast group`);
  }
  const multicast = isIPv4(host) && isMulticast(host);
  const iface = ifaceName === undefined || ifaceName === '*' ? undefined : interfaceAddress(ifaceName, endpoint);
  return { iface, host, port, multicast, query };
}

function isMulticast(ipv4: string): boolean {
  const first = Number(ipv4.split('.')[0]);
  return first >= 224 && first <= 239;
}

/** An interface given as an IPv4 address or a name (`eth0`), as its IPv4 address. */
function interfaceAddress(name: string, endpoint: string): string {
  if (isIPv4(name)) return name;
  const found = networkInterfaces()[name]?.find((entry) => entry.family === 'IPv4');
  if (!found) {
    throw new ZmqError('ENODEV', `"${endpoint}": no interface "${name}" with an IPv4 address; give its name or address`);
  }
  return found.address;
}
