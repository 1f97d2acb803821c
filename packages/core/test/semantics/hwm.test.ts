/**
 * High water marks (libzmq's test_hwm), over inproc, tcp and ipc.
 *
 * libzmq behaviours these tests rely on, checked with ZMTP_IMPL=zeromq:
 * - Over inproc the sender and receiver share one pipe whose limit is the sum of
 *   both high water marks: 1 + 1 accepts 2 messages, the defaults (1000 + 1000)
 *   accept 2000, and 0 on either side means no limit.
 * - Messages sent over inproc before the peer binds are limited by the sender's
 *   mark alone, and that pipe does not grow when the peer binds later.
 * - Over tcp and ipc, kernel socket buffers hold messages too, so the count is only
 *   bounded: at least both marks' worth (the receiver stops reading when its queue
 *   is full, which is what pushes back on the sender), and never unlimited. With
 *   64 KiB messages libzmq accepted 47 (tcp) and 4 (ipc) for marks of 1 and 1.
 * - zeromq.js sends with a sendTimeout of 0 fail as soon as the pipe is full, before
 *   libzmq's I/O thread had a chance to move anything into the kernel, so over tcp
 *   the count with timeout 0 is exactly the send mark. Tests over streams use a short
 *   timeout instead, so the count includes what the transport can absorb.
 */
import * as zmq from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { bindAddress, bindFresh, streamTransports } from './support/addresses.js';
import { EventLog, handshakesDone } from './support/events.js';
import { sendUntilRefused } from './support/fill.js';
import { receiveTexts, socketCleanup } from './support/sockets.js';
import { within } from './support/waits.js';

const keep = socketCleanup();
const MAX_SENDS = 10_000;

/** Receives everything queued for `pull`, stopping once nothing arrives for 100 ms. */
async function drain(pull: { receive(): Promise<unknown>; receiveTimeout: number }): Promise<number> {
  pull.receiveTimeout = 100;
  let received = 0;
  for (;;) {
    try {
      await pull.receive();
      received += 1;
    } catch (error) {
      if ((error as { code?: string }).code !== 'EAGAIN') throw error;
      return received;
    }
  }
}

describe('HWM over inproc', () => {
  async function countWithPeerBoundFirst(options: { sendHighWaterMark?: number; receiveHighWaterMark?: number }) {
    const pull = keep(
      new zmq.Pull({
        linger: 0,
        ...(options.receiveHighWaterMark === undefined ? {} : { receiveHighWaterMark: options.receiveHighWaterMark }),
      }),
    );
    const push = keep(
      new zmq.Push({
        linger: 0,
        sendTimeout: 0,
        ...(options.sendHighWaterMark === undefined ? {} : { sendHighWaterMark: options.sendHighWaterMark }),
      }),
    );
    push.connect(await bindFresh(pull, 'inproc'));
    const sent = await sendUntilRefused(() => push.send(''), MAX_SENDS);
    expect(await drain(pull)).toBe(sent);
    // With the queue empty again, one more message goes through.
    push.sendTimeout = -1;
    await within(push.send('one more'), 'a send after the queue drained');
    pull.receiveTimeout = -1;
    await within(pull.receive(), 'the message sent after draining');
    return sent;
  }

  it('queues 2000 messages with the default marks (1000 + 1000)', async () => {
    expect(await countWithPeerBoundFirst({})).toBe(2000);
  });

  it('queues sendHighWaterMark + receiveHighWaterMark messages', async () => {
    expect(await countWithPeerBoundFirst({ sendHighWaterMark: 1, receiveHighWaterMark: 1 })).toBe(2);
    expect(await countWithPeerBoundFirst({ sendHighWaterMark: 3, receiveHighWaterMark: 5 })).toBe(8);
  });

  it('treats a mark of 0 on either side as no limit', async () => {
    expect(await countWithPeerBoundFirst({ sendHighWaterMark: 0, receiveHighWaterMark: 0 })).toBe(MAX_SENDS);
    expect(await countWithPeerBoundFirst({ sendHighWaterMark: 1, receiveHighWaterMark: 0 })).toBe(MAX_SENDS);
    expect(await countWithPeerBoundFirst({ sendHighWaterMark: 0, receiveHighWaterMark: 1 })).toBe(MAX_SENDS);
  });

  it('counts both marks when the sender connected before the receiver bound', async () => {
    const address = bindAddress('inproc');
    const push = keep(new zmq.Push({ linger: 0, sendHighWaterMark: 1, sendTimeout: 0 }));
    push.connect(address);
    const pull = keep(new zmq.Pull({ linger: 0, receiveHighWaterMark: 1 }));
    await pull.bind(address);

    const sent = await sendUntilRefused(() => push.send(''), MAX_SENDS);
    expect(sent).toBe(2);
    expect(await drain(pull)).toBe(2);
  });

  it('queues sendHighWaterMark messages before the receiver binds, and delivers them', async () => {
    const address = bindAddress('inproc');
    const push = keep(new zmq.Push({ linger: 0, sendHighWaterMark: 3, sendTimeout: 0 }));
    push.connect(address);
    const sent = await sendUntilRefused((i) => push.send(`early ${i}`), MAX_SENDS);
    expect(sent).toBe(3);

    const pull = keep(new zmq.Pull({ linger: 0 }));
    await pull.bind(address);
    expect(await receiveTexts(pull, 3)).toEqual([['early 0'], ['early 1'], ['early 2']]);
  });
});

