/**
 * Prefix filtering between our PUB/XPUB/SUB/XSUB and libzmq's: only matching topics
 * arrive, and an unsubscribe stops them.
 *
 * A PUB silently drops everything until a subscription reaches it, and nothing tells a
 * subscriber when that happened. So each phase subscribes a marker topic last and
 * publishes the marker until it arrives: subscriptions travel in order on one
 * connection, so once the marker is through, the earlier (un)subscriptions are in force.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AnySocket,
  type Side,
  type SocketTypeName,
  type Subscribing,
  bindFresh,
  Cleanup,
  openSocket,
  receiveWithin,
  repeatUntil,
  sendWithin,
  texts,
  transports,
} from './helpers.js';

const subscribeFrame = (topic: string) => Buffer.concat([Buffer.from([1]), Buffer.from(topic)]);
const unsubscribeFrame = (topic: string) => Buffer.concat([Buffer.from([0]), Buffer.from(topic)]);

/** SUB subscribes with a method; XSUB by sending 0x01/0x00-prefixed messages. */
function subscriptions(socket: AnySocket, type: SocketTypeName) {
  return {
    async subscribe(topic: string) {
      if (type === 'Subscriber') (socket as Subscribing).subscribe(topic);
      else await sendWithin(socket, subscribeFrame(topic));
    },
    async unsubscribe(topic: string) {
      if (type === 'Subscriber') (socket as Subscribing).unsubscribe(topic);
      else await sendWithin(socket, unsubscribeFrame(topic));
    },
  };
}

const isMarker = (topic: string) => topic.startsWith('marker-');

/** Publishes `marker` until the subscriber receives it. */
async function syncOn(marker: string, pub: AnySocket, sub: AnySocket): Promise<void> {
  const arrived = receiveWithin(sub, `marker ${marker}`);
  const first = await repeatUntil(() => sendWithin(pub, marker), arrived, `marker '${marker}' to pass the filter`);
  expect(texts(first)).toEqual([marker]);
}

/** Publishes `topics` and returns what arrives up to and including `last`, minus markers. */
async function publishAndCollect(pub: AnySocket, sub: AnySocket, topics: string[], last: string): Promise<string[]> {
  for (const topic of topics) await sendWithin(pub, [topic, `body of ${topic}`]);
  const received: string[] = [];
  for (;;) {
    const [topic] = texts(await receiveWithin(sub, `publications up to '${last}' (so far: ${received.join(', ')})`));
    if (isMarker(topic)) continue;
    received.push(topic);
    if (topic === last) return received;
  }
}

interface FilterCase {
  pub: [Side, SocketTypeName];
  sub: [Side, SocketTypeName];
  /** What the case pins down. */
  why: string;
}

const filterCases: FilterCase[] = [
  { pub: ['ours', 'Publisher'], sub: ['libzmq', 'XSubscriber'], why: 'XSUB does not filter: our PUB must' },
  { pub: ['ours', 'XPublisher'], sub: ['libzmq', 'XSubscriber'], why: 'our XPUB filters too' },
  { pub: ['ours', 'Publisher'], sub: ['libzmq', 'Subscriber'], why: 'libzmq SUB subscriptions understood' },
  { pub: ['libzmq', 'Publisher'], sub: ['ours', 'Subscriber'], why: 'our subscribe/unsubscribe understood' },
  { pub: ['libzmq', 'Publisher'], sub: ['ours', 'XSubscriber'], why: 'our XSUB subscription messages understood' },
];

describe.each(transports)('pub/sub prefix filtering over %s', (kind) => {
  const cleanup = new Cleanup();
  afterEach(cleanup.run);

  const variants = filterCases.flatMap((c) =>
    (['pub', 'sub'] as const).map((binder) => {
      const name = `${c.pub[1]} (${c.pub[0]}) to ${c.sub[1]} (${c.sub[0]}), ${binder} binds: ${c.why}`;
      return [name, c, binder] as const;
    }),
  );

  it.each(variants)('%s', async (_name, { pub: [pubSide, pubType], sub: [subSide, subType] }, binder) => {
    const pub = cleanup.socket(openSocket(pubSide, pubType));
    const sub = cleanup.socket(openSocket(subSide, subType));
    const endpoint = await bindFresh(binder === 'pub' ? pub : sub, kind, cleanup);
    (binder === 'pub' ? sub : pub).connect(endpoint);
    const control = subscriptions(sub, subType);

    await control.subscribe('a.');
    await control.subscribe('b.');
    await control.subscribe('marker-1');
    await syncOn('marker-1', pub, sub);
    const matching = await publishAndCollect(pub, sub, ['c.1', 'a.1', 'ab', 'b.1', 'x', 'A.1', 'a.end'], 'a.end');
    expect(matching).toEqual(['a.1', 'b.1', 'a.end']);

    await control.unsubscribe('a.');
    await control.subscribe('marker-2');
    await syncOn('marker-2', pub, sub);
    const afterUnsubscribe = await publishAndCollect(pub, sub, ['a.2', 'b.2', 'a.3', 'b.end'], 'b.end');
    expect(afterUnsubscribe).toEqual(['b.2', 'b.end']);
  });

  it.each(['ours', 'libzmq'] as const)(
    'our SUB sends subscribe and cancel that a libzmq XPUB surfaces exactly, %s binds',
    async (binder) => {
      const xpub = cleanup.socket(openSocket('libzmq', 'XPublisher'));
      const sub = cleanup.socket(openSocket('ours', 'Subscriber')) as Subscribing;
      const endpoint = await bindFresh(binder === 'libzmq' ? xpub : sub, kind, cleanup);
      (binder === 'libzmq' ? sub : xpub).connect(endpoint);

      sub.subscribe('a.', 'b.');
      // Keep a receive pending: a bound libzmq SUB (under ZMTP_IMPL=zeromq) attaches
      // its peer only while the application calls into it.
      const firstPublication = receiveWithin(sub, 'first publication');
      expect(await receiveWithin(xpub, 'first subscription')).toEqual([subscribeFrame('a.')]);
      expect(await receiveWithin(xpub, 'second subscription')).toEqual([subscribeFrame('b.')]);

      for (const topic of ['c.1', 'a.1', 'b.1']) await sendWithin(xpub, [topic, 'body']);
      expect(texts(await firstPublication)).toEqual(['a.1', 'body']);
      expect(texts(await receiveWithin(sub, 'second publication'))).toEqual(['b.1', 'body']);

      sub.unsubscribe('a.');
      expect(await receiveWithin(xpub, 'cancel')).toEqual([unsubscribeFrame('a.')]);
      for (const topic of ['a.2', 'b.2']) await sendWithin(xpub, [topic, 'body']);
      expect(texts(await receiveWithin(sub, 'publication after cancel'))).toEqual(['b.2', 'body']);
    },
  );
});
