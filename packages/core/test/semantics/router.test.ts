/**
 * ROUTER (RFC 28, libzmq's test_spec_router, test_router_mandatory,
 * test_router_mandatory_hwm, test_router_handover, test_connect_rid), over inproc,
 * tcp and ipc.
 *
 * libzmq behaviours these tests rely on, checked with ZMTP_IMPL=zeromq:
 * - Without `mandatory`, a message to an unknown routing id is dropped and send()
 *   resolves. With it, send() rejects with EHOSTUNREACH, but zeromq.js first waits
 *   for the socket to become writable: with no peers at all and the default
 *   sendTimeout of -1 the send stays pending instead of failing. Tests use a peer,
 *   or a send timeout of 0, to see EHOSTUNREACH.
 * - Without `handover`, a second peer claiming a routing id in use completes its
 *   handshake but is ignored: its messages never arrive and replies still go to the
 *   first peer.
 * - `Router.connect(address, { routingId })` names the peer before the connection
 *   exists, so the router can address it right after connect().
 */
import * as zmq from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { allTransports, bindFresh } from './support/addresses.js';
import { EventLog, handshakesDone } from './support/events.js';
import { sendUntilRefused } from './support/fill.js';
import { receiveText, receiveTexts, socketCleanup } from './support/sockets.js';
import { attempt, settleDelivery, within } from './support/waits.js';

const keep = socketCleanup();

