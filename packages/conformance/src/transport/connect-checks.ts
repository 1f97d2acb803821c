import type { Connection } from '@zmtp/core';
import { expect } from 'vitest';
import { needsBothEnds, needsByteStream, needsConnections, type TransportConformanceCapabilities } from '../capabilities.js';
import type { Check } from '../check.js';
import { decode, encode } from '../support/bytes.js';
import { ConnectionProbe } from '../support/connection-probe.js';
import { expectZmqError } from '../support/expect-error.js';
import { pause, within } from '../support/waits.js';
import type { TransportScope } from './transport-scope.js';

type TransportCheck = Check<TransportConformanceCapabilities, TransportScope>;

export const listenAndAccept: TransportCheck = {
  name: 'listen-accept',
  title: 'listens, reports its endpoint, accepts one dial, and bytes flow both ways',
  skip: needsByteStream,
  async run(scope) {
    const { listener, accepted } = await scope.listen();
    expect(listener.endpoint, 'the listener endpoint').toMatch(/^[a-z][a-z0-9+.-]*:\/\/./);
    const client = await scope.dialStream(listener.endpoint);
    const server = (await within(accepted.next(), 'the listener to accept the dial')) as Connection;
    const clientProbe = new ConnectionProbe(client);
    const serverProbe = new ConnectionProbe(server);
    client.write(encode('hello'));
    expect(decode(await within(serverProbe.read(5), '"hello" at the listener side'))).toBe('hello');
    server.write(encode('world'));
    expect(decode(await within(clientProbe.read(5), '"world" at the dialer side'))).toBe('world');
    expect(accepted.all, 'connections accepted for one dial').toHaveLength(1);
  },
};

export const dialRefused: TransportCheck = {
  name: 'dial-refused',
  title: 'a dial to an address where nothing listens rejects with a typed ECONNREFUSED',
  skip: (caps) =>
    caps.dialWaitsForListener
      ? 'dials wait for a listener instead of failing (capabilities.dialWaitsForListener)'
      : needsBothEnds(caps) ?? needsConnections(caps),
  async run(scope) {
    const nowhere = await scope.unreachable();
    await within(expectZmqError(scope.dial(nowhere), 'ECONNREFUSED', `dial("${nowhere}")`), 'the refused dial to settle');
  },
};

export const abortBeforeDial: TransportCheck = {
  name: 'abort-before-dial',
  title: 'a dial with an already aborted signal rejects with the signal reason and connects nothing',
  skip: needsBothEnds,
  async run(scope) {
    const { listener, accepted } = await scope.listen();
    // A datagram transport accepts its one engine when it binds; count only what comes after.
    const before = accepted.all.length;
    const controller = new AbortController();
    const reason = new Error('the caller gave up before dialing');
    controller.abort(reason);
    const outcome = await within(
      scope.dial(listener.endpoint, controller.signal).then(
        () => 'resolved',
        (error: unknown) => error,
      ),
      'the aborted dial to settle',
    );
    if (outcome !== reason) throw new Error(`the aborted dial settled with ${describeOutcome(outcome)}; expected the signal's reason`);
    await pause(20);
    expect(accepted.all.slice(before), 'connections accepted from an aborted dial').toHaveLength(0);
  },
};

export const abortDuringDial: TransportCheck = {
  name: 'abort-during-dial',
  title: 'aborting a dial under way rejects with the reason and tears down what was half open',
  skip: (caps) => (caps.dialWaitsForListener ? needsBothEnds(caps) : needsByteStream(caps)),
  async run(scope) {
    const controller = new AbortController();
    const reason = new Error('the caller gave up while dialing');
    if (scope.capabilities.dialWaitsForListener) {
      // The dial waits for a listener that never comes, until the abort.
      const dialing = scope.dial(await scope.unreachable(), controller.signal);
      await pause(5);
      controller.abort(reason);
      await within(expect(dialing).rejects.toBe(reason), 'the aborted dial to reject');
      return;
    }
    const { listener, accepted } = await scope.listen();
    const dialing = scope.dial(listener.endpoint, controller.signal);
    controller.abort(reason);
    await within(expect(dialing).rejects.toBe(reason), 'the aborted dial to reject');
    // Whatever the listener accepted from that attempt must be torn down.
    await pause(20);
    for (const connection of accepted.all) {
      const probe = new ConnectionProbe(connection as Connection);
      await within(probe.finished('teardown'), 'the listener side of the aborted dial to end or close');
    }
    // The listener still works.
    await within(scope.dial(listener.endpoint), 'a dial after the aborted one');
  },
};

