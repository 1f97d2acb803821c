// Interface names: a bind on "lo" takes both of its addresses with ipv6 on (libzmq
// binds only the first), and source addresses pick the address of the target's family.
import { connect as netConnect } from 'node:net';
import type { StreamTransport } from '@zmtp/core';
import { ipv6 } from '@zmtp/transport-ipv6';
import { describe, expect, it } from 'vitest';
import { hasIpv6Loopback, nextEvent, ours, portOf, text, within } from './support.js';

/** Whether a plain TCP connect to host:port succeeds (true) or is refused (false). */
function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = netConnect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('interface binds and source addresses', async () => {
  const ipv6Loopback = await hasIpv6Loopback();
  if (!ipv6Loopback) console.log('interfaces.test: skipped, this host has no ::1 (IPv6 disabled)');

  it.skipIf(!ipv6Loopback)('binding "lo" with ipv6 listens on ::1 and 127.0.0.1, on one port', async () => {
    const pull = ours('Pull', { ipv6: true });
    await pull.bind('tcp://lo:*');
    expect(pull.lastEndpoint).toMatch(/^tcp:\/\/\[::1\]:\d+$/);
    const port = portOf(pull.lastEndpoint);
    expect(await reachable('::1', port)).toBe(true);
    expect(await reachable('127.0.0.1', port)).toBe(true);

    // Both listeners feed the same socket, and unbinding stops both.
    for (const address of [`tcp://[::1]:${port}`, `tcp://127.0.0.1:${port}`]) {
      const push = ours('Push', { ipv6: true });
      push.connect(address);
      await push.send(address);
      expect(text(await within(pull.receive(), address))).toEqual([address]);
    }
    await pull.unbind('tcp://lo:*');
    expect(await reachable('::1', port)).toBe(false);
    expect(await reachable('127.0.0.1', port)).toBe(false);
  });

  it.skipIf(!ipv6Loopback)('binding "lo" with ipv6Only takes ::1 only; with ipv6 off 127.0.0.1 only', async () => {
    const only6 = ours('Pull', { ipv6Only: true });
    await only6.bind('tcp://lo:*');
    const port6 = portOf(only6.lastEndpoint);
    expect(await reachable('::1', port6)).toBe(true);
    expect(await reachable('127.0.0.1', port6)).toBe(false);

    const only4 = ours('Pull');
    await only4.bind('tcp://lo:*');
    expect(only4.lastEndpoint).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    expect(await reachable('::1', portOf(only4.lastEndpoint))).toBe(false);
  });

  it.skipIf(!ipv6Loopback)('connects from a source address of either family, or an interface name', async () => {
    const pull = ours('Pull', { ipv6: true });
    await pull.bind('tcp://*:*');
    const port = portOf(pull.lastEndpoint);
    const cases: Array<[endpoint: string, peer: RegExp]> = [
      [`tcp://[::1]:0;[::1]:${port}`, /^tcp:\/\/\[::1\]:/],
      [`tcp://lo:0;[::1]:${port}`, /^tcp:\/\/\[::1\]:/],
      [`tcp://lo:*;127.0.0.1:${port}`, /^tcp:\/\/\[::ffff:127\.0\.0\.1\]:/],
      [`tcp://*:0;[::1]:${port}`, /^tcp:\/\/\[::1\]:/],
    ];
    for (const [endpoint, peer] of cases) {
      const accepted = nextEvent(pull, 'accept');
      const push = ours('Push', { ipv6: true });
      push.connect(endpoint);
      await push.send(endpoint);
      expect(text(await within(pull.receive(), endpoint))).toEqual([endpoint]);
      expect((await accepted).address, endpoint).toMatch(peer);
    }
  });

  it('a source of the wrong family fails the dial with EINVAL', async () => {
    const transport = ipv6().transports![0] as StreamTransport;
    const options = { socket: { ipv6: true }, socketType: 'PUSH' };
    await expect(transport.dial('tcp://127.0.0.1:0;[::1]:5555', options, new AbortController().signal)).rejects.toMatchObject({
      code: 'EINVAL',
      message: expect.stringContaining('the source address has no address of the target\'s family'),
    });
    await expect(transport.dial('tcp://no-such-if0:0;[::1]:5555', options, new AbortController().signal)).rejects.toMatchObject({
      code: 'ENODEV',
      message: expect.stringContaining('"no-such-if0"'),
    });
  });
});
