/**
 * The immediate option (libzmq's test_immediate), over tcp and ipc.
 *
 * libzmq behaviours these tests rely on, checked with ZMTP_IMPL=zeromq:
 * - Without immediate, connect() creates the pipe at once: messages queue for a peer
 *   that is not there yet, and round-robin counts it.
 * - With immediate, a pipe exists only while the connection is up, so messages go to
 *   live peers only, and a socket whose only peer went away refuses to send.
 * - inproc ignores immediate in libzmq (a send to a name nobody has bound yet is
 *   queued either way), so these tests do not run over inproc.
 */
import * as zmq from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { bindAgain, bindFresh, deadAddress, streamTransports } from './support/addresses.js';
import { EventLog, handshakesDone } from './support/events.js';
import { receiveText, receiveTexts, socketCleanup } from './support/sockets.js';
import { attempt, eventually } from './support/waits.js';

const keep = socketCleanup();

describe.each(streamTransports)('immediate over %s', (transport) => {
  it('without immediate, queues for a peer that is not there yet', async () => {
    const push = keep(new zmq.Push({ linger: 0, sendTimeout: 0 }));
    push.connect(await deadAddress(transport));
    await push.send('queued');
  });

  it('with immediate, refuses to send while no connection is up', async () => {
    const push = keep(new zmq.Push({ linger: 0, sendTimeout: 0, immediate: true }));
    push.connect(await deadAddress(transport));
    await expect(attempt(() => push.send('nowhere'))).rejects.toMatchObject({ code: 'EAGAIN' });
  });

  it('without immediate, round-robin includes the peer that never connected', async () => {
    const pull = keep(new zmq.Pull({ linger: 0 }));
    const push = keep(new zmq.Push({ linger: 0 }));
    const handshakes = new EventLog(push, 'handshake');
    push.connect(await bindFresh(pull, transport));
    push.connect(await deadAddress(transport));
    await handshakesDone(transport, handshakes, 1);

    for (let i = 0; i < 10; i += 1) await push.send(`m${i}`);
    // Every other message waits in the dead peer's queue.
    expect(await receiveTexts(pull, 5)).toEqual([['m0'], ['m2'], ['m4'], ['m6'], ['m8']]);
    pull.receiveTimeout = 100;
    await expect(pull.receive()).rejects.toMatchObject({ code: 'EAGAIN' });
  });

  it('with immediate, round-robin uses only connected peers', async () => {
    const pull = keep(new zmq.Pull({ linger: 0 }));
    const push = keep(new zmq.Push({ linger: 0, immediate: true }));
    const handshakes = new EventLog(push, 'handshake');
    push.connect(await deadAddress(transport));
    push.connect(await bindFresh(pull, transport));
    await handshakesDone(transport, handshakes, 1);

    for (let i = 0; i < 10; i += 1) await push.send(`m${i}`);
    expect(await receiveTexts(pull, 10)).toEqual(Array.from({ length: 10 }, (_, i) => [`m${i}`]));
  });

  it('with immediate, stops sending when the peer goes away and resumes when it is back', async () => {
    const backend = keep(new zmq.Dealer({ linger: 0 }));
    const endpoint = await bindFresh(backend, transport);
    const frontend = keep(new zmq.Dealer({ linger: 0, immediate: true, sendTimeout: 0 }));
    const disconnects = new EventLog(frontend, 'disconnect');
    frontend.connect(endpoint);

    // A message from the backend shows the connection is up.
    await backend.send('ping');
    expect(await receiveText(frontend)).toEqual(['ping']);
    await frontend.send('while connected');
    expect(await receiveText(backend)).toEqual(['while connected']);

    backend.close();
    await disconnects.until(1);
    // libzmq reports the disconnect before the socket drops the pipe, so allow it to catch up.
    const refuses = () =>
      attempt(() => frontend.send('while away')).then(
        () => false,
        (error: { code?: string }) => error.code === 'EAGAIN',
      );
    await eventually(refuses, 'sends are refused with EAGAIN while the only peer is away');

    const restarted = keep(new zmq.Dealer({ linger: 0 }));
    await bindAgain(restarted, endpoint);
    await restarted.send('ping again');
    expect(await receiveText(frontend)).toEqual(['ping again']);
    await frontend.send('after the restart');
    expect(await receiveText(restarted)).toEqual(['after the restart']);
  });
});
