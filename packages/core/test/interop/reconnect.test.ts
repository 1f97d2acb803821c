/**
 * Reconnection: our connecting socket outlives a libzmq peer that closes, and finds the
 * new libzmq socket that binds the same endpoint. Messages flow again, a message sent
 * while disconnected is delivered, and a SUB re-sends its subscriptions by itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AnySocket,
  type SocketTypeName,
  type Subscribing,
  bindFresh,
  Cleanup,
  nextEvent,
  openSocket,
  receiveWithin,
  retryOn,
  sendWithin,
  texts,
  transports,
} from './helpers.js';

describe.each(transports)('reconnect to a restarted libzmq peer over %s', (kind) => {
  const cleanup = new Cleanup();
  afterEach(cleanup.run);

  /** Closes `peer`, waits until `ours` noticed, and binds a fresh libzmq socket at `endpoint`. */
  async function restartPeer(
    ours: AnySocket,
    peer: AnySocket,
    type: SocketTypeName,
    endpoint: string,
    options: Record<string, unknown> = {},
  ): Promise<AnySocket> {
    const disconnected = nextEvent(ours, 'disconnect', 'our socket after the libzmq peer closed');
    peer.close();
    await disconnected;
    const replacement = cleanup.socket(openSocket('libzmq', type, options));
    // The closed socket releases its port or path asynchronously; retry while it is busy.
    await retryOn('EADDRINUSE', () => replacement.bind(endpoint), `rebinding ${endpoint}`);
    return replacement;
  }

  it('PUSH (ours) delivers again, including a message queued while disconnected', async () => {
    const push = cleanup.socket(openSocket('ours', 'Push', { reconnectInterval: 50 }));
    const firstPull = cleanup.socket(openSocket('libzmq', 'Pull'));
    const endpoint = await bindFresh(firstPull, kind, cleanup);
    push.connect(endpoint);
    await sendWithin(push, 'before');
    expect(texts(await receiveWithin(firstPull, 'message before restart'))).toEqual(['before']);

    const secondPull = await restartPeer(push, firstPull, 'Pull', endpoint);
    await sendWithin(push, 'queued while disconnected');
    expect(texts(await receiveWithin(secondPull, 'queued message after reconnect'))).toEqual([
      'queued while disconnected',
    ]);
    await sendWithin(push, 'after');
    expect(texts(await receiveWithin(secondPull, 'message after reconnect'))).toEqual(['after']);
  });

  it('SUB (ours) re-sends its subscriptions to the new publisher', async () => {
    const sub = cleanup.socket(openSocket('ours', 'Subscriber', { reconnectInterval: 50 })) as Subscribing;
    sub.subscribe('news');
    const firstPub = cleanup.socket(openSocket('libzmq', 'XPublisher'));
    const endpoint = await bindFresh(firstPub, kind, cleanup);
    sub.connect(endpoint);
    expect(await receiveWithin(firstPub, 'subscription at the first XPUB')).toEqual([Buffer.from('\x01news')]);
    await sendWithin(firstPub, ['news', 'first']);
    expect(texts(await receiveWithin(sub, 'publication before restart'))).toEqual(['news', 'first']);

    // Keep a receive pending: under ZMTP_IMPL=zeromq the SUB is libzmq, which re-sends
    // subscriptions only while the application is calling into the socket.
    const publication = receiveWithin(sub, 'publication after reconnect', 10_000);
    const secondPub = await restartPeer(sub, firstPub, 'XPublisher', endpoint);
    // Nobody called subscribe again: the subscription must come from the reconnect.
    expect(await receiveWithin(secondPub, 'subscription re-sent after reconnect')).toEqual([Buffer.from('\x01news')]);
    await sendWithin(secondPub, ['weather', 'ignored']);
    await sendWithin(secondPub, ['news', 'second']);
    expect(texts(await publication)).toEqual(['news', 'second']);
  });

  it('DEALER (ours) keeps its routing id across a restarted ROUTER', async () => {
    const dealer = cleanup.socket(openSocket('ours', 'Dealer', { routingId: 'steady-dealer', reconnectInterval: 50 }));
    const firstRouter = cleanup.socket(openSocket('libzmq', 'Router'));
    const endpoint = await bindFresh(firstRouter, kind, cleanup);
    dealer.connect(endpoint);
    await sendWithin(dealer, 'one');
    expect(texts(await receiveWithin(firstRouter, 'message at the first ROUTER'))).toEqual(['steady-dealer', 'one']);

    const secondRouter = await restartPeer(dealer, firstRouter, 'Router', endpoint);
    await sendWithin(dealer, 'two');
    expect(texts(await receiveWithin(secondRouter, 'message at the second ROUTER'))).toEqual(['steady-dealer', 'two']);
    await sendWithin(secondRouter, ['steady-dealer', 'reply']);
    expect(texts(await receiveWithin(dealer, 'reply from the second ROUTER'))).toEqual(['reply']);
  });
});
