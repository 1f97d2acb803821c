import { InvalidArgumentError, ZmqError, type StreamTransport } from '@zmtp/core';
import { tcp } from '@zmtp/core/node';
import { dialIpv6 } from './dial.js';
import { hasIpv6Syntax, parseTcpEndpoint, type EndpointRole, type HostPort } from './endpoint.js';
import { mappedIpv4 } from './ipv6-literal.js';
import { listenIpv6 } from './listen.js';
import { addressModeOf, type Ipv6Settings } from './options.js';

/**
 * The `tcp://` transport with IPv6. A socket with `ipv6` off is served by core's IPv4
 * transport unchanged (as libzmq without `ZMQ_IPV6`), except that host names go through
 * the plugin's resolver and IPv4-mapped addresses are read as the IPv4 address they hold.
 * With `ipv6` or `ipv6Only` on, this package listens and dials itself.
 */
export function ipv6Tcp(settings: Ipv6Settings): StreamTransport {
  const ipv4 = tcp();
  const parse = (endpoint: string, role: EndpointRole) => parseTcpEndpoint(endpoint, role, settings.interfaces);

  /** With `ipv6` off: the endpoint in core's IPv4 syntax, or an error for a real IPv6 address. */
  const asIpv4 = (endpoint: string, role: EndpointRole): string => {
    if (!hasIpv6Syntax(endpoint)) return endpoint;
    const { target, source } = parse(endpoint, role);
    const text = (part: HostPort): string => `${ipv4HostOf(endpoint, part, role)}:${part.port}`;
    return `tcp://${source ? `${text(source)};` : ''}${text(target)}`;
  };

  return {
    spec: 'zmtp/transport@1',
    schemes: ['tcp'],
    capabilities: { kind: 'stream', reliable: true, ordered: true, multicast: false },

    checkEndpoint(endpoint, role) {
      // IPv4-only endpoints get core's checks and messages; the socket's ipv6 option is not known here.
      if (hasIpv6Syntax(endpoint)) parse(endpoint, role);
      else ipv4.checkEndpoint?.(endpoint, role);
    },

    async listen(endpoint, options, accept) {
      const mode = addressModeOf(options.socket);
      if (mode === 'ipv4') return ipv4.listen(asIpv4(endpoint, 'listen'), options, accept);
      return listenIpv6(endpoint, parse(endpoint, 'listen').target, mode, options, settings.interfaces, accept);
    },

    async dial(endpoint, options, signal) {
      const mode = addressModeOf(options.socket);
      if (mode === 'ipv4') {
        const ipv4Endpoint = asIpv4(endpoint, 'dial');
        const parsed = parse(ipv4Endpoint, 'dial');
        // Names go through the plugin's resolver (A records only); numeric targets to core.
        if (parsed.target.kind !== 'name') return ipv4.dial(ipv4Endpoint, options, signal);
        return dialIpv6(endpoint, parsed, mode, options, settings, signal);
      }
      return dialIpv6(endpoint, parse(endpoint, 'dial'), mode, options, settings, signal);
    },
  };
}

/** An IPv4 host for core's transport: IPv4-mapped addresses unwrap (libzmq's AF_INET lookup does too). */
function ipv4HostOf(endpoint: string, part: HostPort, role: EndpointRole): string {
  if (part.kind !== 'ipv6') return part.host;
  const ipv4 = part.zone === undefined ? mappedIpv4(part.host) : undefined;
  if (ipv4 !== undefined) return ipv4;
  const fix = `set the socket option ipv6: true (libzmq's ZMQ_IPV6) to use IPv6, or ipv6Only: true for IPv6 alone`;
  const problem = `"${part.host}" is an IPv6 address, but the socket's ipv6 option is off; ${fix}`;
  // libzmq's bind fails with ENODEV here; its connect keeps retrying a resolution that fails.
  if (role === 'listen') throw new ZmqError('ENODEV', `Cannot bind "${endpoint}": ${problem}`);
  throw new InvalidArgumentError(`Cannot connect to "${endpoint}": ${problem}`);
}
