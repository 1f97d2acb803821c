import { Pull, Push } from '@zmtp/core';
import { expect } from 'vitest';
import type { MechanismCapabilities } from '../capabilities.js';
import { texts } from '../support/bytes.js';
import { quiet, within } from '../support/waits.js';
import { EventCounter } from '../socket/socket-scope.js';
import type { FrameRewrite } from '../tap/frame-cutter.js';
import { replay, tamper, truncate } from '../tap/rewrites.js';
import type { MechanismCheck } from './handshake-checks.js';
import type { MechanismScope } from './mechanism-scope.js';

const notEncrypting = (caps: MechanismCapabilities): string | undefined =>
  caps.encrypts ? undefined : 'not an encrypting mechanism (capabilities.encrypts is false)';

/**
 * Sends a message whose frame a man in the middle rewrote; the server must drop
 * the connection without delivering it, and work again once the client reconnects.
 */
async function expectDetected(scope: MechanismScope, rewrite: FrameRewrite, what: string, genuineFirst: boolean): Promise<void> {
  const { fixture, sockets } = scope;
  const server = sockets.open(Pull, 'bind', { ...fixture.server });
  const disconnects = new EventCounter(server, 'disconnect');
  const endpoint = await sockets.bind(server);
  const { socket: client, tap } = sockets.openTapped(Push, { ...fixture.client, reconnectInterval: 20 });
  client.connect(endpoint);
  await client.send('first');
  expect(texts(await within(server.receive(), 'the first message'))).toEqual(['first']);

  tap.latest().rewriteNextFrame(rewrite);
  const payload = `${what} payload`;
  await client.send(payload);
  if (genuineFirst) {
    expect(texts(await within(server.receive(), 'the genuine copy of the message')), 'the genuine copy').toEqual([payload]);
  }
  const next = quiet(server.receive());
  const outcome = await within(
    Promise.race([
      next.then((message) => ({ delivered: texts(message) })),
      disconnects.reached(1).then(() => ({ delivered: undefined })),
    ]),
    `the server to detect the ${what} frame and drop the connection`,
  );
  if (outcome.delivered) {
    throw new Error(`the server delivered ${JSON.stringify(outcome.delivered)} from a ${what} frame instead of dropping the connection`);
  }
  await client.send('after');
  expect(texts(await within(next, 'a message after the client reconnected')), 'the first message after the drop').toEqual(['after']);
}

export const tamperedFrame: MechanismCheck = {
  name: 'tampered-frame',
  title: 'a frame with one bit flipped in transit is detected: the connection drops and nothing is delivered',
  skip: notEncrypting,
  run: (scope) => expectDetected(scope, tamper, 'tampered', false),
};

export const replayedFrame: MechanismCheck = {
  name: 'replayed-frame',
  title: 'a frame sent again by a man in the middle is detected: delivered once, then the connection drops',
  skip: notEncrypting,
  run: (scope) => expectDetected(scope, replay, 'replayed', true),
};

export const truncatedFrame: MechanismCheck = {
  name: 'truncated-frame',
  title: 'a frame cut short by one byte (its size fixed) is detected: the connection drops and nothing is delivered',
  skip: notEncrypting,
  run: (scope) => expectDetected(scope, truncate, 'truncated', false),
};
