/**
 * DEALER (RFC 28, libzmq's test_spec_dealer), over inproc, tcp and ipc.
 *
 * libzmq behaviours these tests rely on, checked with ZMTP_IMPL=zeromq:
 * - A connecting DEALER owns a pipe to each peer from connect() on, so its
 *   round-robin follows the connect order without waiting for handshakes.
 * - A bound DEALER without peers has no pipe at all, so send() blocks.
 */
import * as zmq from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { allTransports, bindFresh } from './support/addresses.js';
import { EventLog, handshakesDone } from './support/events.js';
import { receiveText, receiveTexts, socketCleanup } from './support/sockets.js';
import { settleDelivery, staysPending, within } from './support/waits.js';

const keep = socketCleanup();
const PEERS = 5;

describe.each(allTransports)('DEALER over %s', (transport) => {
  it('round-robins outgoing messages over its peers in connect order', async () => {
    const dealer = keep(new zmq.Dealer({ linger: 0 }));
    const reps = [];
    for (let i = 0; i < PEERS; i += 1) {
      const rep = keep(new zmq.Reply({ linger: 0 }));
      dealer.connect(await bindFresh(rep, transport));
      reps.push(rep);
    }

    for (let round = 0; round < 2 * PEERS; round += 1) {
      await dealer.send(['', `request ${round}`]);
      const rep = reps[round % PEERS];
      expect(await receiveText(rep, `request ${round} on rep ${round % PEERS}`)).toEqual([`request ${round}`]);
      await rep.send(`reply ${round}`);
    }

    const replies = (await receiveTexts(dealer, 2 * PEERS, 'replies')).map((parts) => parts.join('|'));
    expect(replies.sort()).toEqual(reps.flatMap((_, i) => [`|reply ${i}`, `|reply ${i + PEERS}`]).sort());
  });

  it('fair-queues incoming messages from its peers', async () => {
    const dealer = keep(new zmq.Dealer({ linger: 0 }));
    const handshakes = new EventLog(dealer, 'handshake');
    const endpoint = await bindFresh(dealer, transport);
    const senders = [];
    for (let i = 0; i < PEERS; i += 1) {
      const sender = keep(new zmq.Dealer({ linger: 0 }));
      sender.connect(endpoint);
      senders.push(sender);
    }
    await handshakesDone(transport, handshakes, PEERS);

    for (const [i, sender] of senders.entries()) {
      await sender.send(`first ${i}`);
      await sender.send(`second ${i}`);
    }
    await settleDelivery();

    const received = (await receiveTexts(dealer, 2 * PEERS)).map(([body]) => body);
    expect(received.slice(0, PEERS).sort()).toEqual(senders.map((_, i) => `first ${i}`));
    expect(received.slice(PEERS).sort()).toEqual(senders.map((_, i) => `second ${i}`));
  });

  it('send stays pending while it has no peers and completes when one connects', async () => {
    const dealer = keep(new zmq.Dealer({ linger: 0 }));
    const endpoint = await bindFresh(dealer, transport);

    const sending = dealer.send('waited');
    expect(await staysPending(sending)).toBe(true);

    const peer = keep(new zmq.Dealer({ linger: 0 }));
    peer.connect(endpoint);
    await within(sending, 'the pending send to complete once a peer connected');
    expect(await receiveText(peer)).toEqual(['waited']);
  });

  it('with a send timeout, rejects with EAGAIN when it has no peers', async () => {
    const dealer = keep(new zmq.Dealer({ linger: 0, sendTimeout: 100 }));
    await bindFresh(dealer, transport);
    await expect(dealer.send('nobody')).rejects.toMatchObject({ code: 'EAGAIN' });
  });
});
