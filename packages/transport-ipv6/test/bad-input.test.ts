// Bad arguments fail with EINVAL (or libzmq's code) and a message quoting the bad part;
// bad bytes from the network close that connection and nothing else.
import { connect as netConnect } from 'node:net';
import * as zmq from '@zmtp/core';
import { ipv6 } from '@zmtp/transport-ipv6';
import { describe, expect, it } from 'vitest';
import { context, hasIpv6Loopback, nextEvent, ours, text, within } from './support.js';

/** What `connect()` threw at once, or undefined. */
function connectError(endpoint: string, options: Record<string, unknown> = { ipv6: true }): zmq.ZmqError | undefined {
  const socket = ours('Push', options);
  try {
    socket.connect(endpoint);
    return undefined;
  } catch (error) {
    return error as zmq.ZmqError;
  }
}

describe('connect() fails at once with EINVAL quoting the bad part', () => {
  const cases: Array<[endpoint: string, quoted: string]> = [
    ['tcp://[1::2::3]:5555', '"1::2::3"'],
    ['tcp://[fe80::zz]:5555', '"fe80::zz"'],
    ['tcp://[::1:5555', '"[::1:5555"'],
    ['tcp://[fe80::1%]:5555', '"fe80::1%"'],
    ['tcp://[fe80::1%no-such-if0]:5555', '"%no-such-if0"'],
    ['tcp://[fe80::1%0]:5555', '"%0"'],
    ['tcp://[fe80::1%4000000]:5555', '"%4000000"'],
    ['tcp://[::1]:65536', '"65536"'],
    ['tcp://[::1]:99999', '"99999"'],
    ['tcp://[::1]:0', 'port 0'],
    ['tcp://::1', '"::1"'],
  ];

  it.each(cases)('%s', (endpoint, quoted) => {
    // The same with ipv6 on and off: syntax does not depend on the option.
    for (const options of [{ ipv6: true }, {}]) {
      const error = connectError(endpoint, options);
      expect(error, `connect("${endpoint}") did not throw`).toBeInstanceOf(zmq.ZmqError);
      expect(error!.code).toBe('EINVAL');
      expect(error!.message).toContain(quoted);
    }
  });

  it('accepts well-formed endpoints without throwing', () => {
    for (const endpoint of ['tcp://[::1]:5555', 'tcp://::1:5555', 'tcp://[fe80::1%lo]:5555', 'tcp://[fe80::1%1]:5555', 'tcp://[::1]:0;[::1]:5555']) {
      expect(connectError(endpoint), endpoint).toBeUndefined();
    }
  });

  it('keeps core\'s messages for IPv4 endpoints', () => {
    const core = new zmq.Push({ linger: 0 });
    const mistakes = ['tcp://1.2.3.400:5555', 'tcp://127.0.0.1:*', 'tcp://host', 'tcp://*:5555'];
    try {
      for (const endpoint of mistakes) {
        let expected: Error | undefined;
        try {
          core.connect(endpoint);
        } catch (error) {
          expected = error as Error;
        }
        expect(expected, endpoint).toBeDefined();
        expect(connectError(endpoint)?.message).toBe(expected!.message);
      }
    } finally {
      core.close();
    }
  });
});

describe('bind() rejects', () => {
  it('bad endpoints with EINVAL, unknown interfaces and IPv6 without the option with ENODEV', async () => {
    await expect(ours('Pull', { ipv6: true }).bind('tcp://[::1%]:*')).rejects.toMatchObject({ code: 'EINVAL' });
    await expect(ours('Pull', { ipv6: true }).bind('tcp://[::1]:70000')).rejects.toMatchObject({
      code: 'EINVAL',
      message: expect.stringContaining('"70000"'),
    });
    await expect(ours('Pull', { ipv6: true }).bind('tcp://no-such-if0:*')).rejects.toMatchObject({
      code: 'ENODEV',
      message: expect.stringContaining('"no-such-if0"'),
    });
    await expect(ours('Pull').bind('tcp://[::1]:*')).rejects.toMatchObject({ code: 'ENODEV' });
  });
});

