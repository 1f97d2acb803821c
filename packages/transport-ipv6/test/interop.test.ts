// Our sockets and libzmq's (zeromq.js with ipv6: true) over IPv6: both directions over
// [::1], and dual-stack wildcard binds reached by IPv4 and IPv6 clients.
import { connect as netConnect } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasIpv6Loopback, native, nextEvent, ours, portOf, text, within } from './support.js';

let ipv6Loopback = true;
beforeAll(async () => {
  ipv6Loopback = await hasIpv6Loopback();
  if (!ipv6Loopback) console.log('interop.test: skipped, this host has no ::1 (IPv6 disabled)');
});

type Sender = { send(message: string | string[]): Promise<void> };
type Receiver = { receive(): Promise<Uint8Array[]> };

/** Sends `count` two-part messages and checks they arrive intact and in order. */
async function exchange(sender: Sender, receiver: Receiver, tag: string, count = 20): Promise<void> {
  const sending = (async () => {
    for (let i = 0; i < count; i++) await sender.send([tag, `message ${i}`]);
  })();
  for (let i = 0; i < count; i++) {
    expect(text(await within(receiver.receive(), `${tag} message ${i}`))).toEqual([tag, `message ${i}`]);
  }
  await sending;
}

describe('over [::1] with libzmq', () => {
  // Which side binds; the other connects. Data flows both ways in each arrangement.
  for (const binder of ['ours', 'libzmq'] as const) {
    const make = <K extends 'Push' | 'Pull' | 'Dealer' | 'Router'>(side: 'ours' | 'libzmq', kind: K, options: Record<string, unknown> = {}) =>
      side === 'ours' ? ours(kind, { ipv6: true, ...options }) : native(kind, { ipv6: true, ...options });
    const connector = binder === 'ours' ? 'libzmq' : 'ours';

    it(`${connector} connects to ${binder}: PUSH/PULL and a DEALER/ROUTER round trip`, async ({ skip }) => {
      if (!ipv6Loopback) skip();
      const pull = make(binder, 'Pull');
      await pull.bind(binder === 'ours' ? 'tcp://::1:*' : 'tcp://[::1]:*');
      expect(pull.lastEndpoint).toMatch(/^tcp:\/\/\[::1\]:\d+$/);
      const push = make(connector, 'Push');
      push.connect(pull.lastEndpoint!);
      await exchange(push, pull, `${connector}->${binder}`);

      const router = make(binder, 'Router');
      await router.bind('tcp://[::1]:*');
      const dealer = make(connector, 'Dealer', { routingId: `d-${connector}` });
      dealer.connect(router.lastEndpoint!);
      await dealer.send('ping');
      const [id, body] = await within(router.receive(), 'the ping');
      expect(text([id, body])).toEqual([`d-${connector}`, 'ping']);
      await router.send([id, 'pong']);
      expect(text(await within(dealer.receive(), 'the pong'))).toEqual(['pong']);
    });
  }
});

describe('dual-stack wildcard binds', () => {
  it('our tcp://*:* with ipv6 reports [::] and takes libzmq clients over IPv4 and IPv6', async ({ skip }) => {
    if (!ipv6Loopback) skip();
    const pull = ours('Pull', { ipv6: true });
    await pull.bind('tcp://*:*');
    expect(pull.lastEndpoint).toMatch(/^tcp:\/\/\[::\]:\d+$/);
    const port = portOf(pull.lastEndpoint);

    const accepted = nextEvent(pull, 'accept');
    const overIpv4 = native('Push'); // ipv6 off: a plain IPv4 client
    overIpv4.connect(`tcp://127.0.0.1:${port}`);
    await exchange(overIpv4, pull, 'ipv4 client');
    // libzmq with ZMQ_IPV6 sees IPv4 peers as IPv4-mapped addresses; so do we.
    expect((await accepted).address).toMatch(/^tcp:\/\/\[::ffff:127\.0\.0\.1\]:\d+$/);

    const acceptedV6 = nextEvent(pull, 'accept');
    const overIpv6 = native('Push', { ipv6: true });
    overIpv6.connect(`tcp://[::1]:${port}`);
    await exchange(overIpv6, pull, 'ipv6 client');
    expect((await acceptedV6).address).toMatch(/^tcp:\/\/\[::1\]:\d+$/);
  });

  it("libzmq's tcp://*:* with ipv6 takes our clients over IPv4 (ipv6 off) and IPv6", async ({ skip }) => {
    if (!ipv6Loopback) skip();
    const pull = native('Pull', { ipv6: true });
    await pull.bind('tcp://*:*');
    expect(pull.lastEndpoint).toMatch(/^tcp:\/\/\[::\]:\d+$/);
    const port = portOf(pull.lastEndpoint);

    const overIpv4 = ours('Push');
    overIpv4.connect(`tcp://127.0.0.1:${port}`);
    await exchange(overIpv4, pull, 'our ipv4 client');
    const overIpv6 = ours('Push', { ipv6: true });
    overIpv6.connect(`tcp://[::1]:${port}`);
    await exchange(overIpv6, pull, 'our ipv6 client');
    const mapped = ours('Push', { ipv6: true });
    mapped.connect(`tcp://[::ffff:127.0.0.1]:${port}`);
    await exchange(mapped, pull, 'our v4-mapped client');
    // With ipv6 off, libzmq reads a mapped literal as the IPv4 address inside; so do we.
    const unwrapped = ours('Push');
    unwrapped.connect(`tcp://[::ffff:127.0.0.1]:${port}`);
    await exchange(unwrapped, pull, 'our ipv4 client given a mapped literal');
  });

  it('ipv6Only makes a wildcard bind refuse IPv4 clients and keep IPv6 ones', async ({ skip }) => {
    if (!ipv6Loopback) skip();
    const pull = ours('Pull', { ipv6Only: true });
    expect(pull.ipv6Only).toBe(true);
    await pull.bind('tcp://*:*');
    expect(pull.lastEndpoint).toMatch(/^tcp:\/\/\[::\]:\d+$/);
    const port = portOf(pull.lastEndpoint);

    const refused = await new Promise<string>((resolve) => {
      const socket = netConnect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');

    const overIpv6 = native('Push', { ipv6: true });
    overIpv6.connect(`tcp://[::1]:${port}`);
    await exchange(overIpv6, pull, 'ipv6 client');

    await expect(ours('Pull', { ipv6Only: true }).bind('tcp://127.0.0.1:*')).rejects.toMatchObject({
      code: 'ENODEV',
      message: expect.stringContaining('"127.0.0.1" is an IPv4 address'),
    });
  });
});
