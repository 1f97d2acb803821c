import { InvalidArgumentError } from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { hasIpv6Syntax, parseTcpEndpoint, type TcpEndpoint } from './endpoint.js';
import type { InterfaceTable } from './interfaces.js';

/** A fixed host: lo is interface 1, eth0 interface 2 (with a link-local address), wlan0 3. */
const table: InterfaceTable = {
  nameOfIndex: (index) => ({ 1: 'lo', 2: 'eth0', 3: 'wlan0' })[index],
  has: (name) => ['lo', 'eth0', 'wlan0'].includes(name),
  addresses: () => undefined,
};
const dial = (endpoint: string): TcpEndpoint => parseTcpEndpoint(endpoint, 'dial', table);
const listen = (endpoint: string): TcpEndpoint => parseTcpEndpoint(endpoint, 'listen', table);

/** Expects EINVAL with every fragment in the message. */
function expectInvalid(run: () => unknown, ...fragments: string[]): void {
  let error: unknown;
  try {
    run();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(InvalidArgumentError);
  expect((error as InvalidArgumentError).code).toBe('EINVAL');
  for (const fragment of fragments) expect((error as Error).message).toContain(fragment);
}

describe('parseTcpEndpoint: the forms libzmq accepts', () => {
  it('reads bracketed and unbracketed IPv6 literals, splitting the port at the last colon', () => {
    expect(dial('tcp://[::1]:5555')).toEqual({ target: { kind: 'ipv6', host: '::1', port: 5555 } });
    expect(dial('tcp://::1:5555')).toEqual({ target: { kind: 'ipv6', host: '::1', port: 5555 } });
    expect(dial('tcp://2001:db8::17:80').target).toEqual({ kind: 'ipv6', host: '2001:db8::17', port: 80 });
  });

  it('reads zones by name and by index, giving the index as its interface name', () => {
    expect(dial('tcp://[fe80::1%eth0]:5555').target).toEqual({ kind: 'ipv6', host: 'fe80::1', zone: 'eth0', port: 5555 });
    expect(dial('tcp://[fe80::1%2]:5555').target).toEqual({ kind: 'ipv6', host: 'fe80::1', zone: 'eth0', port: 5555 });
    expect(dial('tcp://fe80::1%wlan0:5555').target).toEqual({ kind: 'ipv6', host: 'fe80::1', zone: 'wlan0', port: 5555 });
  });

  it('reads wildcards, ephemeral ports, IPv4 addresses, names and interface names', () => {
    expect(listen('tcp://*:*').target).toEqual({ kind: 'wildcard', host: '*', port: 0 });
    expect(listen('tcp://[::]:0').target).toEqual({ kind: 'ipv6', host: '::', port: 0 });
    expect(listen('tcp://127.0.0.1:5555').target).toEqual({ kind: 'ipv4', host: '127.0.0.1', port: 5555 });
    expect(listen('tcp://eth0:*').target).toEqual({ kind: 'name', host: 'eth0', port: 0 });
    expect(dial('tcp://example.com:443').target).toEqual({ kind: 'name', host: 'example.com', port: 443 });
  });

  it('reads a source address of either family before ";"', () => {
    expect(dial('tcp://[::1]:0;[::1]:5555')).toEqual({
      source: { kind: 'ipv6', host: '::1', port: 0 },
      target: { kind: 'ipv6', host: '::1', port: 5555 },
    });
    expect(dial('tcp://eth0:*;example.com:5555').source).toEqual({ kind: 'name', host: 'eth0', port: 0 });
    expect(dial('tcp://[fe80::2%eth0]:6000;[fe80::1%eth0]:5555').source).toEqual({
      kind: 'ipv6',
      host: 'fe80::2',
      zone: 'eth0',
      port: 6000,
    });
  });
});

describe('parseTcpEndpoint: bad input is EINVAL quoting the bad part', () => {
  it('malformed IPv6 literals', () => {
    expectInvalid(() => dial('tcp://[1::2::3]:5555'), '"1::2::3"', '"::" may appear only once');
    expectInvalid(() => dial('tcp://[fe80::12345]:5555'), '"12345"');
    expectInvalid(() => dial('tcp://[::g]:5555'), '"::g"', '"g"');
    expectInvalid(() => dial('tcp://[:::1]:5555'), '":::1"');
    expectInvalid(() => dial('tcp://[::1:5555'), '"[" without a closing "]"', '"[::1:5555"');
    expectInvalid(() => dial('tcp://::1]:5555'), '"]" without an opening "["');
    expectInvalid(() => dial('tcp://[::1]5555'), '"5555" instead of ":port"');
    expectInvalid(() => dial('tcp://[127.0.0.1]:5555'), '"127.0.0.1" in brackets');
  });

  it('a missing port, suggesting brackets when the address swallowed it', () => {
    expectInvalid(() => dial('tcp://[::1]'), 'no port after "[::1]"');
    expectInvalid(() => dial('tcp://::1'), 'no port after "::1"', 'tcp://[::1]:5555');
    expectInvalid(() => dial('tcp://fe80::1%eth0'), 'no port after "fe80::1%eth0"', '[fe80::1%eth0]');
  });

  it('an empty, zero or unknown zone', () => {
    expectInvalid(() => dial('tcp://[fe80::1%]:5555'), 'empty zone', '"fe80::1%"');
    expectInvalid(() => dial('tcp://[fe80::1%0]:5555'), '"%0"', 'index 0');
    expectInvalid(() => dial('tcp://[fe80::1%99]:5555'), '"%99"', 'index 99');
    expectInvalid(() => dial('tcp://[fe80::1%nope0]:5555'), '"%nope0"', 'no network interface is called "nope0"');
    expectInvalid(() => dial('tcp://[fe80::1%25eth0]:5555'), '"%25eth0"', 'not URL-encoded');
    expectInvalid(() => dial('tcp://127.0.0.1%eth0:5555'), '"%eth0"', 'only apply to IPv6');
  });

  it('a port out of range or misplaced', () => {
    expectInvalid(() => dial('tcp://[::1]:65536'), 'invalid port "65536"');
    expectInvalid(() => dial('tcp://[::1]:5555x'), 'invalid port "5555x"');
    expectInvalid(() => dial('tcp://[::1]:'), 'invalid port ""');
    expectInvalid(() => dial('tcp://[::1]:0'), 'port 0 is only for bind');
    expectInvalid(() => dial('tcp://[::1]:*'), 'invalid port "*"');
    expectInvalid(() => listen('tcp://[::1]:-1'), 'invalid port "-1"');
  });

  it('hosts that cannot be used in that place', () => {
    expectInvalid(() => dial('tcp://*:5555'), 'the host "*" is only for bind');
    expectInvalid(() => dial('tcp://[]:5555'), 'empty host');
    expectInvalid(() => dial('tcp://1.2.3:5555'), 'malformed IPv4 address "1.2.3"');
    expectInvalid(() => dial('tcp://-bad.example:5555'), '"-bad.example"', 'DNS name');
    expectInvalid(() => listen('tcp://[::1]:0;[::1]:5555'), 'only for connect');
    expectInvalid(() => dial('tcp://;[::1]:5555'), 'source address before ";" is empty');
    expectInvalid(() => dial('udp://[::1]:5555'), 'only serves "tcp://"');
  });
});

describe('hasIpv6Syntax', () => {
  it('tells IPv6 endpoints from those core can take', () => {
    for (const yes of ['tcp://[::1]:1', 'tcp://::1:1', 'tcp://[fe80::1%eth0]:1', 'tcp://a%b:1', 'tcp://[::1]:0;1.2.3.4:5']) {
      expect(hasIpv6Syntax(yes), yes).toBe(true);
    }
    for (const no of ['tcp://127.0.0.1:1', 'tcp://*:*', 'tcp://eth0:0;example.com:80', 'tcp://host']) {
      expect(hasIpv6Syntax(no), no).toBe(false);
    }
  });
});