describe('addresses of a family the socket does not use', () => {
  const transport = ipv6().transports![0] as zmq.StreamTransport;
  const dial = (endpoint: string, socket: Record<string, unknown>) =>
    transport.dial(endpoint, { socket, socketType: 'PUSH' }, new AbortController().signal);

  it('with ipv6 off, an IPv6 dial fails naming the option; libzmq would retry it forever', async () => {
    await expect(dial('tcp://[::1]:5555', {})).rejects.toMatchObject({
      code: 'EINVAL',
      message: expect.stringContaining('"::1" is an IPv6 address, but the socket\'s ipv6 option is off'),
    });
  });

  it('with ipv6Only, an IPv4 dial fails naming the option', async () => {
    await expect(dial('tcp://127.0.0.1:5555', { ipv6Only: true })).rejects.toMatchObject({
      code: 'EINVAL',
      message: expect.stringContaining('ipv6Only option is on'),
    });
  });
});

describe('plugin and option arguments', () => {
  it('ipv6() checks its options', () => {
    expect(() => ipv6({ attemptDelay: 5 })).toThrow(/"attemptDelay" must be an integer from 10 to 2000/);
    expect(() => ipv6({ attemptDelay: 2.5 })).toThrow(zmq.InvalidArgumentError);
    expect(() => ipv6({ resolver: 'dns' as never })).toThrow(/"resolver" must be a function/);
    expect(() => ipv6({ interfaces: {} as never })).toThrow(/"interfaces" must have/);
    expect(() => ipv6(42 as never)).toThrow(/options object/);
  });

  it('ipv6Only is a boolean socket option, as a constructor field and a property', () => {
    const socket = ours('Pull');
    expect(socket.ipv6Only).toBe(false);
    socket.ipv6Only = true;
    expect(socket.ipv6Only).toBe(true);
    expect(() => {
      socket.ipv6Only = 'yes' as never;
    }).toThrow(/Option "ipv6Only" must be true or false/);
    expect(() => ours('Pull', { ipv6Only: 1 as never })).toThrow(zmq.InvalidArgumentError);
  });

  it('a resolver returning something other than addresses fails the dial with EINVAL, naming the entry', async () => {
    const resolver = () => [{ address: 'not-an-ip', family: 6 as const }];
    const transport = ipv6({ resolver }).transports![0] as zmq.StreamTransport;
    const dial = transport.dial('tcp://bad-resolver.test:5555', { socket: { ipv6: true }, socketType: 'PUSH' }, new AbortController().signal);
    await expect(dial).rejects.toMatchObject({ code: 'EINVAL', message: expect.stringContaining('"not-an-ip"') });
    // Through a socket, the failed dial is retried later rather than thrown anywhere.
    const push = ours('Push', { ipv6: true, reconnectInterval: 10, context: context({ resolver }) });
    push.connect('tcp://bad-resolver.test:5555');
    await nextEvent(push, 'connect:retry');
  });
});

describe('bad bytes from the network', async () => {
  const ipv6Loopback = await hasIpv6Loopback();

  it.skipIf(!ipv6Loopback)('close that connection only; the socket keeps serving', async () => {
    const pull = ours('Pull', { ipv6: true });
    await pull.bind('tcp://[::1]:*');
    const port = Number(/:(\d+)$/.exec(pull.lastEndpoint!)![1]);
    const closed = new Promise<void>((resolve) => {
      // A ZMTP 3.1 greeting naming a mechanism nobody has, then junk.
      const greeting = Buffer.alloc(64);
      Buffer.from([0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f, 3, 1]).copy(greeting);
      greeting.write('BOGUS', 12, 'ascii');
      const garbage = netConnect({ host: '::1', port }, () => garbage.write(Buffer.concat([greeting, Buffer.alloc(64, 0xee)])));
      garbage.on('error', () => undefined);
      garbage.on('close', () => resolve());
      garbage.resume(); // read the server's greeting, so its end of stream is seen
    });
    await within(closed, 'the garbage connection to close');

    const push = ours('Push', { ipv6: true });
    push.connect(pull.lastEndpoint!);
    await push.send('still serving');
    expect(text(await within(pull.receive(), 'the message'))).toEqual(['still serving']);
  });
});
