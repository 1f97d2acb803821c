import { Dealer, Pull, Push, Router } from '@zmtp/core';
import { expect } from 'vitest';
import { needsZmtpStream } from '../capabilities.js';
import { texts } from '../support/bytes.js';
import { within } from '../support/waits.js';
import { needs, type SocketCheck } from './pattern-checks.js';
import { EventCounter, receiveText } from './socket-scope.js';

export const reconnect: SocketCheck = {
  name: 'reconnect',
  title: 'a connecting socket reconnects after the listener restarts, and queued messages then flow',
  skip: (caps) => needs('PUSH', 'PULL')(caps) ?? needsZmtpStream(caps, 'reconnects'),
  async run(scope) {
    const first = scope.open(Pull, 'bind');
    const endpoint = await scope.bind(first);
    const push = scope.open(Push, 'connect', { reconnectInterval: 20 });
    const disconnects = new EventCounter(push, 'disconnect');
    push.connect(endpoint);
    await push.send('before the restart');
    expect(await receiveText(first, 'the message before the restart')).toEqual(['before the restart']);
    first.close();
    await within(disconnects.reached(1), 'the connecting socket to see the listener go');
    // Queued while nobody listens; delivered once the connection is back.
    const sending = push.send('after the restart');
    const second = scope.open(Pull, 'bind');
    await scope.bindAgain(second, endpoint);
    await within(sending, 'the send queued while disconnected');
    expect(await receiveText(second, 'the message after the restart')).toEqual(['after the restart']);
  },
};

export const heartbeat: SocketCheck = {
  name: 'heartbeat-expiry',
  title: 'heartbeats expire a peer that went silent; the socket then serves it again once it reconnects',
  skip: (caps) => needs('DEALER', 'ROUTER')(caps) ?? needsZmtpStream(caps, 'heartbeats'),
  async run(scope) {
    const router = scope.open(Router, 'bind', { heartbeatInterval: 50, heartbeatTimeout: 250 });
    const handshakes = new EventCounter(router, 'handshake');
    const disconnects = new EventCounter(router, 'disconnect');
    const endpoint = await scope.bind(router);
    const { socket: dealer, tap } = scope.openTapped(Dealer, { routingId: 'silent', reconnectInterval: 20 });
    dealer.connect(endpoint);
    await dealer.send('hello');
    expect(texts(await within(router.receive(), 'the first message'))).toEqual(['silent', 'hello']);
    await within(handshakes.reached(1), 'the handshake');

    // The peer stops answering anything, PINGs included, without closing.
    tap.latest().freeze();
    await within(disconnects.reached(1), 'the router to drop the silent peer after its heartbeat timeout');

    // The dealer sees its connection closed, reconnects through a new connection and is served again.
    await within(handshakes.reached(2), 'the dealer to reconnect');
    await dealer.send('back again');
    expect(texts(await within(router.receive(), 'a message after the reconnect'))).toEqual(['silent', 'back again']);
  },
};
