/**
 * nanomsg's tests/prio.c, over tcp, with libzmq (zeromq.js) as the peers:
 * 1. send priority: PUSH connects to A with priority 1 and to B with priority 2;
 *    "ABC" and "DEF" both go to A;
 * 2. receive priority: PULL connects to A with priority 2 and to B with priority 1;
 *    with a message waiting from each, B's is received first;
 * 3. once the only peer has gone away, a non-blocking send fails with EAGAIN, and
 *    sending works again when a peer comes back.
 */
import * as zmq from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import * as libzmq from 'zeromq';
import { cleanup, nextEvent, receiveText, recordingContext, schedulerContext, until } from './support/sockets.js';

const keep = cleanup();
const ANY = 'tcp://127.0.0.1:*';

async function boundPull(): Promise<{ pull: libzmq.Pull; address: string }> {
  const pull = keep(new libzmq.Pull({ linger: 0 }));
  await pull.bind(ANY);
  return { pull, address: pull.lastEndpoint! };
}

describe.each(['priority', 'priority-weighted', 'priority-weighted-count'] as const)(
  "nanomsg's priority tests over tcp (scheduler '%s')",
  (name) => {
    it('send priority: every message goes to the priority 1 peer', async () => {
      const [a, b] = [await boundPull(), await boundPull()];
      const push = keep(new zmq.Push({ context: schedulerContext(), scheduler: name, linger: 0 }));
      push.connect(a.address, { priority: 1 });
      push.connect(b.address, { priority: 2 });

      await push.send('ABC');
      await push.send('DEF');
      expect(await receiveText(a.pull, 'ABC on A')).toEqual(['ABC']);
      expect(await receiveText(a.pull, 'DEF on A')).toEqual(['DEF']);

      // B received nothing: once A is gone, B's first message is the next one sent.
      push.disconnect(a.address);
      await push.send('GHI');
      expect(await receiveText(b.pull, 'GHI on B')).toEqual(['GHI']);
    });

    it('receive priority: the priority 1 peer is read first', async () => {
      const [pushA, pushB] = [keep(new libzmq.Push({ linger: 0 })), keep(new libzmq.Push({ linger: 0 }))];
      await pushA.bind(ANY);
      await pushB.bind(ANY);
      const { context, made } = recordingContext(name);
      const pull = keep(new zmq.Pull({ context, scheduler: name, linger: 0 }));
      pull.connect(pushA.lastEndpoint!, { priority: 2 });
      pull.connect(pushB.lastEndpoint!, { priority: 1 });

      await pushA.send('ABC');
      await pushB.send('DEF');
      // Both messages are waiting once the fair queue has both pipes active.
      const [fairQueue] = made;
      await until(() => fairQueue.activeCount === 2, 'a message from each peer');

      expect(await receiveText(pull, 'the first message')).toEqual(['DEF']);
      expect(await receiveText(pull, 'the second message')).toEqual(['ABC']);
    });

    it('EAGAIN once the peer has gone away, and sending again when it is back', async () => {
      const push = keep(new zmq.Push({ context: schedulerContext(), scheduler: name, linger: 0 }));
      await push.bind(ANY, { priority: 3 });
      const address = push.lastEndpoint!;

      const first = keep(new libzmq.Pull({ linger: 0 }));
      first.connect(address);
      await push.send('ABC');
      expect(await receiveText(first, 'ABC')).toEqual(['ABC']);
      const gone = nextEvent(push, 'disconnect');
      first.close();
      await gone;

      push.sendTimeout = 0;
      await expect(push.send('ABC')).rejects.toMatchObject({ code: 'EAGAIN' });

      const second = keep(new libzmq.Pull({ linger: 0 }));
      second.connect(address);
      push.sendTimeout = -1;
      await push.send('ABC');
      expect(await receiveText(second, 'ABC after the peer came back')).toEqual(['ABC']);
    });
  },
);
