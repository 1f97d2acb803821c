/**
 * REP (RFC 28, libzmq's test_spec_rep), over inproc, tcp and ipc.
 *
 * libzmq behaviours these tests rely on, checked with ZMTP_IMPL=zeromq:
 * - REP keeps every frame up to and including the empty delimiter as the envelope
 *   and puts it back in front of the reply; DEALER peers must add the delimiter.
 * - A request without a delimiter is discarded and REP goes on with the next one.
 * - As with REQ, zeromq.js reports EFSM only with a finite timeout; with the default
 *   the operation stays pending, so the EFSM tests set a timeout of 0.
 */
import * as zmq from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { allTransports, bindFresh } from './support/addresses.js';
import { EventLog, handshakesDone } from './support/events.js';
import { receiveAfterDrops } from './support/native-quirks.js';
import { receiveText, receiveTexts, socketCleanup } from './support/sockets.js';
import { attempt, settleDelivery } from './support/waits.js';

const keep = socketCleanup();
const PEERS = 5;

describe.each(allTransports)('REP over %s', (transport) => {
  it('fair-queues requests and routes each reply back to its requester', async () => {
    const rep = keep(new zmq.Reply({ linger: 0 }));
    const handshakes = new EventLog(rep, 'handshake');
    const endpoint = await bindFresh(rep, transport);
    const dealers = [];
    for (let i = 0; i < PEERS; i += 1) {
      const dealer = keep(new zmq.Dealer({ linger: 0 }));
      dealer.connect(endpoint);
      dealers.push(dealer);
    }
    await handshakesDone(transport, handshakes, PEERS);

    for (const [i, dealer] of dealers.entries()) {
      await dealer.send(['', `first ${i}`]);
      await dealer.send(['', `second ${i}`]);
    }
    await settleDelivery();

    const order: string[] = [];
    for (let i = 0; i < 2 * PEERS; i += 1) {
      const [request] = await receiveText(rep, `request ${i + 1}`);
      order.push(request);
      await rep.send(`reply to ${request}`);
    }
    expect(order.slice(0, PEERS).sort()).toEqual(dealers.map((_, i) => `first ${i}`));
    expect(order.slice(PEERS).sort()).toEqual(dealers.map((_, i) => `second ${i}`));

    for (const [i, dealer] of dealers.entries()) {
      expect(await receiveTexts(dealer, 2, `replies on dealer ${i}`)).toEqual([
        ['', `reply to first ${i}`],
        ['', `reply to second ${i}`],
      ]);
    }
  });

  it('hides the envelope from the application and puts it back on the reply', async () => {
    const rep = keep(new zmq.Reply({ linger: 0 }));
    const dealer = keep(new zmq.Dealer({ linger: 0 }));
    dealer.connect(await bindFresh(rep, transport));

    await dealer.send(['X', 'Y', '', 'ABC', 'DEF']);
    expect(await receiveText(rep)).toEqual(['ABC', 'DEF']);
    await rep.send(['GHI', 'JKL']);
    expect(await receiveText(dealer)).toEqual(['X', 'Y', '', 'GHI', 'JKL']);
  });

  it('discards a request that has no delimiter and serves the next one', async () => {
    const rep = keep(new zmq.Reply({ linger: 0 }));
    const dealer = keep(new zmq.Dealer({ linger: 0 }));
    dealer.connect(await bindFresh(rep, transport));

    await dealer.send(['no', 'delimiter']);
    await dealer.send(['', 'good']);
    expect(await receiveAfterDrops(rep, 'the well-formed request')).toEqual(['good']);
    await rep.send('served');
    expect(await receiveText(dealer)).toEqual(['', 'served']);
  });

  it('rejects a send before any request with EFSM', async () => {
    const rep = keep(new zmq.Reply({ linger: 0, sendTimeout: 0 }));
    await bindFresh(rep, transport);
    await expect(attempt(() => rep.send('unasked'))).rejects.toMatchObject({ code: 'EFSM' });
  });

  it('rejects a second receive before the reply with EFSM', async () => {
    const rep = keep(new zmq.Reply({ linger: 0 }));
    const req = keep(new zmq.Request({ linger: 0 }));
    req.connect(await bindFresh(rep, transport));
    await req.send('question');
    expect(await receiveText(rep)).toEqual(['question']);

    rep.receiveTimeout = 0;
    await expect(attempt(() => rep.receive())).rejects.toMatchObject({ code: 'EFSM' });
    await rep.send('answer');
    expect(await receiveText(req)).toEqual(['answer']);
  });
});
