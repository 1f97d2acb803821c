/**
 * Reconnecting (libzmq's test_reconnect_ivl), over tcp and ipc.
 *
 * libzmq behaviours these tests rely on, checked with ZMTP_IMPL=zeromq:
 * - A connecting socket keeps its pipe while the peer is away (immediate off), so
 *   messages sent meanwhile are delivered once the peer is back.
 * - Each failed attempt emits `connect:retry` with the wait before the next one.
 *   With reconnectMaxInterval set, the waits are the interval, doubling up to the
 *   maximum, without jitter: 20, 40, 80, 160, 160 for 20 and 160. With the maximum
 *   at 0 (the default) every wait is the interval plus a random part below it.
 * - A reconnectInterval of -1 makes a failed connect final: no `connect:retry`.
 * - inproc has no reconnects at all in libzmq: when the bound socket closes, a new
 *   socket binding the same name is not joined by the old connecting socket. These
 *   tests do not run over inproc.
 */
import * as zmq from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { bindAgain, bindFresh, deadAddress, streamTransports } from './support/addresses.js';
import { EventLog } from './support/events.js';
import { receiveText, socketCleanup } from './support/sockets.js';

const keep = socketCleanup();

describe.each(streamTransports)('reconnect over %s', (transport) => {
  it('reconnects when the peer restarts and delivers what was sent meanwhile', async () => {
    const pull = keep(new zmq.Pull({ linger: 0 }));
    const endpoint = await bindFresh(pull, transport);
    const push = keep(new zmq.Push({ linger: 0, reconnectInterval: 20 }));
    const disconnects = new EventLog(push, 'disconnect');
    const handshakes = new EventLog(push, 'handshake');
    push.connect(endpoint);

    await push.send('before');
    expect(await receiveText(pull)).toEqual(['before']);

    pull.close();
    await disconnects.until(1);
    await push.send('while away');

    const restarted = keep(new zmq.Pull({ linger: 0 }));
    await bindAgain(restarted, endpoint);
    await handshakes.until(2);
    expect(await receiveText(restarted, 'the message queued while the peer was away')).toEqual(['while away']);
    await push.send('after');
    expect(await receiveText(restarted)).toEqual(['after']);
  });

  it('doubles the reconnect wait up to reconnectMaxInterval', async () => {
    const push = keep(new zmq.Push({ linger: 0, reconnectInterval: 20, reconnectMaxInterval: 160 }));
    const retries = new EventLog(push, 'connect:retry');
    push.connect(await deadAddress(transport));
    const intervals = (await retries.until(6)).map((event) => event.interval);
    expect(intervals).toEqual([20, 40, 80, 160, 160, 160]);
  });

  it('without a maximum, waits the interval plus less than one more interval', async () => {
    const interval = 20;
    const push = keep(new zmq.Push({ linger: 0, reconnectInterval: interval }));
    const retries = new EventLog(push, 'connect:retry');
    push.connect(await deadAddress(transport));
    for (const event of await retries.until(6)) {
      expect(event.interval).toBeGreaterThanOrEqual(interval);
      expect(event.interval).toBeLessThan(2 * interval);
    }
  });

  it('with reconnectInterval -1, never retries a failed connect', async () => {
    const address = await deadAddress(transport);
    const once = keep(new zmq.Push({ linger: 0, reconnectInterval: -1 }));
    const onceRetries = new EventLog(once, 'connect:retry');
    const retrying = keep(new zmq.Push({ linger: 0, reconnectInterval: 10 }));
    const retryingRetries = new EventLog(retrying, 'connect:retry');
    once.connect(address);
    retrying.connect(address);

    // By the time a retrying sibling gave up five times, the other had its chances too.
    await retryingRetries.until(5);
    expect(onceRetries.count).toBe(0);
  });
});
