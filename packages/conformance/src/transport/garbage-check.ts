import { Pull, Push } from '@zmtp/core';
import { expect } from 'vitest';
import { needsByteStream, type TransportConformanceCapabilities } from '../capabilities.js';
import type { Check } from '../check.js';
import { concat, decode, encode, pattern } from '../support/bytes.js';
import { ConnectionProbe } from '../support/connection-probe.js';
import { contextWith } from '../support/core-context.js';
import { FLAG_COMMAND, frameHeader, greeting } from '../support/zmtp-wire.js';
import { within } from '../support/waits.js';
import type { TransportScope } from './transport-scope.js';

/** Inputs a ZMTP socket must refuse without crashing or buffering without bound. */
const garbage: readonly { what: string; bytes: Uint8Array }[] = [
  { what: 'an HTTP request', bytes: concat([encode('GET / HTTP/1.1\r\nHost: zmtp\r\n\r\n'), pattern(4096, 7)]) },
  { what: 'random bytes', bytes: pattern(64 * 1024, 11) },
  // A valid greeting, then a command frame that claims 2^40 bytes: it must be refused, not awaited.
  { what: 'a frame claiming a terabyte', bytes: concat([greeting('NULL'), frameHeader(FLAG_COMMAND, 2 ** 40), pattern(1024, 5)]) },
];

export const garbageInput: Check<TransportConformanceCapabilities, TransportScope> = {
  name: 'garbage-input',
  title: 'a socket listening on the transport closes connections that send garbage and keeps serving',
  skip: needsByteStream,
  async run(scope) {
    const options = { ...scope.fixture.socketOptions, linger: 0 };
    const pull = new Pull({ ...options, context: contextWith(scope.transport, 'listen') });
    scope.defer(() => pull.close());
    await pull.bind(scope.addresses.listen());
    const endpoint = pull.lastEndpoint!;
    for (const input of garbage) {
      const raw = await scope.dialStream(endpoint);
      const probe = new ConnectionProbe(raw);
      raw.write(input.bytes);
      await within(probe.finished('the socket to hang up'), `the socket to close a connection that sent ${input.what}`);
    }
    const push = new Push({ ...options, context: contextWith(scope.dialer, 'dial') });
    scope.defer(() => push.close());
    push.connect(endpoint);
    await push.send('still serving');
    const [body] = await within(pull.receive(), 'a message from a well-behaved peer after the garbage');
    expect(decode(body)).toBe('still serving');
  },
};
