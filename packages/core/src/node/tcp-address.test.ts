import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ProtocolNotSupportedError, ZmqError } from '../errors.js';
import { formatTcpEndpoint, isIpv4, parseTcpBindEndpoint, parseTcpConnectEndpoint } from './tcp-address.js';

// A fixed set of interfaces, so results do not depend on this machine.
const interfaces: Record<string, string> = { lo: '127.0.0.1', eth0: '192.168.1.17' };
const resolveInterface = (name: string): string | undefined => interfaces[name];

function errorOf(action: () => unknown): ZmqError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ZmqError);
    return error as ZmqError;
  }
  throw new Error('expected an error');
}

describe('parseTcpBindEndpoint', () => {
  it.each([
    ['tcp://*:5555', '0.0.0.0', 5555],
    ['tcp://*:*', '0.0.0.0', 0],
    ['tcp://*:0', '0.0.0.0', 0],
    ['tcp://127.0.0.1:*', '127.0.0.1', 0],
    ['tcp://10.0.0.255:65535', '10.0.0.255', 65535],
    ['tcp://lo:*', '127.0.0.1', 0],
    ['tcp://eth0:5555', '192.168.1.17', 5555],
  ])('%s binds %s port %d', (endpoint, host, port) => {
    expect(parseTcpBindEndpoint(endpoint, resolveInterface)).toEqual({ host, port });
  });

  it.each([
    ['tcp://localhost:5555', 'ENODEV', /"localhost".*DNS names are not resolved.*"\*".*interface name/],
    ['tcp://example.com:*', 'ENODEV', /"example\.com"/],
    ['tcp://[::1]:5555', 'EPROTONOSUPPORT', /@zmtp\/transport-ipv6.*context\.use\(ipv6\(\)\)/],
    ['tcp://[::]:*', 'EPROTONOSUPPORT', /@zmtp\/transport-ipv6/],
    ['tcp://::1:5555', 'EPROTONOSUPPORT', /"tcp:\/\/::1:5555"/],
    ['tcp://127.0.0.1:65536', 'EINVAL', /"65536"/],
    ['tcp://127.0.0.1:-1', 'EINVAL', /"-1"/],
    ['tcp://127.0.0.1:', 'EINVAL', /port ""/],
    ['tcp://127.0.0.1', 'EINVAL', /no port.*"tcp:\/\/127\.0\.0\.1:5555"/],
    ['tcp://256.0.0.1:5555', 'EINVAL', /"256\.0\.0\.1"/],
    ['tcp://01.2.3.4:5555', 'EINVAL', /"01\.2\.3\.4"/],
    ['tcp://1.2.3:5555', 'EINVAL', /"1\.2\.3"/],
    ['tcp://:5555', 'EINVAL', /host is empty/],
    ['tcp://lo:0;127.0.0.1:5555', 'EINVAL', /only for connect/],
  ])('%s fails with %s', (endpoint, code, message) => {
    const error = errorOf(() => parseTcpBindEndpoint(endpoint, resolveInterface));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    if (code === 'EPROTONOSUPPORT') expect(error).toBeInstanceOf(ProtocolNotSupportedError);
    if (code === 'EINVAL') expect(error).toBeInstanceOf(InvalidArgumentError);
  });
});

describe('parseTcpConnectEndpoint', () => {
  it.each([
    ['tcp://127.0.0.1:5555', { host: '127.0.0.1', port: 5555, lookup: false }],
    ['tcp://localhost:5555', { host: 'localhost', port: 5555, lookup: true }],
    ['tcp://my-host.example.com.:1', { host: 'my-host.example.com.', port: 1, lookup: true }],
    ['tcp://192.168.1.17:0;10.0.0.1:5555', { host: '10.0.0.1', port: 5555, lookup: false, source: { host: '192.168.1.17', port: 0 } }],
    ['tcp://eth0:*;server:5555', { host: 'server', port: 5555, lookup: true, source: { host: '192.168.1.17', port: 0 } }],
    ['tcp://*:4000;server:5555', { host: 'server', port: 5555, lookup: true, source: { host: '0.0.0.0', port: 4000 } }],
  ])('%s', (endpoint, expected) => {
    expect(parseTcpConnectEndpoint(endpoint, resolveInterface)).toEqual(expected);
  });

  it.each([
    ['tcp://127.0.0.1:*', 'EINVAL', /"\*" is only for bind/],
    ['tcp://127.0.0.1', 'EINVAL', /no port/],
    ['tcp://127.0.0.1:0', 'EINVAL', /port 0/],
    ['tcp://127.0.0.1:99999', 'EINVAL', /"99999"/],
    ['tcp://*:5555', 'EINVAL', /"\*" is not an address/],
    ['tcp://bad_host!:5555', 'EINVAL', /"bad_host!"/],
    ['tcp://999.1.1.1:5555', 'EINVAL', /"999\.1\.1\.1"/],
    ['tcp://[::1]:5555', 'EPROTONOSUPPORT', /@zmtp\/transport-ipv6/],
    ['tcp://[fe80::1%eth0]:5555', 'EPROTONOSUPPORT', /"tcp:\/\/\[fe80::1%eth0\]:5555"/],
    ['tcp://fe80::1:5555', 'EPROTONOSUPPORT', /@zmtp\/transport-ipv6/],
    ['tcp://[::1]:0;127.0.0.1:5555', 'EPROTONOSUPPORT', /@zmtp\/transport-ipv6/],
    ['tcp://127.0.0.1:0;[::1]:5555', 'EPROTONOSUPPORT', /@zmtp\/transport-ipv6/],
    ['tcp://eth0;server:5555', 'EINVAL', /no port after "eth0".*"tcp:\/\/eth0:0;/],
    ['tcp://;server:5555', 'EINVAL', /source address before ";" is empty/],
    ['tcp://gateway.example:0;server:5555', 'ENODEV', /"gateway\.example".*source address/],
    ['tcp://1.2.3.4:70000;server:5555', 'EINVAL', /"70000"/],
  ])('%s fails with %s', (endpoint, code, message) => {
    const error = errorOf(() => parseTcpConnectEndpoint(endpoint, resolveInterface));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});

describe('tcp address helpers', () => {
  it('formats endpoints as libzmq does', () => {
    expect(formatTcpEndpoint('0.0.0.0', 41234)).toBe('tcp://0.0.0.0:41234');
  });

  it.each([
    ['0.0.0.0', true],
    ['255.255.255.255', true],
    ['1.2.3.4', true],
    ['1.2.3', false],
    ['1.2.3.4.5', false],
    ['1.2.3.256', false],
    ['1.2.3.04', false],
    ['a.b.c.d', false],
  ])('isIpv4(%s) is %s', (text, expected) => {
    expect(isIpv4(text)).toBe(expected);
  });
});
