/**
 * REQ (RFC 28, libzmq's test_spec_req, test_req_correlate, test_req_relaxed), over
 * inproc, tcp and ipc.
 *
 * libzmq behaviours these tests rely on, checked with ZMTP_IMPL=zeromq:
 * - zeromq.js only surfaces EFSM when the operation has a finite timeout: with the
 *   default sendTimeout of -1 a second send (or a receive before any send) just stays
 *   pending, because the binding waits for the socket to become writable first. The
 *   EFSM tests therefore set a timeout of 0.
 * - REQ drops replies from peers other than the one it last sent to only as it meets
 *   them; a stale reply still queued from a peer that REQ later sends to again would
 *   be taken as the answer (libzmq's own test sleeps to dodge this). The tests only let
 *   peers that will not be asked again send stray replies, or use `correlate`.
 * - The correlate request id is a 4-byte frame in host byte order (little-endian
 *   here) that changes with every request; tests treat it as opaque bytes.
 * - zeromq.js rejects receive() with EAGAIN when REQ looked readable only because of
 *   a stray reply that libzmq then dropped; see support/native-quirks.ts.
 */
import * as zmq from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { allTransports, bindFresh } from './support/addresses.js';
import { receiveAfterDrops } from './support/native-quirks.js';
import { ReceiveRace, receiveText, socketCleanup, text } from './support/sockets.js';
import { attempt, within } from './support/waits.js';

const keep = socketCleanup();

describe.each(allTransports)('REQ over %s', (transport) => {
  it('round-robins requests over its peers in connect order', async () => {
    const services = 5;
    const req = keep(new zmq.Request({ linger: 0 }));
    const reps = [];
    for (let i = 0; i < services; i += 1) {
      const rep = keep(new zmq.Reply({ linger: 0 }));
      req.connect(await bindFresh(rep, transport));
      reps.push(rep);
    }

    for (let round = 0; round < 2 * services; round += 1) {
      await req.send(`request ${round}`);
      const rep = reps[round % services];
      expect(await receiveText(rep, `request ${round} on rep ${round % services}`)).toEqual([`request ${round}`]);
      await rep.send(`reply ${round}`);
      expect(await receiveText(req, `reply ${round}`)).toEqual([`reply ${round}`]);
    }
  });

  it('puts an empty delimiter before the request and strips it from the reply', async () => {
    const router = keep(new zmq.Router({ linger: 0 }));
    const req = keep(new zmq.Request({ linger: 0 }));
    req.connect(await bindFresh(router, transport));

    await req.send(['ABC', 'DEF']);
    const [peer, ...rest] = await within(router.receive(), 'the request at the router');
    expect(peer.length).toBeGreaterThan(0);
    expect(text(rest)).toEqual(['', 'ABC', 'DEF']);

    await router.send([peer, '', 'GHI']);
    expect(await receiveText(req)).toEqual(['GHI']);
  });

  it('accepts a reply only from the peer it sent the request to', async () => {
    const services = 3;
    const req = keep(new zmq.Request({ linger: 0, routingId: 'A' }));
    const routers = [];
    for (let i = 0; i < services; i += 1) {
      const router = keep(new zmq.Router({ linger: 0, mandatory: true }));
      req.connect(await bindFresh(router, transport));
      routers.push(router);
    }
    const race = new ReceiveRace(routers);

    for (let round = 0; round < services; round += 1) {
      await req.send(`request ${round}`);
      const { index, parts } = await race.next(`request ${round} on some router`);
      expect(index).toBe(round);
      expect(parts).toEqual(['A', '', `request ${round}`]);

      // Routers that already answered will not be asked again, so their stray replies
      // can only be dropped, never mistaken for the answer to a later request.
      for (const stray of routers.slice(0, round)) {
        for (let i = 0; i < 3; i += 1) await stray.send(['A', '', `WRONG ${i}`]);
      }
      await routers[round].send(['A', '', `GOOD ${round}`]);
      expect(await receiveAfterDrops(req, `the reply to request ${round}`)).toEqual([`GOOD ${round}`]);
    }
  });

  it('rejects a second send before the reply with EFSM', async () => {
    const rep = keep(new zmq.Reply({ linger: 0 }));
    const req = keep(new zmq.Request({ linger: 0, sendTimeout: 0 }));
    req.connect(await bindFresh(rep, transport));

    await req.send('first');
    await expect(attempt(() => req.send('second'))).rejects.toMatchObject({ code: 'EFSM' });

    // The state machine is intact: the first exchange still completes.
    expect(await receiveText(rep)).toEqual(['first']);
    await rep.send('answer');
    expect(await receiveText(req)).toEqual(['answer']);
    await req.send('third');
    expect(await receiveText(rep)).toEqual(['third']);
  });

  it('rejects a receive before any send with EFSM', async () => {
    const rep = keep(new zmq.Reply({ linger: 0 }));
    const req = keep(new zmq.Request({ linger: 0, receiveTimeout: 0 }));
    req.connect(await bindFresh(rep, transport));
    await expect(attempt(() => req.receive())).rejects.toMatchObject({ code: 'EFSM' });
  });

  it('with correlate, prefixes a request id and drops replies that carry another', async () => {
    const router = keep(new zmq.Router({ linger: 0 }));
    const req = keep(new zmq.Request({ linger: 0, correlate: true, routingId: 'R' }));
    req.connect(await bindFresh(router, transport));

    await req.send('first');
    const [peer, requestId, delimiter, body] = await within(router.receive(), 'the first request');
    expect(text([peer, delimiter, body])).toEqual(['R', '', 'first']);
    expect(requestId.length).toBe(4);

    const otherId = Uint8Array.from(requestId, (byte) => byte ^ 0xff);
    await router.send([peer, otherId, '', 'WRONG']);
    await router.send([peer, requestId, '', 'GOOD']);
    expect(await receiveAfterDrops(req)).toEqual(['GOOD']);

    await req.send('second');
    const [, secondId] = await within(router.receive(), 'the second request');
    expect(secondId.length).toBe(4);
    expect(Array.from(secondId)).not.toEqual(Array.from(requestId));
  });

  it('with relaxed, allows a new request and takes the reply from the newest peer', async () => {
    const reps = [keep(new zmq.Reply({ linger: 0 })), keep(new zmq.Reply({ linger: 0 }))];
    const req = keep(new zmq.Request({ linger: 0, relaxed: true, sendTimeout: 0 }));
    for (const rep of reps) req.connect(await bindFresh(rep, transport));

    await req.send('A');
    expect(await receiveText(reps[0])).toEqual(['A']);
    await req.send('B'); // no EFSM: the request to reps[0] is abandoned
    expect(await receiveText(reps[1])).toEqual(['B']);

    await reps[0].send('stale reply to A');
    await reps[1].send('reply to B');
    expect(await receiveAfterDrops(req)).toEqual(['reply to B']);
  });

  it('with relaxed and correlate, drops a late reply from the same peer', async () => {
    const rep = keep(new zmq.Reply({ linger: 0 }));
    const req = keep(new zmq.Request({ linger: 0, relaxed: true, correlate: true, sendTimeout: 0 }));
    req.connect(await bindFresh(rep, transport));

    await req.send('A');
    await req.send('B');
    // The REP answers in order; the answer to A comes back first on the same connection.
    expect(await receiveText(rep)).toEqual(['A']);
    await rep.send('reply to A');
    expect(await receiveText(rep)).toEqual(['B']);
    await rep.send('reply to B');
    expect(await receiveAfterDrops(req)).toEqual(['reply to B']);
  });
});