describe.each(streamTransports)('HWM over %s', (transport) => {
  // Kernel buffers on this machine held about 3-5 MB over tcp; 64 MiB is far above.
  const KERNEL_ALLOWANCE = 64 * 1024 * 1024;
  const cases = [
    { sendHighWaterMark: 1, receiveHighWaterMark: 1, size: 64 * 1024 },
    { sendHighWaterMark: 10, receiveHighWaterMark: 10, size: 16 * 1024 },
    { sendHighWaterMark: 100, receiveHighWaterMark: 50, size: 4 * 1024 },
  ];

  it.each(cases)(
    'blocks after a bounded number of sends (marks $sendHighWaterMark + $receiveHighWaterMark, $size-byte messages)',
    async ({ sendHighWaterMark, receiveHighWaterMark, size }) => {
      const pull = keep(new zmq.Pull({ linger: 0, receiveHighWaterMark }));
      const endpoint = await bindFresh(pull, transport);
      const push = keep(new zmq.Push({ linger: 0, sendHighWaterMark, sendTimeout: 250 }));
      const handshakes = new EventLog(push, 'handshake');
      push.connect(endpoint);
      await handshakesDone(transport, handshakes, 1);

      const limit = sendHighWaterMark + receiveHighWaterMark + Math.ceil(KERNEL_ALLOWANCE / size);
      const payload = new Uint8Array(size);
      const sent = await sendUntilRefused(() => push.send(payload), limit);
      expect(sent).toBeGreaterThanOrEqual(sendHighWaterMark + receiveHighWaterMark);
      expect(sent, 'sends never blocked although nobody reads').toBeLessThan(limit);

      // Nothing was lost on the way.
      for (let i = 0; i < sent; i += 1) await within(pull.receive(), `message ${i + 1} of ${sent}`);
      pull.receiveTimeout = 100;
      await expect(pull.receive()).rejects.toMatchObject({ code: 'EAGAIN' });
    },
  );

  it('accepts any number of messages with both marks at 0', async () => {
    const pull = keep(new zmq.Pull({ linger: 0, receiveHighWaterMark: 0 }));
    const push = keep(new zmq.Push({ linger: 0, sendHighWaterMark: 0, sendTimeout: 0 }));
    const handshakes = new EventLog(push, 'handshake');
    push.connect(await bindFresh(pull, transport));
    await handshakesDone(transport, handshakes, 1);

    const count = 10_000;
    expect(await sendUntilRefused(() => push.send(''), count)).toBe(count);
    for (let i = 0; i < count; i += 1) await within(pull.receive(), `message ${i + 1} of ${count}`);
  });
});
