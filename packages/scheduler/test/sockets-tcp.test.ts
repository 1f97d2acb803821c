/**
 * The schedulers inside real sockets over tcp, with libzmq (zeromq.js) peers: weighted
 * shares, fallback when a higher-priority peer blocks, multipart atomicity, Dealer in
 * both directions, and Publisher (fan-out) unaffected.
 */
import * as zmq from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import * as libzmq from 'zeromq';
import { Gate } from './support/gate.js';
import { randomInts } from './support/drive.js';
import { cleanup, receiveText, schedulerContext, within } from './support/sockets.js';

const keep = cleanup();
const ANY = 'tcp://127.0.0.1:*';

async function boundPulls(count: number): Promise<libzmq.Pull[]> {
  const pulls: libzmq.Pull[] = [];
  for (let i = 0; i < count; i++) {
    const pull = keep(new libzmq.Pull({ linger: 0 }));
    await pull.bind(ANY);
    pulls.push(pull);
  }
  return pulls;
}

describe('weighted schedulers in a PUSH socket over tcp', () => {
  it("'weighted-count' sends 1, 2 and 4 of every 7 messages to weights 1, 2 and 4", async () => {
    const pulls = await boundPulls(3);
    const push = keep(new zmq.Push({ context: schedulerContext(), scheduler: 'weighted-count', linger: 0 }));
    for (const [i, weight] of [1, 2, 4].entries()) push.connect(pulls[i].lastEndpoint!, { weight });

    for (let i = 0; i < 70; i++) await push.send(`m${i}`);

    const counts = [10, 20, 40];
    for (const [i, pull] of pulls.entries()) {
      for (let k = 0; k < counts[i]; k++) await receiveText(pull, `message ${k} on pull ${i}`);
    }
    // Nothing more is queued for any of them: one more round lands exactly as weighted.
    for (let i = 70; i < 77; i++) await push.send(`m${i}`);
    expect(await receiveText(pulls[0], 'round 11 on weight 1')).toEqual(['m70']);
    expect(await receiveText(pulls[1], 'round 11 on weight 2')).toEqual(['m71']);
    expect(await receiveText(pulls[2], 'round 11 on weight 4')).toEqual(['m73']);
  });

  it("'weighted' keeps multipart messages whole and splits bytes by weight", async () => {
    const pulls = await boundPulls(3);
    // The default quantum follows the largest message, which gives the tightest shares.
    const push = keep(new zmq.Push({ context: schedulerContext(), scheduler: 'weighted', linger: 0 }));
    for (const [i, weight] of [1, 2, 4].entries()) push.connect(pulls[i].lastEndpoint!, { weight });

    const size = randomInts(7, 1, 2000);
    const bytesSent = [0, 0, 0];
    const total = 300;
    let largest = 0;
    for (let i = 0; i < total; i++) {
      // Three parts: the sequence number, a random-size body, and the body's length.
      const parts = [`${i}`, 'x'.repeat(size()), ''];
      parts[2] = `${parts[1].length}`;
      largest = Math.max(largest, parts.join('').length);
      await push.send(parts);
    }
    let received = 0;
    const receivers = pulls.map(async (pull, index) => {
      while (received < total) {
        const [seq, body, length] = await within(pull.receive(), `a message on pull ${index}`).catch(() => []);
        if (seq === undefined) return;
        expect(body.length).toBe(Number(length.toString()));
        bytesSent[index] += seq.length + body.length + length.length;
        received++;
        if (received === total) for (const other of pulls) other.close();
      }
    });
    await Promise.all(receivers);
    expect(received).toBe(total);
    const sum = bytesSent[0] + bytesSent[1] + bytesSent[2];
    // The quantum Q is now the largest message. Stopping mid-round, each pipe is within
    // its own turn (Q·w) plus one message of its share, and so is the total: 2·Q·(w + 1).
    for (const [i, weight] of [1, 2, 4].entries()) {
      expect(Math.abs(bytesSent[i] - (sum * weight) / 7)).toBeLessThan(2 * largest * (weight + 1));
    }
  });
});

describe('strict priority in a PUSH socket over tcp', () => {
  it('falls back while the priority 1 peer is full, and returns to it once it drains', async () => {
    const [primary, backup] = await boundPulls(2);
    const gate = keep(await Gate.listen(primary.lastEndpoint!));
    const push = keep(
      new zmq.Push({ context: schedulerContext(), scheduler: 'priority', linger: 0, sendHighWaterMark: 2 }),
    );
    push.connect(gate.endpoint, { priority: 1 });
    push.connect(backup.lastEndpoint!, { priority: 2 });

    // The gate holds the primary's handshake: two messages fill its pipe, the rest fall back.
    for (let i = 0; i < 5; i++) await push.send(`m${i}`);
    expect(await receiveText(backup, 'm2 on the backup')).toEqual(['m2']);
    expect(await receiveText(backup, 'm3 on the backup')).toEqual(['m3']);
    expect(await receiveText(backup, 'm4 on the backup')).toEqual(['m4']);

    gate.open();
    expect(await receiveText(primary, 'm0 on the primary')).toEqual(['m0']);
    expect(await receiveText(primary, 'm1 on the primary')).toEqual(['m1']);
    await push.send('m5');
    expect(await receiveText(primary, 'm5 on the primary')).toEqual(['m5']);
    push.disconnect(gate.endpoint);
    await push.send('m6');
    expect(await receiveText(backup, 'm6, the backup\'s next message')).toEqual(['m6']);
  });

  it('DEALER uses priorities to send, and fair-queues replies', async () => {
    const routers = [keep(new libzmq.Router({ linger: 0 })), keep(new libzmq.Router({ linger: 0 }))];
    for (const router of routers) await router.bind(ANY);
    const dealer = keep(new zmq.Dealer({ context: schedulerContext(), scheduler: 'priority', linger: 0 }));
    dealer.connect(routers[0].lastEndpoint!, { priority: 9 });
    dealer.connect(routers[1].lastEndpoint!, { priority: 4 });

    await dealer.send('one');
    await dealer.send('two');
    const [id1, one] = await within(routers[1].receive(), 'one on the priority 4 router');
    const [, two] = await within(routers[1].receive(), 'two on the priority 4 router');
    expect([one.toString(), two.toString()]).toEqual(['one', 'two']);
    await routers[1].send([id1, 'reply']);
    expect(await receiveText(dealer, 'the reply')).toEqual(['reply']);
  });
});

describe('fan-out is unaffected', () => {
  it('PUBLISHER sends to every subscriber whatever their priority', async () => {
    const pub = keep(new zmq.Publisher({ context: schedulerContext(), scheduler: 'priority', linger: 0 }));
    const subs = [keep(new libzmq.Subscriber({ linger: 0 })), keep(new libzmq.Subscriber({ linger: 0 }))];
    for (const [i, sub] of subs.entries()) {
      await sub.bind(ANY);
      sub.subscribe('');
      pub.connect(sub.lastEndpoint!, { priority: i === 0 ? 1 : 16 });
    }
    // Subscriptions travel asynchronously: publish until both have one, then check a marker.
    const seen = [false, false];
    const readers = subs.map(async (sub, i) => {
      for (;;) {
        const [text] = await within(sub.receive(), `a message on subscriber ${i}`);
        if (text.toString() === 'marker') return;
        seen[i] = true;
      }
    });
    while (!seen[0] || !seen[1]) {
      await pub.send('tick');
      await new Promise((resolve) => setImmediate(resolve));
    }
    await pub.send('marker');
    await Promise.all(readers);
    expect(seen).toEqual([true, true]);
  });
});
