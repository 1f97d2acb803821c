/**
 * conflate (libzmq's test_conflate), over inproc, tcp and ipc.
 *
 * libzmq behaviours these tests rely on, checked with ZMTP_IMPL=zeromq:
 * - A conflating receiver keeps only the newest message; older ones are replaced,
 *   not queued. The option is for single-part messages only.
 * - Over inproc the connecting socket's conflate option decides for the one pipe both
 *   sides share: a conflating PULL that binds still receives every message from a
 *   PUSH that connects to it. The test therefore lets the conflating socket connect.
 * - No event says when the sent messages reached the receiver, so the test gives
 *   delivery a moment (settleDelivery) before reading; reading earlier could
 *   legitimately see an intermediate message.
 */
import * as zmq from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { allTransports, bindFresh } from './support/addresses.js';
import { EventLog, handshakesDone } from './support/events.js';
import { receiveText, socketCleanup } from './support/sockets.js';
import { settleDelivery } from './support/waits.js';

const keep = socketCleanup();

describe.each(allTransports)('conflate over %s', (transport) => {
  it('keeps only the newest message for the receiver', async () => {
    const push = keep(new zmq.Push({ linger: 0 }));
    const endpoint = await bindFresh(push, transport);
    const pull = keep(new zmq.Pull({ linger: 0, conflate: true }));
    const handshakes = new EventLog(pull, 'handshake');
    pull.connect(endpoint);
    await handshakesDone(transport, handshakes, 1);

    const count = 20;
    for (let i = 0; i < count; i += 1) await push.send(`message ${i}`);
    await settleDelivery();

    expect(await receiveText(pull)).toEqual([`message ${count - 1}`]);
    pull.receiveTimeout = 100;
    await expect(pull.receive()).rejects.toMatchObject({ code: 'EAGAIN' });

    // It keeps working for later messages.
    await push.send('later');
    expect(await receiveText(pull)).toEqual(['later']);
  });
});
