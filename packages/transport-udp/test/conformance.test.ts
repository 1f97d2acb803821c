// The shared conformance suites over udp://, with the datagram capabilities the transport
// declares (unreliable, unordered, its message size limit, RADIO and DISH only): the
// stream and ZMTP-engine checks skip with their reasons, the Radio/Dish checks run.
import { socketSuite, transportSuite, type TransportSubject } from '@zmtp/conformance';
import type { EngineTransport } from '@zmtp/core';
import { udp } from '@zmtp/transport-udp';

const transport = (): EngineTransport => udp().transports![0] as EngineTransport;

const subject: TransportSubject = {
  name: 'udp (unicast 127.0.0.1)',
  capabilities: transport().capabilities,
  addresses: {
    listen: () => 'udp://127.0.0.1:*',
    invalid: () => ['udp://127.0.0.1', 'udp://127.0.0.1:99999', 'udp://127.0.0.1:port'],
  },
  setup: () => ({ transport: transport() }),
};

transportSuite(subject);
socketSuite(subject);