describe.each(allTransports)('ROUTER over %s', (transport) => {
  it('fair-queues incoming messages and prefixes each with its sender', async () => {
    const ids = ['A', 'B', 'C', 'D', 'E'];
    const router = keep(new zmq.Router({ linger: 0 }));
    const handshakes = new EventLog(router, 'handshake');
    const endpoint = await bindFresh(router, transport);
    const dealers = ids.map((routingId) => {
      const dealer = keep(new zmq.Dealer({ linger: 0, routingId }));
      dealer.connect(endpoint);
      return dealer;
    });
    await handshakesDone(transport, handshakes, ids.length);

    await dealers[0].send('M');
    expect(await receiveText(router)).toEqual(['A', 'M']);
    await dealers[0].send('M');
    expect(await receiveText(router)).toEqual(['A', 'M']);

    for (const dealer of dealers) {
      await dealer.send('first');
      await dealer.send('second');
    }
    await settleDelivery();

    const received = await receiveTexts(router, 2 * ids.length);
    expect(received.slice(0, ids.length).map(([id, body]) => `${id}:${body}`).sort()).toEqual(ids.map((id) => `${id}:first`));
    expect(received.slice(ids.length).map(([id, body]) => `${id}:${body}`).sort()).toEqual(ids.map((id) => `${id}:second`));
  });

  it('routes each message to the peer its first frame names', async () => {
    const ids = ['X', 'Y', 'Z'];
    const router = keep(new zmq.Router({ linger: 0 }));
    const endpoint = await bindFresh(router, transport);
    const dealers = new Map(
      ids.map((routingId) => {
        const dealer = keep(new zmq.Dealer({ linger: 0, routingId }));
        dealer.connect(endpoint);
        return [routingId, dealer] as const;
      }),
    );
    for (const dealer of dealers.values()) await dealer.send('hello');
    const greeted = (await receiveTexts(router, ids.length, 'greetings')).map(([id]) => id);
    expect(greeted.sort()).toEqual(ids);

    await router.send(['Y', 'for Y']);
    await router.send(['X', 'for X']);
    await router.send(['Z', 'for Z', 'two parts']);
    await router.send(['Y', 'again Y']);

    expect(await receiveTexts(dealers.get('X')!, 1)).toEqual([['for X']]);
    expect(await receiveTexts(dealers.get('Y')!, 2)).toEqual([['for Y'], ['again Y']]);
    expect(await receiveTexts(dealers.get('Z')!, 1)).toEqual([['for Z', 'two parts']]);
  });

  it('silently drops a message for an unknown peer', async () => {
    const router = keep(new zmq.Router({ linger: 0 }));
    const dealer = keep(new zmq.Dealer({ linger: 0, routingId: 'known' }));
    dealer.connect(await bindFresh(router, transport));
    await dealer.send('hello');
    expect(await receiveText(router)).toEqual(['known', 'hello']);

    await within(router.send(['unknown', 'lost']), 'send to an unknown peer to resolve');
    await router.send(['known', 'after']);
    // 'lost' went nowhere: the known peer's next message is the one sent after it.
    expect(await receiveText(dealer)).toEqual(['after']);
  });

  it('with mandatory, rejects a message for an unknown peer with EHOSTUNREACH', async () => {
    const router = keep(new zmq.Router({ linger: 0, mandatory: true }));
    const endpoint = await bindFresh(router, transport);

    router.sendTimeout = 0;
    await expect(attempt(() => router.send(['nobody', 'x']))).rejects.toMatchObject({ code: 'EHOSTUNREACH' });
    router.sendTimeout = -1;

    const dealer = keep(new zmq.Dealer({ linger: 0, routingId: 'known' }));
    dealer.connect(endpoint);
    await dealer.send('hello');
    expect(await receiveText(router)).toEqual(['known', 'hello']);

    await expect(attempt(() => router.send(['nobody', 'x']))).rejects.toMatchObject({ code: 'EHOSTUNREACH' });
    await router.send(['known', 'routable']);
    expect(await receiveText(dealer)).toEqual(['routable']);
  });

  it('with mandatory, rejects with EAGAIN once the peer queue is full', async () => {
    // A large message on stream transports, so kernel buffers fill after a bounded number.
    const payload = new Uint8Array(transport === 'inproc' ? 1 : 64 * 1024);
    const router = keep(new zmq.Router({ linger: 0, mandatory: true, sendHighWaterMark: 1 }));
    const dealer = keep(new zmq.Dealer({ linger: 0, routingId: 'slow', receiveHighWaterMark: 1 }));
    dealer.connect(await bindFresh(router, transport));
    await dealer.send('hello');
    expect(await receiveText(router)).toEqual(['slow', 'hello']);

    router.sendTimeout = 250;
    const accepted = await sendUntilRefused(() => router.send(['slow', payload]), 2_000);
    if (transport === 'inproc') {
      expect(accepted).toBe(2); // the router's and the dealer's high water marks together
    } else {
      expect(accepted).toBeGreaterThanOrEqual(1);
      expect(accepted).toBeLessThan(2_000);
    }

    // Nothing was dropped: the peer gets every accepted message.
    expect(await receiveTexts(dealer, accepted, 'the queued messages')).toHaveLength(accepted);
  });

  it('with handover, gives a routing id to the newest peer that claims it', async () => {
    const router = keep(new zmq.Router({ linger: 0, handover: true }));
    const endpoint = await bindFresh(router, transport);
    const first = keep(new zmq.Dealer({ linger: 0, routingId: 'X' }));
    first.connect(endpoint);
    await first.send('from first');
    expect(await receiveText(router)).toEqual(['X', 'from first']);

    const second = keep(new zmq.Dealer({ linger: 0, routingId: 'X' }));
    second.connect(endpoint);
    await second.send('from second');
    expect(await receiveText(router)).toEqual(['X', 'from second']);

    await router.send(['X', 'to the owner']);
    expect(await receiveText(second)).toEqual(['to the owner']);
  });

  it('without handover, keeps a routing id with the peer that has it', async () => {
    const router = keep(new zmq.Router({ linger: 0 }));
    const endpoint = await bindFresh(router, transport);
    const first = keep(new zmq.Dealer({ linger: 0, routingId: 'X' }));
    first.connect(endpoint);
    await first.send('from first');
    expect(await receiveText(router)).toEqual(['X', 'from first']);

    const second = keep(new zmq.Dealer({ linger: 0, routingId: 'X' }));
    const handshakes = new EventLog(second, 'handshake');
    second.connect(endpoint);
    await handshakesDone(transport, handshakes, 1);
    await second.send('from impostor');
    await settleDelivery();
    await first.send('first again');
    // The impostor's message was ignored, so the first peer's later one comes next.
    expect(await receiveText(router)).toEqual(['X', 'first again']);

    await router.send(['X', 'to the owner']);
    expect(await receiveText(first)).toEqual(['to the owner']);
  });

  it('names a peer at connect time with the routingId connect option', async () => {
    const left = keep(new zmq.Dealer({ linger: 0 }));
    const right = keep(new zmq.Dealer({ linger: 0 }));
    const router = keep(new zmq.Router({ linger: 0, mandatory: true }));
    router.connect(await bindFresh(left, transport), { routingId: 'left' });
    router.connect(await bindFresh(right, transport), { routingId: 'right' });

    // Addressable at once, before any message came from the peers.
    await router.send(['right', 'to right']);
    await router.send(['left', 'to left']);
    expect(await receiveText(left)).toEqual(['to left']);
    expect(await receiveText(right)).toEqual(['to right']);

    await left.send('from left');
    expect(await receiveText(router)).toEqual(['left', 'from left']);
    await right.send('from right');
    expect(await receiveText(router)).toEqual(['right', 'from right']);
  });
});
