import { expect } from 'vitest';
import { needsByteStream, type TransportConformanceCapabilities } from '../capabilities.js';
import type { Check } from '../check.js';
import { decode, encode } from '../support/bytes.js';
import { ConnectionProbe } from '../support/connection-probe.js';
import { pause, within } from '../support/waits.js';
import type { TransportScope } from './transport-scope.js';

type TransportCheck = Check<TransportConformanceCapabilities, TransportScope>;

export const remoteClose: TransportCheck = {
  name: 'remote-close',
  title: 'destroying one end: it reports close once, its writes return false, and the other end sees the end',
  skip: needsByteStream,
  async run(scope) {
    const { client, server } = await scope.pair();
    const clientProbe = new ConnectionProbe(client);
    const serverProbe = new ConnectionProbe(server);
    client.write(encode('last words'));
    expect(decode(await within(serverProbe.read(10), 'the last words'))).toBe('last words');
    client.destroy();
    client.destroy(); // a second destroy changes nothing
    await within(clientProbe.until(() => clientProbe.closed, 'close after destroy'), 'close after destroy()');
    expect(client.write(encode('x')), 'write() after destroy()').toBe(false);
    await within(serverProbe.finished('the end'), 'the other end to see the end of the stream');
    server.end();
    await within(serverProbe.until(() => serverProbe.closed, 'close'), 'close at the other end');
    expect(server.write(encode('x')), 'write() after close').toBe(false);
    await pause(20);
    expect(clientProbe.closes, 'close events at the destroyed end').toBe(1);
    expect(serverProbe.closes, 'close events at the other end').toBe(1);
    expect(clientProbe.closeError, 'the error of a plain destroy()').toBeUndefined();
    expect(serverProbe.events[serverProbe.events.length - 1], 'the last event').toBe('close');
  },
};

export const halfClose: TransportCheck = {
  name: 'half-close',
  title: 'after one end ends, the other still gets its data, can answer, and both close after both ended',
  skip: (caps) =>
    needsByteStream(caps) ?? (caps.halfClose === false ? 'the transport cannot half-close (capabilities.halfClose is false)' : undefined),
  async run(scope) {
    const { client, server } = await scope.pair();
    const clientProbe = new ConnectionProbe(client);
    const serverProbe = new ConnectionProbe(server);
    client.write(encode('bye'));
    client.end();
    expect(client.write(encode('too late')), 'write() after end()').toBe(false);
    await within(serverProbe.until(() => serverProbe.ended, 'end'), 'the end of the stream');
    expect(decode(serverProbe.bytes())).toBe('bye');
    expect(serverProbe.closed, 'closed before answering').toBe(false);
    server.write(encode('ok'));
    expect(decode(await within(clientProbe.read(2), 'the answer after end()'))).toBe('ok');
    server.end();
    await within(
      Promise.all([
        clientProbe.until(() => clientProbe.closed, 'client close'),
        serverProbe.until(() => serverProbe.closed, 'server close'),
      ]),
      'both ends to close',
    );
    expect(clientProbe.events).toEqual(['data', 'end', 'close']);
    expect(serverProbe.events).toEqual(['data', 'end', 'close']);
    expect(clientProbe.closeError).toBeUndefined();
    expect(serverProbe.closeError).toBeUndefined();
  },
};
