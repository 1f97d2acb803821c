import { Publisher, Subscriber } from '@zmtp/core';
import { expect } from 'vitest';
import { needsZmtpStream } from '../capabilities.js';
import { within } from '../support/waits.js';
import { needs, type SocketCheck } from './pattern-checks.js';
import { publishUntilReceived } from './publish-until.js';
import { EventCounter, receiveText, type Receiver } from './socket-scope.js';

/** Receives until `last` arrives, dropping probes; returns what came, `last` included. */
async function receiveUntil(subscriber: Receiver, last: string, isProbe: (text: string) => boolean): Promise<string[]> {
  const got: string[] = [];
  for (;;) {
    const [text] = await receiveText(subscriber, `"${last}" (so far: ${JSON.stringify(got)})`);
    if (isProbe(text)) continue;
    got.push(text);
    if (text === last) return got;
  }
}

export const pubSubFilter: SocketCheck = {
  name: 'pub-sub-filter',
  title: 'SUB receives only topics it subscribed to (prefix match), and unsubscribing stops them',
  skip: needs('PUB', 'SUB'),
  async run(scope) {
    const publisher = scope.open(Publisher, 'bind');
    const subscriber = scope.open(Subscriber, 'connect');
    subscriber.connect(await scope.bind(publisher));
    subscriber.subscribe('weather');
    await publishUntilReceived(publisher, subscriber, 'weather probe', 'the subscription to reach the publisher');
    for (const text of ['sports 1', 'weather 1', 'weatherman 1', 'sports 2', 'weather end']) await publisher.send(text);
    const isProbe = (text: string) => text.endsWith(' probe');
    expect(await receiveUntil(subscriber, 'weather end', isProbe)).toEqual(['weather 1', 'weatherman 1', 'weather end']);

    // Cancel before subscribing anew: once the new topic flows, the cancel has been applied too.
    subscriber.unsubscribe('weather');
    subscriber.subscribe('sports');
    await publishUntilReceived(publisher, subscriber, 'sports probe', 'the new subscription to reach the publisher');
    for (const text of ['weather 2', 'sports 3', 'weather 3', 'sports end']) await publisher.send(text);
    expect(await receiveUntil(subscriber, 'sports end', isProbe)).toEqual(['sports 3', 'sports end']);
  },
};

export const pubSubResubscribe: SocketCheck = {
  name: 'pub-sub-resubscribe',
  title: 'a SUB resubscribes after reconnecting to a restarted PUB, and filtering still holds',
  skip: (caps) => needs('PUB', 'SUB')(caps) ?? needsZmtpStream(caps, 'reconnects'),
  async run(scope) {
    const first = scope.open(Publisher, 'bind');
    const endpoint = await scope.bind(first);
    const subscriber = scope.open(Subscriber, 'connect', { reconnectInterval: 20 });
    const disconnects = new EventCounter(subscriber, 'disconnect');
    subscriber.connect(endpoint);
    subscriber.subscribe('news');
    await publishUntilReceived(first, subscriber, 'news probe', 'the first publisher');
    first.close();
    await within(disconnects.reached(1), 'the subscriber to see the publisher go');

    const second = scope.open(Publisher, 'bind');
    await scope.bindAgain(second, endpoint);
    // Offer both topics until the second publisher's news arrives: only news may come.
    const others = await publishUntilReceived(
      second,
      subscriber,
      'news from second',
      "the second publisher's news",
      'sports from second',
    );
    const leaked = others.map((parts) => parts.join(' ')).filter((text) => !text.startsWith('news'));
    expect(leaked, 'messages on topics never subscribed').toEqual([]);
  },
};