export const addressInUse: TransportCheck = {
  name: 'address-in-use',
  title: 'listening twice on one address rejects with EADDRINUSE; after close it can be bound again',
  skip: (caps) => (caps.dialOnly ? needsBothEnds(caps) : undefined),
  async run(scope) {
    const { listener } = await scope.listen();
    await expectZmqError(scope.listen(listener.endpoint), 'EADDRINUSE', `a second listen("${listener.endpoint}")`);
    await listener.close();
    const again = await scope.listen(listener.endpoint);
    expect(again.listener.endpoint, 'the endpoint bound again').toBe(listener.endpoint);
  },
};

export const listenerClose: TransportCheck = {
  name: 'listener-close',
  title: 'closing a listener keeps its open connections working and refuses new dials',
  skip: needsByteStream,
  async run(scope) {
    const { listener, client, server } = await scope.pair();
    const clientProbe = new ConnectionProbe(client);
    const serverProbe = new ConnectionProbe(server);
    await listener.close();
    await listener.close(); // closing twice is harmless
    client.write(encode('still'));
    expect(decode(await within(serverProbe.read(5), 'bytes after the listener closed'))).toBe('still');
    server.write(encode('here!'));
    expect(decode(await within(clientProbe.read(5), 'the answer after the listener closed'))).toBe('here!');
    await expectZmqError(scope.dial(listener.endpoint), 'ECONNREFUSED', 'a dial to the closed listener');
    expect(clientProbe.closed || serverProbe.closed, 'an open connection closed with its listener').toBe(false);
  },
};

export const twoDialers: TransportCheck = {
  name: 'two-dialers',
  title: 'two dialers get two distinct connections and their bytes do not cross',
  skip: needsByteStream,
  async run(scope) {
    const { listener, accepted } = await scope.listen();
    const first = await scope.dialStream(listener.endpoint);
    const second = await scope.dialStream(listener.endpoint);
    const servers = [await within(accepted.next(), 'the first accept'), await within(accepted.next(), 'the second accept')] as Connection[];
    expect(servers[0]).not.toBe(servers[1]);
    expect(first).not.toBe(second);
    const serverProbes = servers.map((server) => new ConnectionProbe(server));
    const firstProbe = new ConnectionProbe(first);
    const secondProbe = new ConnectionProbe(second);
    first.write(encode('A'));
    second.write(encode('B'));
    const names = await within(
      Promise.all(serverProbes.map(async (probe) => decode(await probe.read(1)))),
      'one byte on each accepted connection',
    );
    expect([...names].sort()).toEqual(['A', 'B']);
    // Answer each accepted connection's dialer by name; each dialer must get its own answer.
    servers.forEach((server, index) => server.write(encode(`to-${names[index]}`)));
    expect(decode(await within(firstProbe.read(4), 'the first dialer\'s answer'))).toBe('to-A');
    expect(decode(await within(secondProbe.read(4), 'the second dialer\'s answer'))).toBe('to-B');
  },
};

export const addresses: TransportCheck = {
  name: 'addresses',
  title: 'both ends report local and remote addresses that match each other and the listener',
  skip: needsByteStream,
  async run(scope) {
    const { listener, client, server } = await scope.pair();
    const scheme = scope.schemeOf(listener.endpoint);
    const reported = {
      'client.localAddress': client.localAddress,
      'client.remoteAddress': client.remoteAddress,
      'server.localAddress': server.localAddress,
      'server.remoteAddress': server.remoteAddress,
    };
    for (const [name, address] of Object.entries(reported)) {
      if (typeof address !== 'string' || !address.startsWith(scheme)) {
        throw new Error(`${name} is ${JSON.stringify(address)}; expected an endpoint starting with ${scheme}`);
      }
    }
    expect(client.remoteAddress, 'client.remoteAddress').toBe(listener.endpoint);
    expect(server.localAddress, 'server.localAddress').toBe(listener.endpoint);
    expect(server.remoteAddress, 'server.remoteAddress').toBe(client.localAddress);
  },
};

function describeOutcome(value: unknown): string {
  if (value === 'resolved') return 'a connection';
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return String(value);
}

