/**
 * A noDrop publisher whose send waits on a full subscriber must resume once that
 * subscriber reads: the full pipe has to report itself writable again. (Found by the
 * PUB/SUB fan-out benchmark, where the publisher stalled for good.)
 *
 * zeromq.js rejects such a send with EAGAIN instead of waiting (libzmq's XPUB always
 * looks writable to the binding's poller), so under ZMTP_IMPL=zeromq the sender retries
 * that rejection; our implementation must simply wait.
 */
import * as zmq from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { allTransports, bindFresh } from './support/addresses.js';
import { againstNativeZeromq } from './support/native-quirks.js';
import { socketCleanup } from './support/sockets.js';
import { within } from './support/waits.js';

const keep = socketCleanup();

describe.each(allTransports)('noDrop PUB over %s', (transport) => {
  it('resumes a send that waited on a full subscriber once the subscriber reads', async () => {
    const size = transport === 'inproc' ? 4 : 64 * 1024;
    const count = transport === 'inproc' ? 2_000 : 200; // far beyond the marks and socket buffers
    const xpub = keep(new zmq.XPublisher({ linger: 0, noDrop: true, sendHighWaterMark: 1 }));
    const sub = keep(new zmq.Subscriber({ linger: 0, receiveHighWaterMark: 1 }));
    sub.subscribe('');
    sub.connect(await bindFresh(xpub, transport));
    const [subscription] = await within(xpub.receive(), 'the subscription at the XPUB');
    expect(subscription[0]).toBe(1);

    const sending = (async () => {
      for (let i = 0; i < count; i += 1) {
        const message = new Uint8Array(size);
        new DataView(message.buffer).setUint32(0, i);
        for (;;) {
          try {
            await xpub.send(message);
            break;
          } catch (error) {
            if (!(againstNativeZeromq && (error as { code?: string }).code === 'EAGAIN')) throw error;
            await new Promise(setImmediate);
          }
        }
      }
    })();
    for (let i = 0; i < count; i += 1) {
      const [message] = await within(sub.receive(), `message ${i} of ${count}`);
      expect(new DataView(message.buffer, message.byteOffset, 4).getUint32(0)).toBe(i);
    }
    await within(sending, 'the last send');
  });
});
