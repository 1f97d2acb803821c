/**
 * XPUB options (libzmq's test_xpub_verbose, test_xpub_manual, test_xpub_nodrop,
 * test_xpub_welcome_msg), over inproc, tcp and ipc.
 *
 * libzmq behaviours these tests rely on, checked with ZMTP_IMPL=zeromq:
 * - XPUB hands subscriptions to the application as messages: 0x01 + topic to
 *   subscribe, 0x00 + topic to unsubscribe. By default only the first subscribe
 *   and the last unsubscribe of a topic come through.
 * - zeromq.js has no `verbose`/`verboser` properties: it exposes both as one
 *   write-only `verbosity` property, `'allSubs'` (ZMQ_XPUB_VERBOSE) or
 *   `'allSubsUnsubs'` (ZMQ_XPUB_VERBOSER). The tests use that name.
 * - In manual mode XPUB passes every subscribe and unsubscribe, duplicates
 *   included, and applies none of them; zeromq.js has no way to subscribe a peer by
 *   hand, so a manual XPUB delivers nothing to its subscribers.
 * - With noDrop, a full subscriber queue makes send() reject with EAGAIN (after
 *   sendTimeout). Over tcp libzmq refused after a single 64 KiB message with marks
 *   of 1 and 1, fewer than a PUSH socket takes, so stream bounds start at the
 *   send mark. Without noDrop, sends never block and surplus messages are dropped.
 * - Subscriptions from one subscriber arrive in order, so a second "marker" topic
 *   proves that a duplicate sent before it was filtered out, without any wait.
 */
import * as zmq from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { allTransports, bindFresh } from './support/addresses.js';
import { sendUntilRefused } from './support/fill.js';
import { receiveText, socketCleanup, type Receiver } from './support/sockets.js';
import { within } from './support/waits.js';

const keep = socketCleanup();

/** The next subscription message at the XPUB, written as "+topic" or "-topic". */
async function nextSubscription(xpub: Receiver): Promise<string> {
  const [message] = await within(xpub.receive(), 'a subscription message at the XPUB');
  const sign = message[0] === 1 ? '+' : message[0] === 0 ? '-' : `?${message[0]}`;
  return sign + new TextDecoder().decode(message.subarray(1));
}

