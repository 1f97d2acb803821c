import { Dealer, Publisher, Pull, Push, Router, Subscriber } from '@zmtp/core';
import { expect } from 'vitest';
import { decode, encode, firstDifference, pattern, texts } from '../support/bytes.js';
import { quiet, within } from '../support/waits.js';
import { needs, type SocketCheck } from './pattern-checks.js';
import { publishUntilReceived } from './publish-until.js';

/** Part sizes within what the transport carries. */
function partSize(wanted: number, maxMessageSize: number | undefined, parts: number): number {
  return maxMessageSize === undefined ? wanted : Math.max(1, Math.min(wanted, Math.floor(maxMessageSize / (parts + 1))));
}

export const multipartAtomic: SocketCheck = {
  name: 'multipart-atomic',
  title: 'multipart messages arrive whole and in order, empty parts kept, under a high-water mark of one',
  skip: (caps) => needs('PUSH', 'PULL')(caps) ?? needs('DEALER', 'ROUTER')(caps),
  async run(scope) {
    const pull = scope.open(Pull, 'bind', { receiveHighWaterMark: 1 });
    const push = scope.open(Push, 'connect', { sendHighWaterMark: 1 });
    push.connect(await scope.bind(pull));
    const count = 30;
    const step = partSize(2000, scope.capabilities.maxMessageSize, 4);
    const message = (i: number): Uint8Array[] => [encode(`id ${i}`), new Uint8Array(0), pattern(i * step, i + 1), encode(`end ${i}`)];
    const sending = quiet(
      (async () => {
        for (let i = 0; i < count; i++) await push.send(message(i));
      })(),
    );
    for (let i = 0; i < count; i++) {
      const parts = await within(pull.receive(), `multipart message ${i}`);
      const expected = message(i);
      expect(parts.length, `parts of message ${i}`).toBe(expected.length);
      parts.forEach((part, p) => {
        if (firstDifference(part, expected[p]) !== -1) throw new Error(`part ${p} of message ${i} differs from what was sent`);
      });
    }
    await within(sending, 'every multipart send to complete');

    // The same through DEALER/ROUTER, where the routing id is one more part.
    const router = scope.open(Router, 'bind');
    const dealer = scope.open(Dealer, 'connect', { routingId: 'multi' });
    dealer.connect(await scope.bind(router));
    for (let i = 0; i < 5; i++) await dealer.send(['a', '', `b${i}`, 'c']);
    for (let i = 0; i < 5; i++) {
      expect(texts(await within(router.receive(), `routed multipart ${i}`))).toEqual(['multi', 'a', '', `b${i}`, 'c']);
    }
  },
};

/** Messages a blocked PUSH may accept before refusing; well above any transport's buffers. */
const PUSH_LIMIT_BYTES = 64 * 1024 * 1024;

export const highWaterMark: SocketCheck = {
  name: 'high-water-mark',
  title: 'PUSH refuses (EAGAIN) once the high-water marks fill and loses nothing; PUB drops instead of blocking',
  skip: (caps) => needs('PUSH', 'PULL')(caps) ?? needs('PUB', 'SUB')(caps),
  async run(scope) {
    const size = partSize(16 * 1024, scope.capabilities.maxMessageSize, 1);
    const body = pattern(size, 9);
    const numbered = (i: number): Uint8Array[] => [encode(String(i)), body];

    // PUSH: nobody reads, so sends must eventually be refused.
    const pull = scope.open(Pull, 'bind', { receiveHighWaterMark: 2 });
    const push = scope.open(Push, 'connect', { sendHighWaterMark: 2 });
    push.connect(await scope.bind(pull));
    await push.send(numbered(0));
    expect(decode((await within(pull.receive(), 'the first message'))[0])).toBe('0');
    push.sendTimeout = 0;
    let accepted = 1;
    for (;;) {
      const refused = await push.send(numbered(accepted)).then(
        () => false,
        (error: unknown) => {
          if ((error as { code?: string }).code !== 'EAGAIN') throw error;
          return true;
        },
      );
      if (refused) break;
      accepted += 1;
      if (accepted * size > PUSH_LIMIT_BYTES) {
        throw new Error(`PUSH accepted ${accepted} messages (${accepted * size} bytes) for a peer that reads nothing`);
      }
    }
    for (let i = 1; i < accepted; i++) {
      const [id, got] = await within(pull.receive(), `message ${i} of ${accepted - 1} accepted before the refusal`);
      expect(decode(id), 'messages lost or reordered at the high-water mark').toBe(String(i));
      if (firstDifference(got, body) !== -1) throw new Error(`message ${i} arrived damaged`);
    }
    push.sendTimeout = -1;
    await within(push.send(numbered(accepted)), 'a send after the queue drained');
    expect(decode((await within(pull.receive(), 'the message after the queue drained'))[0])).toBe(String(accepted));

    // PUB: a slow subscriber never blocks the publisher; what arrives is in order.
    const publisher = scope.open(Publisher, 'bind', { sendHighWaterMark: 2 });
    const subscriber = scope.open(Subscriber, 'connect', { receiveHighWaterMark: 2 });
    subscriber.connect(await scope.bind(publisher));
    subscriber.subscribe('');
    await publishUntilReceived(publisher, subscriber, 'hello', 'the subscription to reach the publisher');
    const flood = 500;
    for (let i = 0; i < flood; i++) await within(publisher.send(numbered(i)), `PUB send ${i} (PUB must drop, not block)`, 2_000);
    const seen = (await publishUntilReceived(publisher, subscriber, 'marker', 'the subscriber to catch up after the flood'))
      .map(([head]) => head)
      .filter((head) => /^\d+$/.test(head))
      .map(Number);
    const outOfOrder = seen.filter((id, i) => i > 0 && id <= seen[i - 1]);
    expect(outOfOrder, 'flood messages that arrived out of order').toEqual([]);
  },
};
