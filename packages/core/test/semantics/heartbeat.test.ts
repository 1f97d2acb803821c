/**
 * ZMTP heartbeats (libzmq's test_heartbeats), over tcp and ipc, against a raw peer
 * written by hand (support/raw-zmtp-peer.ts) that completes the NULL handshake and
 * then answers PINGs only when told to.
 *
 * libzmq behaviours these tests rely on, checked with ZMTP_IMPL=zeromq:
 * - With heartbeatInterval set, a socket sends PING every interval; if nothing at
 *   all arrives within heartbeatTimeout after a PING (default: the interval), it
 *   closes the connection and reports `disconnect`.
 * - Any traffic from the peer, such as a PONG, keeps the connection alive.
 * - A socket answers a PING with a PONG echoing its context, whatever its own
 *   heartbeat options, and honours the TTL a PING carries (in tenths of a second):
 *   if nothing else arrives within it, the connection is closed.
 * - inproc has no wire and no heartbeats, so these tests do not run over it.
 */
import * as zmq from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { bindFresh, streamTransports } from './support/addresses.js';
import { EventLog } from './support/events.js';
import { connectRaw, pingCommand, RawZmtpListener } from './support/raw-zmtp-peer.js';
import { socketCleanup } from './support/sockets.js';
import { within } from './support/waits.js';

const keep = socketCleanup();

describe.each(streamTransports)('heartbeats over %s', (transport) => {
  it('a connecting socket drops a peer that never answers its PINGs', async () => {
    const listener = await RawZmtpListener.listen(transport, 'ROUTER');
    try {
      const dealer = keep(new zmq.Dealer({ linger: 0, heartbeatInterval: 100, heartbeatTimeout: 300, reconnectInterval: 10_000 }));
      const disconnects = new EventLog(dealer, 'disconnect');
      dealer.connect(listener.endpoint);
      const peer = await listener.firstConnection();

      await within(peer.closed, 'the socket to close the connection of a silent peer');
      expect(peer.pings.length).toBeGreaterThanOrEqual(1);
      await disconnects.until(1);
    } finally {
      await listener.close();
    }
  });

  it('a binding socket drops a peer that never answers its PINGs', async () => {
    const router = keep(new zmq.Router({ linger: 0, heartbeatInterval: 100, heartbeatTimeout: 300 }));
    const disconnects = new EventLog(router, 'disconnect');
    const endpoint = await bindFresh(router, transport);
    const peer = await connectRaw(endpoint, 'DEALER');
    try {
      await within(peer.closed, 'the socket to close the connection of a silent peer');
      expect(peer.pings.length).toBeGreaterThanOrEqual(1);
      await disconnects.until(1);
    } finally {
      peer.socket.destroy();
    }
  });

  it('keeps a peer that answers every PING', async () => {
    const listener = await RawZmtpListener.listen(transport, 'ROUTER');
    try {
      const dealer = keep(new zmq.Dealer({ linger: 0, heartbeatInterval: 50, heartbeatTimeout: 150 }));
      const disconnects = new EventLog(dealer, 'disconnect');
      dealer.connect(listener.endpoint);
      const peer = await listener.firstConnection();
      peer.answerPings = true;

      // Several timeouts' worth of PINGs, each answered: the connection stays up.
      await peer.until(() => peer.pings.length >= 8 || peer.isClosed, '8 PINGs on a live connection');
      expect(peer.isClosed).toBe(false);
      expect(disconnects.count).toBe(0);

      // And it still carries messages.
      await dealer.send('still here');
      await peer.until(() => peer.messages.length >= 1, 'a message over the kept connection');
      expect(new TextDecoder().decode(peer.messages[0][0].body)).toBe('still here');
    } finally {
      await listener.close();
    }
  });

  it('answers a PING with a PONG that echoes its context', async () => {
    const listener = await RawZmtpListener.listen(transport, 'ROUTER');
    try {
      const dealer = keep(new zmq.Dealer({ linger: 0 }));
      dealer.connect(listener.endpoint);
      const peer = await listener.firstConnection();
      await peer.until(() => peer.commands.some((received) => received.name === 'READY'), "the socket's READY");

      const context = new TextEncoder().encode('ctx-42');
      peer.send(pingCommand(0, context));
      await peer.until(() => peer.commands.some((received) => received.name === 'PONG'), 'a PONG');
      const pong = peer.commands.find((received) => received.name === 'PONG')!;
      expect(new TextDecoder().decode(pong.data)).toBe('ctx-42');
    } finally {
      await listener.close();
    }
  });

  it("closes the connection when a PING's TTL passes without further traffic", async () => {
    const listener = await RawZmtpListener.listen(transport, 'ROUTER');
    try {
      const dealer = keep(new zmq.Dealer({ linger: 0, reconnectInterval: 10_000 }));
      const disconnects = new EventLog(dealer, 'disconnect');
      dealer.connect(listener.endpoint);
      const peer = await listener.firstConnection();
      await peer.until(() => peer.commands.some((received) => received.name === 'READY'), "the socket's READY");

      peer.send(pingCommand(3, new Uint8Array(0))); // TTL 300 ms, then silence
      await within(peer.closed, 'the socket to close the connection once the TTL passed');
      await disconnects.until(1);
    } finally {
      await listener.close();
    }
  });
});
