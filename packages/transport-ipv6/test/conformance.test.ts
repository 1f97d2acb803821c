// The shared conformance suite, transport and socket levels, over IPv6: our tcp
// transport with ipv6 on, bound to [::1], and bound to an IPv4 address in its
// IPv4-mapped form (the endpoint reads tcp://[::ffff:127.0.0.1]:p).
import { socketSuite, transportSuite, type TransportSubject } from '@zmtp/conformance';
import { ipv6 } from '@zmtp/transport-ipv6';
import type { StreamTransport } from '@zmtp/core';

const transport = (): StreamTransport => ipv6().transports![0] as StreamTransport;

const subjects: TransportSubject[] = [
  {
    name: 'tcp over [::1] (ipv6: true)',
    capabilities: transport().capabilities,
    addresses: { listen: () => 'tcp://[::1]:*' },
    setup: () => ({ transport: transport(), socketOptions: { ipv6: true } }),
  },
  {
    name: 'tcp over IPv4-mapped 127.0.0.1 (ipv6: true)',
    capabilities: transport().capabilities,
    addresses: { listen: () => 'tcp://127.0.0.1:*' },
    setup: () => ({ transport: transport(), socketOptions: { ipv6: true } }),
  },
];

for (const subject of subjects) {
  transportSuite(subject);
  socketSuite(subject);
}
