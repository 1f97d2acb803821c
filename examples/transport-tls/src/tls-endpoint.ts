import { InvalidArgumentError } from '@zmtp/core';

/** A parsed `tls://host:port` endpoint. */
export interface TlsEndpoint {
  /** An IPv4 address, a DNS name (dial only), or `0.0.0.0` for `*` (listen only). */
  readonly host: string;
  /** 0 means "any free port" (listen only). */
  readonly port: number;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/**
 * Parses a tls:// endpoint the way libzmq writes tcp:// ones: `tls://127.0.0.1:5555`,
 * `tls://*:*` to listen on every interface and a free port, `tls://example.com:5555`
 * to dial. Throws EINVAL with the fix for anything else.
 */
export function parseTlsEndpoint(endpoint: string, role: 'listen' | 'dial'): TlsEndpoint {
  if (typeof endpoint !== 'string' || !endpoint.startsWith('tls://')) {
    throw new InvalidArgumentError(`The tls transport takes endpoints like "tls://127.0.0.1:5555"; got ${JSON.stringify(endpoint)}`);
  }
  const rest = endpoint.slice('tls://'.length);
  const colon = rest.lastIndexOf(':');
  if (colon < 0) throw new InvalidArgumentError(`"${endpoint}" has no port; write it as tls://host:port`);
  const host = rest.slice(0, colon);
  const portText = rest.slice(colon + 1);
  if (host.startsWith('[') || host.includes(':')) {
    throw new InvalidArgumentError(`"${endpoint}": this example transport speaks IPv4 only; use an IPv4 address or a host name`);
  }
  let port: number;
  if (portText === '*') port = 0;
  else if (/^\d{1,5}$/.test(portText) && Number(portText) <= 65535) port = Number(portText);
  else throw new InvalidArgumentError(`"${endpoint}": the port "${portText}" must be a number from 0 to 65535, or * to listen on any free port`);
  if (role === 'dial') {
    if (port === 0) throw new InvalidArgumentError(`"${endpoint}": a dial needs a real port, not ${portText}`);
    if (host === '*') throw new InvalidArgumentError(`"${endpoint}": "*" is only for listening; dial a host`);
    if (!IPV4.test(host) && !DNS_NAME.test(host)) {
      throw new InvalidArgumentError(`"${endpoint}": "${host}" is neither an IPv4 address nor a host name`);
    }
    return { host, port };
  }
  if (host === '*') return { host: '0.0.0.0', port };
  if (!IPV4.test(host)) {
    throw new InvalidArgumentError(`"${endpoint}": listen on an IPv4 address of this machine, or "*" for all of them; got "${host}"`);
  }
  return { host, port };
}

/** The endpoint string for an address and port. */
export function formatTlsEndpoint(host: string | undefined, port: number | undefined): string {
  return `tls://${host ?? 'unknown'}:${port ?? 0}`;
}
