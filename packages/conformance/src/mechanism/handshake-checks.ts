import { Dealer, Router, type Metadata } from '@zmtp/core';
import { expect } from 'vitest';
import type { MechanismCapabilities } from '../capabilities.js';
import type { Check } from '../check.js';
import { decode, texts } from '../support/bytes.js';
import { within } from '../support/waits.js';
import { EventCounter } from '../socket/socket-scope.js';
import { driveHandshake, metadataOf, type HandshakeSide } from './handshake-driver.js';
import type { MechanismScope } from './mechanism-scope.js';

export type MechanismCheck = Check<MechanismCapabilities, MechanismScope>;

const clientProperties = { 'Socket-Type': 'DEALER', Identity: 'conformance-client', 'X-Conformance-Side': 'client' };
const serverProperties = { 'Socket-Type': 'ROUTER', 'X-Conformance-Side': 'server', 'X-Conformance-Long': 'v'.repeat(300) };

function describeSide(name: string, side: HandshakeSide): string {
  if (side.failure) return `${name} failed: ${side.failure.name}: ${side.failure.message}`;
  return side.done ? `${name} done` : `${name} still waiting`;
}

export const handshake: MechanismCheck = {
  name: 'handshake',
  title: 'the handshake completes between two sessions and between two sockets, and messages flow',
  async run(scope) {
    const { fixture, capabilities } = scope;
    const result = await driveHandshake(
      fixture.mechanism,
      { options: fixture.client, metadata: metadataOf(clientProperties) },
      { options: fixture.server, metadata: metadataOf(serverProperties) },
    );
    const state = `${describeSide('client', result.client)}; ${describeSide('server', result.server)}`;
    if (!result.client.done || !result.server.done) throw new Error(`the session handshake did not complete: ${state}`);
    for (const [name, side] of Object.entries(result)) {
      if ((side.cipher !== undefined) !== capabilities.encrypts) {
        throw new Error(
          `the ${name} session ${side.cipher ? 'has' : 'has no'} cipher after the handshake, ` +
            `but capabilities.encrypts is ${capabilities.encrypts}`,
        );
      }
    }

    const router = scope.sockets.open(Router, 'bind', { ...fixture.server });
    const routerHandshakes = new EventCounter(router, 'handshake');
    const dealer = scope.sockets.open(Dealer, 'connect', { ...fixture.client, routingId: 'conformance-dealer' });
    const dealerHandshakes = new EventCounter(dealer, 'handshake');
    dealer.connect(await scope.sockets.bind(router));
    await dealer.send('hello');
    // The routing id travels in the handshake's metadata.
    expect(texts(await within(router.receive(), 'the first message at the server socket'))).toEqual(['conformance-dealer', 'hello']);
    await router.send(['conformance-dealer', 'welcome']);
    expect(texts(await within(dealer.receive(), 'the reply at the client socket'))).toEqual(['welcome']);
    await within(Promise.all([routerHandshakes.reached(1), dealerHandshakes.reached(1)]), 'handshake events on both sockets');
  },
};

export const wrongCredentials: MechanismCheck = {
  name: 'wrong-credentials',
  title: 'a client with wrong credentials is refused (session and sockets), delivers nothing, and good clients still get in',
  skip: (caps) => (caps.credentials ? undefined : 'the mechanism carries no credentials (capabilities.credentials is false)'),
  async run(scope) {
    const { fixture } = scope;
    if (!fixture.wrongClient) {
      throw new Error('capabilities.credentials is true but setup() returned no wrongClient options to test with');
    }
    const result = await driveHandshake(
      fixture.mechanism,
      { options: fixture.wrongClient, metadata: metadataOf(clientProperties) },
      { options: fixture.server, metadata: metadataOf(serverProperties) },
    );
    const state = `${describeSide('client', result.client)}; ${describeSide('server', result.server)}`;
    if (result.server.done) throw new Error(`the server session accepted wrong credentials: ${state}`);
    if (!result.client.failure && !result.server.failure) throw new Error(`the handshake with wrong credentials did not fail: ${state}`);

    const router = scope.sockets.open(Router, 'bind', { ...fixture.server });
    const refusals = new EventCounter(router, 'handshake:error:auth');
    const endpoint = await scope.sockets.bind(router);
    const intruder = scope.sockets.open(Dealer, 'connect', { ...fixture.wrongClient, routingId: 'intruder' });
    const intruderRefusals = new EventCounter(intruder, 'handshake:error:auth');
    intruder.connect(endpoint);
    void intruder.send('sneaky').catch(() => {});
    await within(
      Promise.race([refusals.reached(1), intruderRefusals.reached(1)]),
      'a handshake:error:auth event on the server or the refused client',
    );
    intruder.close();
    const good = scope.sockets.open(Dealer, 'connect', { ...fixture.client, routingId: 'good' });
    good.connect(endpoint);
    await good.send('good');
    expect(texts(await within(router.receive(), 'the good client\'s message'))).toEqual(['good', 'good']);
  },
};

function expectProperties(received: Metadata | undefined, sent: Record<string, string>, side: string): void {
  if (!received) throw new Error(`the ${side} session finished without metadata`);
  for (const [name, value] of Object.entries(sent)) {
    const got = received.get(name);
    if (got === undefined) {
      throw new Error(`the ${side} session did not receive the property "${name}"; it got: ${[...received.keys()].join(', ')}`);
    }
    expect(decode(got), `property "${name}" at the ${side}`).toBe(value);
  }
}

export const metadata: MechanismCheck = {
  name: 'metadata',
  title: "each session delivers the peer's properties (Socket-Type, Identity, application X- properties) byte for byte",
  async run(scope) {
    const { fixture } = scope;
    const result = await driveHandshake(
      fixture.mechanism,
      { options: fixture.client, metadata: metadataOf(clientProperties) },
      { options: fixture.server, metadata: metadataOf(serverProperties) },
    );
    expectProperties(result.server.done?.metadata, clientProperties, 'server');
    expectProperties(result.client.done?.metadata, serverProperties, 'client');
  },
};