describe.each(allTransports)('XPUB over %s', (transport) => {
  async function setup(options: ConstructorParameters<typeof zmq.XPublisher>[0] = {}) {
    const xpub = keep(new zmq.XPublisher({ linger: 0, ...options }));
    const endpoint = await bindFresh(xpub, transport);
    const first = keep(new zmq.Subscriber({ linger: 0 }));
    const second = keep(new zmq.Subscriber({ linger: 0 }));
    first.connect(endpoint);
    second.connect(endpoint);
    return { xpub, first, second };
  }

  it('by default passes only the first subscribe and the last unsubscribe of a topic', async () => {
    const { xpub, first, second } = await setup();
    first.subscribe('A');
    expect(await nextSubscription(xpub)).toBe('+A');

    second.subscribe('A');
    second.subscribe('marker 1');
    expect(await nextSubscription(xpub)).toBe('+marker 1');

    first.unsubscribe('A');
    first.subscribe('marker 2');
    expect(await nextSubscription(xpub)).toBe('+marker 2');

    second.unsubscribe('A');
    expect(await nextSubscription(xpub)).toBe('-A');
  });

  it("with verbosity 'allSubs', passes every subscribe but only the last unsubscribe", async () => {
    const { xpub, first, second } = await setup({ verbosity: 'allSubs' });
    first.subscribe('A');
    expect(await nextSubscription(xpub)).toBe('+A');
    second.subscribe('A');
    expect(await nextSubscription(xpub)).toBe('+A');

    first.unsubscribe('A');
    first.subscribe('marker');
    expect(await nextSubscription(xpub)).toBe('+marker');
    second.unsubscribe('A');
    expect(await nextSubscription(xpub)).toBe('-A');
  });

  it("with verbosity 'allSubsUnsubs', passes every subscribe and unsubscribe", async () => {
    const { xpub, first, second } = await setup({ verbosity: 'allSubsUnsubs' });
    first.subscribe('A');
    expect(await nextSubscription(xpub)).toBe('+A');
    second.subscribe('A');
    expect(await nextSubscription(xpub)).toBe('+A');
    first.unsubscribe('A');
    expect(await nextSubscription(xpub)).toBe('-A');
    second.unsubscribe('A');
    expect(await nextSubscription(xpub)).toBe('-A');
  });

  it('delivers published messages to matching subscribers once their subscription is in', async () => {
    const { xpub, first, second } = await setup();
    first.subscribe('A');
    expect(await nextSubscription(xpub)).toBe('+A');
    second.subscribe('B');
    expect(await nextSubscription(xpub)).toBe('+B');

    await xpub.send('B 1');
    await xpub.send('A 1');
    await xpub.send(['A 2', 'second part']);
    expect(await receiveText(first)).toEqual(['A 1']);
    expect(await receiveText(first)).toEqual(['A 2', 'second part']);
    expect(await receiveText(second)).toEqual(['B 1']);
  });

  it('in manual mode, passes every subscription and applies none', async () => {
    const { xpub, first, second } = await setup({ manual: true });
    first.subscribe('A');
    expect(await nextSubscription(xpub)).toBe('+A');
    second.subscribe('A');
    expect(await nextSubscription(xpub)).toBe('+A');
    first.unsubscribe('A');
    expect(await nextSubscription(xpub)).toBe('-A');

    // Nobody was subscribed by hand, so the message reaches no one.
    await xpub.send('A 1');
    second.receiveTimeout = 200;
    await expect(second.receive()).rejects.toMatchObject({ code: 'EAGAIN' });
  });

  it('sends the welcome message to each new subscriber', async () => {
    const xpub = keep(new zmq.XPublisher({ linger: 0, welcomeMessage: 'welcome' }));
    const endpoint = await bindFresh(xpub, transport);

    const greeted = keep(new zmq.Subscriber({ linger: 0 }));
    greeted.subscribe('welcome');
    greeted.connect(endpoint);
    expect(await nextSubscription(xpub)).toBe('+welcome');
    expect(await receiveText(greeted)).toEqual(['welcome']);

    // A subscriber that did not subscribe to the welcome topic filters it out.
    const other = keep(new zmq.Subscriber({ linger: 0 }));
    other.subscribe('news');
    other.connect(endpoint);
    expect(await nextSubscription(xpub)).toBe('+news');
    await xpub.send('news 1');
    expect(await receiveText(other)).toEqual(['news 1']);
  });

  it('with noDrop, rejects with EAGAIN when a subscriber queue is full and loses nothing', async () => {
    const size = transport === 'inproc' ? 4 : 64 * 1024;
    const limit = transport === 'inproc' ? 10_000 : 2_000;
    const xpub = keep(new zmq.XPublisher({ linger: 0, noDrop: true, sendHighWaterMark: 1, sendTimeout: 250 }));
    const sub = keep(new zmq.Subscriber({ linger: 0, receiveHighWaterMark: 1 }));
    sub.subscribe('');
    sub.connect(await bindFresh(xpub, transport));
    expect(await nextSubscription(xpub)).toBe('+');

    const numbered = (i: number) => {
      const message = new Uint8Array(size);
      new DataView(message.buffer).setUint32(0, i);
      return message;
    };
    const sent = await sendUntilRefused((i) => xpub.send(numbered(i)), limit);
    if (transport === 'inproc') expect(sent).toBe(2);
    else expect(sent).toBeGreaterThanOrEqual(1);
    expect(sent, 'sends never blocked although nobody reads').toBeLessThan(limit);

    for (let i = 0; i < sent; i += 1) {
      const [message] = await within(sub.receive(), `message ${i} of ${sent}`);
      expect(new DataView(message.buffer, message.byteOffset, 4).getUint32(0)).toBe(i);
    }
  });

  it('without noDrop, never blocks and drops what a full subscriber cannot take', async () => {
    const size = transport === 'inproc' ? 4 : 64 * 1024;
    const count = 1_000; // 64 MB over streams: more than kernel buffers hold
    const xpub = keep(new zmq.XPublisher({ linger: 0, sendHighWaterMark: 1, sendTimeout: 0 }));
    const sub = keep(new zmq.Subscriber({ linger: 0, receiveHighWaterMark: 1 }));
    sub.subscribe('');
    sub.connect(await bindFresh(xpub, transport));
    expect(await nextSubscription(xpub)).toBe('+');

    const message = new Uint8Array(size);
    const view = new DataView(message.buffer);
    for (let i = 0; i < count; i += 1) {
      view.setUint32(0, i);
      await xpub.send(message);
    }

    const numbers: number[] = [];
    sub.receiveTimeout = 500;
    for (;;) {
      const outcome = await sub.receive().then(
        ([received]) => new DataView(received.buffer, received.byteOffset, 4).getUint32(0),
        (error: { code?: string }) => {
          if (error.code !== 'EAGAIN') throw error;
          return undefined;
        },
      );
      if (outcome === undefined) break;
      numbers.push(outcome);
    }
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers.length).toBeLessThan(count);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  });
});
