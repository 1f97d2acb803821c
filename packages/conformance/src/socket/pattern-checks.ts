import { Dealer, Pair, Pull, Push, Reply, Request, Router } from '@zmtp/core';
import { expect } from 'vitest';
import { needsReliableOrdered, needsSocketTypes, type TransportConformanceCapabilities } from '../capabilities.js';
import type { Check } from '../check.js';
import { decode } from '../support/bytes.js';
import { settleDelivery, within } from '../support/waits.js';
import { EventCounter, receiveText, type SocketScope } from './socket-scope.js';

export type SocketCheck = Check<TransportConformanceCapabilities, SocketScope>;

/** Skips unless the transport is reliable, ordered, and serves these socket types. */
export const needs =
  (...types: string[]) =>
  (caps: TransportConformanceCapabilities): string | undefined =>
    needsReliableOrdered(caps) ?? needsSocketTypes(caps, types);

const PEERS = 3;

export const pushPullRoundRobin: SocketCheck = {
  name: 'push-pull-round-robin',
  title: 'PUSH deals messages round-robin over its peers, one message each in connect order',
  skip: needs('PUSH', 'PULL'),
  async run(scope) {
    const push = scope.open(Push, 'connect');
    const pulls: Pull[] = [];
    for (let i = 0; i < PEERS; i++) {
      const pull = scope.open(Pull, 'bind');
      // A connecting socket owns a pipe to each peer from connect() on, so the order is the connect order.
      push.connect(await scope.bind(pull));
      pulls.push(pull);
    }
    for (let i = 0; i < 2 * PEERS; i++) await within(push.send(`m${i}`), `send ${i}`);
    for (let i = 0; i < PEERS; i++) {
      const got = [await receiveText(pulls[i], `the first message at pull ${i}`), await receiveText(pulls[i], `the second message at pull ${i}`)];
      expect(got, `messages at pull ${i}`).toEqual([[`m${i}`], [`m${i + PEERS}`]]);
    }
  },
};

export const pullFairQueue: SocketCheck = {
  name: 'pull-fair-queue',
  title: 'PULL fair-queues: one message from every peer before a second from any',
  skip: needs('PUSH', 'PULL'),
  async run(scope) {
    const pull = scope.open(Pull, 'bind');
    const handshakes = new EventCounter(pull, 'handshake');
    const endpoint = await scope.bind(pull);
    const pushes: Push[] = [];
    for (let i = 0; i < PEERS; i++) {
      const push = scope.open(Push, 'connect');
      push.connect(endpoint);
      pushes.push(push);
    }
    // One message each first, so every peer is known to be connected.
    for (const [i, push] of pushes.entries()) await push.send(`hello ${i}`);
    const hellos: string[] = [];
    for (let i = 0; i < PEERS; i++) hellos.push((await receiveText(pull, `hello ${i}`))[0]);
    expect(hellos.sort()).toEqual(pushes.map((_, i) => `hello ${i}`));
    if (scope.capabilities.kind === 'stream') await within(handshakes.reached(PEERS), `${PEERS} handshakes`);
    for (const [i, push] of pushes.entries()) {
      await push.send(`first ${i}`);
      await push.send(`second ${i}`);
    }
    await settleDelivery();
    const received: string[] = [];
    for (let i = 0; i < 2 * PEERS; i++) received.push((await receiveText(pull, `message ${i}`))[0]);
    expect(received.slice(0, PEERS).sort(), 'the first round').toEqual(pushes.map((_, i) => `first ${i}`));
    expect(received.slice(PEERS).sort(), 'the second round').toEqual(pushes.map((_, i) => `second ${i}`));
  },
};

export const requestReply: SocketCheck = {
  name: 'req-rep',
  title: 'REQ/REP: five request/reply round trips',
  skip: needs('REQ', 'REP'),
  async run(scope) {
    const reply = scope.open(Reply, 'bind');
    const request = scope.open(Request, 'connect');
    request.connect(await scope.bind(reply));
    for (let i = 0; i < 5; i++) {
      await within(request.send(`request ${i}`), `request ${i} to be sent`);
      expect(await receiveText(reply, `request ${i}`)).toEqual([`request ${i}`]);
      await reply.send(`reply ${i}`);
      expect(await receiveText(request, `reply ${i}`)).toEqual([`reply ${i}`]);
    }
  },
};

export const dealerRouter: SocketCheck = {
  name: 'dealer-router-identities',
  title: 'ROUTER sees each DEALER by its routing id and routes replies by it',
  skip: needs('DEALER', 'ROUTER'),
  async run(scope) {
    const router = scope.open(Router, 'bind');
    const endpoint = await scope.bind(router);
    const dealers = new Map<string, Dealer>();
    for (const name of ['alpha', 'beta']) {
      const dealer = scope.open(Dealer, 'connect', { routingId: name });
      dealer.connect(endpoint);
      await dealer.send(`hello from ${name}`);
      dealers.set(name, dealer);
    }
    const seen = new Map<string, string>();
    for (let i = 0; i < dealers.size; i++) {
      const [id, body] = await within(router.receive(), `message ${i} at the router`);
      seen.set(decode(id), decode(body));
    }
    expect(Object.fromEntries(seen)).toEqual({ alpha: 'hello from alpha', beta: 'hello from beta' });
    await router.send(['beta', 'for beta']);
    await router.send(['alpha', 'for alpha']);
    for (const [name, dealer] of dealers) {
      expect(await receiveText(dealer, `the reply routed to ${name}`)).toEqual([`for ${name}`]);
    }
  },
};

export const pair: SocketCheck = {
  name: 'pair',
  title: 'PAIR: messages both ways between two sockets',
  skip: needs('PAIR'),
  async run(scope) {
    const left = scope.open(Pair, 'bind');
    const right = scope.open(Pair, 'connect');
    right.connect(await scope.bind(left));
    for (let i = 0; i < 3; i++) {
      await right.send(`ping ${i}`);
      expect(await receiveText(left, `ping ${i}`)).toEqual([`ping ${i}`]);
      await left.send(`pong ${i}`);
      expect(await receiveText(right, `pong ${i}`)).toEqual([`pong ${i}`]);
    }
  },
};
