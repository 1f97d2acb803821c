/**
 * invertMatching (libzmq's test_pub_invert_matching), over inproc, tcp and ipc.
 *
 * libzmq behaviours these tests rely on, checked with ZMTP_IMPL=zeromq:
 * - The publisher sends each message to the peers whose subscriptions do NOT match
 *   it, and the subscriber filters the same way, so both ends must set the option.
 * - A PUB socket gives no sign that a subscription arrived, so the publisher here is
 *   an XPUB (the same distribution code in libzmq): its subscription messages tell
 *   the test when filtering is in place, without sleeping.
 */
import * as zmq from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { allTransports, bindFresh } from './support/addresses.js';
import { receiveTexts, socketCleanup } from './support/sockets.js';
import { within } from './support/waits.js';

const keep = socketCleanup();

describe.each(allTransports)('invertMatching over %s', (transport) => {
  it('delivers each message to the subscribers whose topics do not match it', async () => {
    const xpub = keep(new zmq.XPublisher({ linger: 0, invertMatching: true }));
    const endpoint = await bindFresh(xpub, transport);
    const notA = keep(new zmq.Subscriber({ linger: 0, invertMatching: true }));
    const notB = keep(new zmq.Subscriber({ linger: 0, invertMatching: true }));
    notA.subscribe('A');
    notB.subscribe('B');
    notA.connect(endpoint);
    notB.connect(endpoint);

    const subscriptions = [];
    for (let i = 0; i < 2; i += 1) {
      const [message] = await within(xpub.receive(), 'both subscriptions at the publisher');
      subscriptions.push(new TextDecoder().decode(message));
    }
    expect(subscriptions.sort()).toEqual(['\u0001A', '\u0001B']);

    for (const topic of ['A 1', 'B 1', 'C 1', 'A 2', 'B 2']) await xpub.send(topic);

    expect(await receiveTexts(notA, 3, 'messages without prefix A')).toEqual([['B 1'], ['C 1'], ['B 2']]);
    expect(await receiveTexts(notB, 3, 'messages without prefix B')).toEqual([['A 1'], ['C 1'], ['A 2']]);
  });
});
