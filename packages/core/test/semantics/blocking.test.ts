/**
 * Blocking operations of the promise API: send/receive timeouts, one pending
 * operation per direction, and `for await` ending on close. Over inproc, tcp and ipc.
 *
 * zeromq.js behaviours these tests rely on, checked with ZMTP_IMPL=zeromq:
 * - A second send() while one is pending, or a second receive(), fails with EBUSY;
 *   zeromq.js throws it synchronously instead of returning a rejected promise, so
 *   the tests accept either (support/waits.ts `attempt`).
 * - An operation still pending at close() is rejected (zeromq.js uses EAGAIN).
 * - sendTimeout/receiveTimeout of 0 fail at once when the operation cannot proceed;
 *   a positive value fails with EAGAIN after that long.
 */
import * as zmq from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { allTransports, bindFresh } from './support/addresses.js';
import { sendUntilRefused } from './support/fill.js';
import { receiveText, socketCleanup, text } from './support/sockets.js';
import { attempt, eventually, staysPending, within } from './support/waits.js';

const keep = socketCleanup();

describe.each(allTransports)('blocking operations over %s', (transport) => {
  it('receiveTimeout rejects with EAGAIN when nothing arrives, and receiving still works after', async () => {
    const pull = keep(new zmq.Pull({ linger: 0, receiveTimeout: 100 }));
    const push = keep(new zmq.Push({ linger: 0 }));
    push.connect(await bindFresh(pull, transport));

    await expect(pull.receive()).rejects.toMatchObject({ code: 'EAGAIN' });
    pull.receiveTimeout = 0;
    await expect(attempt(() => pull.receive())).rejects.toMatchObject({ code: 'EAGAIN' });

    pull.receiveTimeout = -1;
    await push.send('late');
    expect(await receiveText(pull)).toEqual(['late']);
  });

  it('sendTimeout rejects with EAGAIN while the peer queue is full', async () => {
    const pull = keep(new zmq.Pull({ linger: 0, receiveHighWaterMark: 1 }));
    const push = keep(new zmq.Push({ linger: 0, sendHighWaterMark: 1, sendTimeout: 100 }));
    push.connect(await bindFresh(pull, transport));
    await push.send('first');
    expect(await receiveText(pull)).toEqual(['first']);

    const payload = new Uint8Array(transport === 'inproc' ? 1 : 64 * 1024);
    const accepted = await sendUntilRefused(() => push.send(payload), 2_000);
    expect(accepted).toBeGreaterThanOrEqual(1);
    expect(accepted, 'sends never blocked although nobody reads').toBeLessThan(2_000);
  });

  it('rejects a second send with EBUSY while one is pending, and completes the first', async () => {
    const push = keep(new zmq.Push({ linger: 0 }));
    const endpoint = await bindFresh(push, transport);
    const first = push.send('first');
    expect(await staysPending(first)).toBe(true);

    await expect(attempt(() => push.send('second'))).rejects.toMatchObject({ code: 'EBUSY' });

    const pull = keep(new zmq.Pull({ linger: 0 }));
    pull.connect(endpoint);
    await within(first, 'the first send once a peer connected');
    expect(await receiveText(pull)).toEqual(['first']);
  });

  it('rejects a second receive with EBUSY while one is pending, and completes the first', async () => {
    const pull = keep(new zmq.Pull({ linger: 0 }));
    const push = keep(new zmq.Push({ linger: 0 }));
    push.connect(await bindFresh(pull, transport));
    const first = pull.receive();
    expect(await staysPending(first)).toBe(true);

    await expect(attempt(() => pull.receive())).rejects.toMatchObject({ code: 'EBUSY' });

    await push.send('for the first');
    expect(text(await within(first, 'the first receive'))).toEqual(['for the first']);
  });

  it('settles a pending send and a pending receive when the socket closes', async () => {
    const dealer = keep(new zmq.Dealer({ linger: 0 }));
    await bindFresh(dealer, transport);
    const sending = dealer.send('never');
    const receiving = dealer.receive();
    expect(await staysPending(sending)).toBe(true);

    dealer.close();
    await expect(within(sending, 'the pending send to settle on close')).rejects.toBeDefined();
    await expect(within(receiving, 'the pending receive to settle on close')).rejects.toBeDefined();
  });

  it('for await yields each message and ends when the socket closes', async () => {
    const pull = keep(new zmq.Pull({ linger: 0 }));
    const push = keep(new zmq.Push({ linger: 0 }));
    push.connect(await bindFresh(pull, transport));

    const seen: string[][] = [];
    const iterating = (async () => {
      for await (const parts of pull) seen.push(text(parts));
    })();
    await push.send('one');
    await push.send(['two', 'parts']);
    await eventually(async () => seen.length >= 2, 'the loop has seen both messages');

    pull.close();
    await within(iterating, 'the for await loop to end after close');
    expect(seen).toEqual([['one'], ['two', 'parts']]);
  });
});
