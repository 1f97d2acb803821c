import { isIPv6 } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ipv6Groups, ipv6LiteralProblem, mappedIpv4 } from './ipv6-literal.js';

const valid = [
  '::',
  '::1',
  '1::',
  'fe80::1',
  '2001:db8::8a2e:370:7334',
  '2001:0db8:0000:0000:0000:ff00:0042:8329',
  '1:2:3:4:5:6:7:8',
  '1::2:3:4:5:6:7',
  '1:2:3:4:5:6:7::',
  '::ffff:127.0.0.1',
  '::127.0.0.1',
  '64:ff9b::192.0.2.33',
  'FE80::ABCD',
];

const invalid: Array<[string, RegExp]> = [
  ['', /empty/],
  [':::1', /":::"|"::"/],
  ['1::2::3', /"::" may appear only once/],
  ['12345::1', /"12345" has more than 4/],
  ['fe80::g', /"g" is not a hexadecimal digit/],
  ['1:2:3:4:5:6:7', /7 groups/],
  ['1:2:3:4:5:6:7:8:9', /9 groups/],
  ['1::2:3:4:5:6:7:8', /8 groups besides "::"/],
  [':1:2:3:4:5:6:7', /starts with a single ":"/],
  ['1:2:3:4:5:6:7:', /ends with a single ":"/],
  ['::1.2.3.256', /"1.2.3.256" is not a valid IPv4/],
  ['::1.2.3.4:5', /must come last/],
  ['fe80::1%eth0', /"%" is not/],
];

describe('ipv6LiteralProblem', () => {
  it.each(valid)('accepts %s, as Node does', (text) => {
    expect(isIPv6(text)).toBe(true);
    expect(ipv6LiteralProblem(text)).toBeUndefined();
  });

  it.each(invalid)('rejects "%s" and names the bad part', (text, reason) => {
    if (!text.includes('%')) expect(isIPv6(text)).toBe(false);
    expect(ipv6LiteralProblem(text)).toMatch(reason);
  });
});

describe('ipv6Groups and mappedIpv4', () => {
  it('expands "::" and embedded IPv4 into eight groups', () => {
    expect(ipv6Groups('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(ipv6Groups('fe80::1:2')).toEqual([0xfe80, 0, 0, 0, 0, 0, 1, 2]);
    expect(ipv6Groups('::ffff:10.1.2.3')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0a01, 0x0203]);
    expect(ipv6Groups('1::2::3')).toBeUndefined();
  });

  it('finds the IPv4 address in every spelling of an IPv4-mapped address', () => {
    expect(mappedIpv4('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(mappedIpv4('::FFFF:7f00:1')).toBe('127.0.0.1');
    expect(mappedIpv4('0:0:0:0:0:ffff:c000:0221')).toBe('192.0.2.33');
    expect(mappedIpv4('::1')).toBeUndefined();
    expect(mappedIpv4('::127.0.0.1')).toBeUndefined(); // IPv4-compatible, not mapped
    expect(mappedIpv4('1::ffff:127.0.0.1')).toBeUndefined();
  });
});
