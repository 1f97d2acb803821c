import { describe, expect, it } from 'vitest';
import { ZmqError } from '@zmtp/core';
import { parseUdpEndpoint } from './endpoint.js';

describe('udp:// endpoints', () => {
  it('reads unicast, wildcard and multicast endpoints', () => {
    expect(parseUdpEndpoint('udp://*:5555', 'listen')).toEqual({ host: '0.0.0.0', port: 5555, multicast: false, iface: undefined, query: '' });
    expect(parseUdpEndpoint('udp://127.0.0.1:*', 'listen').port).toBe(0);
    expect(parseUdpEndpoint('udp://127.0.0.1;239.1.2.3:7000', 'listen')).toEqual({
      iface: '127.0.0.1',
      host: '239.1.2.3',
      port: 7000,
      multicast: true,
      query: '',
    });
    expect(parseUdpEndpoint('udp://127.0.0.1:7000?congestion=ccid2&delivery=newest-only', 'dial')).toMatchObject({
      port: 7000,
      query: 'congestion=ccid2&delivery=newest-only',
    });
    expect(parseUdpEndpoint('udp://localhost:7000', 'dial').host).toBe('localhost');
  });

  it.each([
    ['udp://127.0.0.1', 'listen'],
    ['udp://127.0.0.1:0', 'dial'],
    ['udp://127.0.0.1:*', 'dial'],
    ['udp://*:5555', 'dial'],
    ['udp://localhost:5555', 'listen'],
    ['udp://[::1]:5555', 'dial'],
    ['udp://no-such-if0;239.1.1.1:5555', 'listen'],
  ] as const)('rejects %s for %s with a ZmqError', (endpoint, role) => {
    expect(() => parseUdpEndpoint(endpoint, role)).toThrow(ZmqError);
  });
});
